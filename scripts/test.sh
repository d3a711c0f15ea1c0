#!/usr/bin/env bash
# The whole test suite: unit and integration tests (Vitest, against real PostgreSQL, Redis and SMTP on
# loopback, in databases and Redis prefixes of their own), then browser journeys (Playwright on Debian's
# chromium) when present. Never touches the demo database. Ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/puente}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
# Tests run with their own settings, whatever the developer's .env says.
export NODE_ENV=test LOG_LEVEL=silent DEV_MAILBOX=false APP_URL=http://localhost:3000
# Processes started by tests must not compete for the developer's metrics ports (tests pick free ones).
unset METRICS_PORT WORKER_METRICS_PORT METRICS_HOST METRICS_TOKEN
unset MEILI_URL_FOR_DEV 2>/dev/null || true

. scripts/lib/services.sh
ensure_node_modules
ensure_postgres
ensure_postgres_rum
ensure_redis
ensure_mat2
ensure_prisma_client
export TEST_DATABASE_ADMIN_URL=${TEST_DATABASE_ADMIN_URL:-$(node -e 'const u=new URL(process.argv[1]); u.pathname="/postgres"; console.log(u.toString())' "$DATABASE_URL")}

mkdir -p test-results
# Each phase says how long it took (CI time is watched: .ci/run).
took() { echo "• $1 took $(( $(date +%s) - $2 )) s"; }
echo "• building the app for route and browser tests"
phase=$(date +%s)
# A production build even here (NODE_ENV=test would ship React's development code to the browser tests).
npm run -s build >/dev/null
took "the build" "$phase"

status=0
phase=$(date +%s)
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
took "Vitest" "$phase"

if [ -d tests/browser ] && [ $# -eq 0 ]; then
  if [ ! -x /usr/bin/chromium ]; then
    if can_apt; then echo "• installing chromium (apt)"; apt_install chromium; else echo "chromium is missing: apt-get install chromium" >&2; status=1; fi
  fi
  phase=$(date +%s)
  [ -x /usr/bin/chromium ] && { npx playwright test || status=$?; }
  took "the browser journeys" "$phase"
fi

node scripts/lib/test-summary.mjs test-results/vitest.json test-results/playwright.json
exit $status

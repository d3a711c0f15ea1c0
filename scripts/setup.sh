#!/usr/bin/env bash
# Prepares everything Puente needs, idempotently: npm dependencies, a .env with a private session secret,
# PostgreSQL and Redis (installed and started locally when possible), the database and its migrations,
# the Prisma client, and (unless --no-seed) the demo data. Quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=1; [ "${1:-}" = "--no-seed" ] && seed=0

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node 20.19+ is required, found "+process.versions.node); process.exit(1) }'

if [ ! -f .env ]; then
  secret=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')
  sed "s|^SESSION_SECRET=.*|SESSION_SECRET=$secret|" .env.example > .env
  echo "• wrote .env (with a new random SESSION_SECRET)"
fi
set -a; . ./.env; set +a
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/puente}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}

. scripts/lib/services.sh
ensure_node_modules
# A master key for encryption at rest (ADR 0008), written once: replacing it would make what was
# encrypted with it unreadable.
if ! grep -qE '^ENCRYPTION_KEYS=.+' .env; then
  key=$(npx tsx scripts/keys.ts generate)
  { grep -v '^ENCRYPTION_KEYS=' .env; echo "ENCRYPTION_KEYS=$key"; } > .env.tmp && cat .env.tmp > .env && rm -f .env.tmp
  export ENCRYPTION_KEYS=$key
  echo "• wrote a new ENCRYPTION_KEYS master key into .env"
fi
ensure_postgres
ensure_postgres_rum
ensure_redis
ensure_mat2
ensure_prisma_client
ensure_database
if ! out=$(npx prisma migrate deploy 2>&1); then echo "$out" >&2; exit 1; fi
echo "$out" | grep -E "applied|No pending" || true
if [ "$seed" = 1 ]; then
  npx tsx prisma/seed.ts
  # Demo data is written directly, not through the app's services: index it for search in one go.
  npx tsx scripts/search-reindex.ts
fi
# Confidential text written before encryption at rest (or by the demo seed, which writes rows directly)
# is encrypted in place: resumable and idempotent, quick when there is nothing left to do.
npx tsx scripts/encrypt-existing.ts

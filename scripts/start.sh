#!/usr/bin/env bash
# Quick start: prepare everything (scripts/setup.sh), build, and serve Puente on http://localhost:3000
# with its worker and the local mail catcher. Ctrl-C stops all of them. The production build has no
# mailbox page: `npm run mail` reads what the catcher caught (issue 15).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "• building"
npm run -s build >/dev/null
exec node scripts/run-all.mjs

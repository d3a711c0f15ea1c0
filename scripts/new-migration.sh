#!/usr/bin/env bash
# Creates prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes a database from the
# committed migrations to the current prisma/schema.prisma (Prisma replays the migrations in a shadow
# database it creates and drops). Usage: scripts/new-migration.sh add_things
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh <snake_case_name>}
# Only used to create the shadow database.
export DATABASE_URL=${MIGRATION_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
sql=$(npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null)
if grep -q "This is an empty migration" <<<"$sql"; then
  echo "schema.prisma matches the migrations: nothing to write"
  exit 0
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote $dir/migration.sql ($(wc -l < "$dir/migration.sql") lines): review it, and append hand-written SQL if needed"

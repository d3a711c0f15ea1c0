#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into an EMPTY database, then applies any migrations newer
# than the backup.
#
#   bash scripts/restore.sh FILE.dump.gpg                              # gpg finds your private key
#   bash scripts/restore.sh FILE.dump.enc --passphrase-file /secure/backup.pass
#
# DATABASE_URL names the target (from the environment, else .env); create it empty first
# (createdb, or your provider's console). A database that already has tables is refused, so a restore can
# never overwrite live data by mistake. The checksum beside the file is verified when present. The
# restore runs in one transaction: it lands whole or not at all. The audit trail's append-only trigger is
# restored with its table. Then set ENCRYPTION_KEYS (and the other secrets) on the processes before
# starting them: see the notes scripts/backup.sh prints.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

file="" passfile=""
while [ $# -gt 0 ]; do
  case "$1" in
    --passphrase-file) passfile=${2:-}; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [ -z "$file" ] || usage; file=$1; shift ;;
  esac
done
[ -n "$file" ] || usage
[ -f "$file" ] || { echo "restore: $file does not exist" >&2; exit 2; }

if [ -z "${DATABASE_URL:-}" ] && [ -f .env ]; then set -a; . ./.env; set +a; fi
: "${DATABASE_URL:?restore: DATABASE_URL is not set (environment or .env)}"
for tool in pg_restore psql; do
  command -v "$tool" >/dev/null || { echo "restore: $tool is missing (apt-get install postgresql-client)" >&2; exit 1; }
done

if [ -f "$file.sha256" ]; then
  (cd "$(dirname "$file")" && sha256sum --check --status "$(basename "$file").sha256") ||
    { echo "restore: $file does not match its checksum ($file.sha256): damaged or altered" >&2; exit 1; }
fi

# openssl enc files start with "Salted__"; anything else is taken to be gpg.
if [ "$(head -c 8 "$file")" = "Salted__" ]; then
  [ -n "$passfile" ] && [ -s "$passfile" ] || { echo "restore: $file is openssl-encrypted: give --passphrase-file" >&2; exit 2; }
  decrypt() { openssl enc -d -aes-256-cbc -pbkdf2 -iter 200000 -pass "file:$passfile" -in "$file"; }
else
  command -v gpg >/dev/null || { echo "restore: gpg is missing (apt-get install gnupg)" >&2; exit 1; }
  decrypt() { gpg --batch --quiet --decrypt "$file"; }
fi

tables=$(psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -c \
  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
if [ "$tables" != "0" ]; then
  echo "restore: the target database already has $tables tables; restore only into an empty database." >&2
  exit 1
fi

# Decrypted straight into pg_restore: the plaintext never touches the disk. One transaction: a failure
# part-way leaves the database as empty as it was.
decrypt | pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL"

echo "restore: database restored; applying newer migrations if any"
npx --no-install prisma migrate deploy 2>&1 | grep -E "applied|No pending|rror" || true

psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -F ' ' -c "
  SELECT 'restore: ' || (SELECT count(*) FROM \"Organisation\") || ' organisations, ' ||
         (SELECT count(*) FROM \"Need\") || ' needs, ' || (SELECT count(*) FROM \"Offer\") || ' offers, ' ||
         (SELECT count(*) FROM \"AuditEvent\") || ' audit events'"
echo "restore: done. Set ENCRYPTION_KEYS and the other secrets on web and worker before starting them;"
echo "         a backup older than encryption at rest needs `npm run data:encrypt` once (idempotent)."

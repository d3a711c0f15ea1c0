#!/usr/bin/env bash
# An encrypted backup of everything Puente keeps: the whole PostgreSQL database (organisations, needs,
# audit trail, sessions, emails, search documents, and the document store: sealed chunks with their wrapped
# data keys). Redis holds nothing that is not rebuilt (README).
#
#   bash scripts/backup.sh --recipient ops@example.org [--output FILE]        # gpg, public-key encryption
#   bash scripts/backup.sh --passphrase-file /secure/backup.pass [--output FILE] # openssl AES-256, PBKDF2
#
# DATABASE_URL names the database (from the environment, else .env). The dump is piped straight into the
# encryption: nothing unencrypted touches the disk. The file is written under a temporary name and moved
# into place when complete, with a .sha256 beside it. A backup without encryption is refused.
# Restore with scripts/restore.sh. Key material is NOT in the backup: see the notes printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

recipient="" passfile="" output=""
while [ $# -gt 0 ]; do
  case "$1" in
    --recipient) recipient=${2:-}; shift 2 ;;
    --passphrase-file) passfile=${2:-}; shift 2 ;;
    --output) output=${2:-}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done

if [ -z "$recipient" ] && [ -z "$passfile" ]; then
  echo "backup: refusing to write an unencrypted backup: give --recipient (gpg) or --passphrase-file (openssl)." >&2
  exit 2
fi
if [ -n "$recipient" ] && [ -n "$passfile" ]; then
  echo "backup: give --recipient or --passphrase-file, not both." >&2
  exit 2
fi
if [ -n "$passfile" ] && [ ! -s "$passfile" ]; then
  echo "backup: passphrase file $passfile is missing or empty." >&2
  exit 2
fi

if [ -z "${DATABASE_URL:-}" ] && [ -f .env ]; then set -a; . ./.env; set +a; fi
: "${DATABASE_URL:?backup: DATABASE_URL is not set (environment or .env)}"
command -v pg_dump >/dev/null || { echo "backup: pg_dump is missing (apt-get install postgresql-client)" >&2; exit 1; }

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
if [ -n "$recipient" ]; then
  command -v gpg >/dev/null || { echo "backup: gpg is missing (apt-get install gnupg)" >&2; exit 1; }
  output=${output:-puente-$stamp.dump.gpg}
  encrypt() { gpg --batch --yes --quiet --trust-model always --encrypt --recipient "$recipient" --output -; }
else
  command -v openssl >/dev/null || { echo "backup: openssl is missing" >&2; exit 1; }
  output=${output:-puente-$stamp.dump.enc}
  encrypt() { openssl enc -aes-256-cbc -salt -pbkdf2 -iter 200000 -pass "file:$passfile"; }
fi

mkdir -p "$(dirname "$output")"
tmp="$output.partial.$$"
trap 'rm -f "$tmp"' EXIT
umask 077
# --no-owner/--no-privileges: restorable under any role. Custom format: compressed, restorable selectively.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" | encrypt > "$tmp"
mv "$tmp" "$output"
trap - EXIT
(cd "$(dirname "$output")" && sha256sum "$(basename "$output")" > "$(basename "$output").sha256")

size=$(du -h "$output" | cut -f1)
echo "backup: wrote $output ($size, encrypted with $([ -n "$recipient" ] && echo "gpg for $recipient" || echo "openssl AES-256 and the passphrase in $passfile"))"
cat <<'EOF'
backup: what this file holds, and what it does not
  - It holds the whole PostgreSQL database, which is everything Puente keeps: copy it to a second
    location (another provider or an offline disk). Redis needs no backup.
  - It does NOT hold the key material. Keep these apart from the backups (a password manager or a sealed
    offline copy), each with two people who can reach it:
      * the gpg private key (or the passphrase file) that decrypts this backup;
      * ENCRYPTION_KEYS, the master keys of documents and encrypted fields: without them those parts of a
        restored database cannot be read; keep every key still named by stored data, not only the newest
        (npm run keys:rotate says which keys are still in use);
      * SESSION_SECRET (only unsubscribe links depend on it; a new one just invalidates old links).
  - Test a restore regularly: bash scripts/restore.sh FILE into an empty database.
EOF

# Shared by setup.sh and test.sh: make sure PostgreSQL and Redis answer where DATABASE_URL and
# REDIS_URL point. For local URLs on a machine where we are root with apt, install and start them;
# otherwise say exactly what is missing.

url_host() { node -e 'const u=new URL(process.argv[1]); console.log(u.hostname || "127.0.0.1")' "$1"; }
url_port() { node -e 'const u=new URL(process.argv[1]); console.log(u.port || process.argv[2])' "$1" "$2"; }
is_local() { case "$1" in 127.0.0.1|localhost|::1|"[::1]") return 0 ;; *) return 1 ;; esac; }
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

APT_UPDATED=0
# Waits up to 5 minutes for another apt or dpkg (an install running beside setup) instead of failing at once:
# a failed optional install (rum) would silently leave search on its slower index.
APT_LOCK_WAIT=(-o DPkg::Lock::Timeout=300)
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get "${APT_LOCK_WAIT[@]}" update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get "${APT_LOCK_WAIT[@]}" install -y -qq "$@" >/dev/null
}

wait_port() { for _ in $(seq 1 60); do port_open "$1" "$2" && return 0; sleep 0.5; done; return 1; }

ensure_postgres() {
  local host port; host=$(url_host "$DATABASE_URL"); port=$(url_port "$DATABASE_URL" 5432)
  port_open "$host" "$port" && return 0
  if ! is_local "$host"; then
    echo "PostgreSQL is not reachable at $host:$port (DATABASE_URL). Start it, or point DATABASE_URL at a running server." >&2; return 1
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if can_apt; then echo "• installing PostgreSQL (apt)"; apt_install postgresql; else
      echo "PostgreSQL is not installed and this user cannot install it (needs root and apt)." >&2
      echo "Install PostgreSQL 15+, or set DATABASE_URL=postgresql://USER:PASS@HOST:5432/puente to a server you have." >&2; return 1
    fi
  fi
  local version; version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -z "$version" ]; then echo "PostgreSQL is installed but has no cluster (/etc/postgresql is empty)." >&2; return 1; fi
  # Local connections as the postgres user without a password, as DATABASE_URL's default expects.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if [ -w "$hba" ] && ! grep -q "puente-local-trust" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # puente-local-trust\nhost all all ::1/128 trust # puente-local-trust' "$hba"
  fi
  # A cluster this script starts gets a quarter of the memory (at most 1 GB) for its buffer cache instead of
  # Debian's 128 MB: search reads its index table on every query (bench:search, README "Tuning PostgreSQL").
  local confd="/etc/postgresql/$version/main/conf.d"
  if [ -d "$confd" ] && [ -w "$confd" ] && [ ! -f "$confd/puente.conf" ]; then
    local mb; mb=$(awk '/MemTotal/ { m = int($2 / 4096); print (m > 1024 ? 1024 : m) }' /proc/meminfo)
    [ -n "$mb" ] && [ "$mb" -gt 128 ] && echo "shared_buffers = ${mb}MB # puente setup" > "$confd/puente.conf"
  fi
  echo "• starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start || true
  wait_port "$host" "$port" || { echo "PostgreSQL did not start on $host:$port" >&2; return 1; }
}

# The optional `rum` extension (ADR 0007): text search reads its matches newest first from a RUM index.
# Installed for a local server when apt can; without it, search uses its GIN index and works the same.
ensure_postgres_rum() {
  local host version; host=$(url_host "$DATABASE_URL")
  is_local "$host" || return 0
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$version" ] || return 0
  [ -f "/usr/share/postgresql/$version/extension/rum.control" ] && return 0
  if can_apt; then
    echo "• installing the rum extension for PostgreSQL $version (apt)"
    apt_install "postgresql-$version-rum" || echo "  (not available: search uses its GIN index)"
  fi
  return 0
}

# mat2 removes metadata from uploaded documents (ADR 0009); exiftool comes with it (tests use it to check
# what remains; it reads Word and OpenDocument files only with Archive::Zip, a package apt skips as a mere
# recommendation) and bubblewrap sandboxes the parsers it runs. Without mat2 the app still runs: an upload
# whose metadata cannot be removed is held until its uploader keeps it as evidence or cancels.
ensure_mat2() {
  command -v mat2 >/dev/null 2>&1 && command -v exiftool >/dev/null 2>&1 && perl -MArchive::Zip -e 1 2>/dev/null && return 0
  if can_apt; then
    echo "• installing mat2 (apt)"
    apt_install --no-install-recommends mat2 libimage-exiftool-perl libarchive-zip-perl bubblewrap || echo "  (mat2 could not be installed)" >&2
  else
    echo "mat2 is not installed and this user cannot install it (needs root and apt): apt-get install mat2" >&2
  fi
  return 0
}

ensure_redis() {
  local host port; host=$(url_host "$REDIS_URL"); port=$(url_port "$REDIS_URL" 6379)
  port_open "$host" "$port" && return 0
  if ! is_local "$host"; then
    echo "Redis is not reachable at $host:$port (REDIS_URL). Start it, or point REDIS_URL at a running server." >&2; return 1
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    if can_apt; then echo "• installing Redis (apt)"; apt_install redis-server; else
      echo "Redis is not installed and this user cannot install it (needs root and apt)." >&2
      echo "Install Redis 6.2+, or set REDIS_URL=redis://HOST:6379/0 to a server you have." >&2; return 1
    fi
  fi
  echo "• starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/puente.log >/dev/null
  wait_port "$host" "$port" || { echo "Redis did not start on $host:$port" >&2; return 1; }
}

# Dependencies exactly as package-lock.json lists them (`npm ci`), only when the lockfile or package.json
# changed since the last install (fast when nothing changed). A lockfile out of step with package.json
# (someone edited package.json by hand) cannot be installed exactly: say so and let `npm install` bring
# it up to date, so that the change can be committed.
lock_hash() { sha256sum package-lock.json package.json | sha256sum | cut -c1-16; }
lock_in_sync() {
  node -e '
    const fs = require("fs");
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
    const root = (JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages || {})[""] || {};
    const same = (a = {}, b = {}) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
    const fields = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];
    process.exit(fields.every((f) => same(pkg[f], root[f])) ? 0 : 1);
  ' 2>/dev/null
}
ensure_node_modules() {
  local stamp=node_modules/.puente-lock-hash
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(lock_hash)" ]; then return 0; fi
  if [ -f package-lock.json ] && lock_in_sync; then
    echo "• installing npm dependencies (npm ci)"
    if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null; then
      echo "  npm ci failed (see above); trying npm install instead" >&2
      npm install --no-audit --no-fund --loglevel=error >/dev/null
    fi
  elif [ "${CI:-}" = "true" ]; then
    echo "package-lock.json does not match package.json: run npm install and commit the lockfile it writes" >&2
    return 1
  else
    echo "• package-lock.json does not match package.json: running npm install, which updates the lockfile (commit it)"
    npm install --no-audit --no-fund --loglevel=error >/dev/null
  fi
  # Hash after installing: npm install may rewrite the lockfile.
  lock_hash > "$stamp"
}

ensure_prisma_client() {
  local stamp=app/generated/prisma/.schema-hash want
  want=$(sha256sum prisma/schema.prisma | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "• generating the Prisma client"
  # Quiet when it works: Prisma 6.19 warns that the preview features our schema must name (ADR 0002)
  # are deprecated, and says where it found its config. On failure, everything it said.
  local out
  out=$(npx prisma generate 2>&1) || { echo "$out" >&2; return 1; }
  echo "$want" > "$stamp"
}

ensure_database() {
  local name admin
  name=$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).pathname.slice(1)))' "$DATABASE_URL")
  admin=$(node -e 'const u=new URL(process.argv[1]); u.pathname="/postgres"; console.log(u.toString())' "$DATABASE_URL")
  node -e '
    const pg = require("pg");
    const [admin, name] = process.argv.slice(1);
    const c = new pg.Client({ connectionString: admin });
    c.connect().then(async () => {
      const r = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!r.rowCount) { await c.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`); console.log("• created database " + name); }
      await c.end();
    }).catch((e) => { console.error("Cannot create database " + name + ": " + e.message); process.exit(1); });
  ' "$admin" "$name"
}

# PostgreSQL for CI, sourced by .ci/run (and usable alone: `. .ci/postgres.sh; ci_pg_admin_url`).
#
# The tests need an "admin" URL: a role that may create databases (each test file creates and
# drops its own) and a database to connect to for that. A developer's machine often has one
# ready (postgres@127.0.0.1 with trust auth); a freshly installed Debian PostgreSQL does not:
# TCP logins need a password (scram-sha-256 or md5) and there is no database but postgres.
# Then a CI role with CREATEDB and a fresh random password is made over the local socket as
# the postgres system user (peer auth), with a database of its own. Nothing is ever dropped.

CI_PG_ROLE=${CI_PG_ROLE:-shortscience_ci}
CI_PG_HOST=${CI_PG_HOST:-127.0.0.1}
CI_PG_PORT=${CI_PG_PORT:-5432}

# True when the URL logs in without prompting and its role may create databases.
ci_pg_url_works() {
  local ok
  ok=$(PGCONNECT_TIMEOUT=5 psql -w -X -q -At -d "$1" \
    -c "select rolcreatedb or rolsuper from pg_roles where rolname = current_user" 2>/dev/null) || return 1
  [ "$ok" = t ]
}

# Runs a command as the postgres system user (peer auth on the local socket).
ci_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    sudo -u postgres -- "$@"
  fi
}

# Creates (or updates) the CI role with a new password and its database, idempotently.
# Prints the admin URL for it.
ci_pg_make_role() {
  local password
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  # Role and database names are ours (no quoting issues); the password is hex.
  ci_as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$CI_PG_PORT" -d postgres >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$CI_PG_ROLE') THEN
    CREATE ROLE $CI_PG_ROLE LOGIN CREATEDB;
  END IF;
END
\$\$;
ALTER ROLE $CI_PG_ROLE WITH LOGIN CREATEDB PASSWORD '$password';
SELECT 'CREATE DATABASE $CI_PG_ROLE OWNER $CI_PG_ROLE'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$CI_PG_ROLE') \gexec
SQL
  printf 'postgres://%s:%s@%s:%s/%s' "$CI_PG_ROLE" "$password" "$CI_PG_HOST" "$CI_PG_PORT" "$CI_PG_ROLE"
}

# Sets PG_ADMIN_URL to a URL that works: the given one, else a CI role made for this run.
ci_pg_admin_url() {
  if [ -n "${PG_ADMIN_URL:-}" ] && ci_pg_url_works "$PG_ADMIN_URL"; then
    # Never print a password: only the URL's user and host.
    echo "PostgreSQL: using $(printf '%s' "$PG_ADMIN_URL" | sed -E 's#//([^:@/]*):[^@]*@#//\1:***@#')"
    return 0
  fi
  echo "PostgreSQL: ${PG_ADMIN_URL:-no admin URL} does not log in with CREATEDB; making role $CI_PG_ROLE"
  local made
  made=$(ci_pg_make_role) || { echo "could not create the CI role as the postgres user" >&2; return 1; }
  if ! ci_pg_url_works "$made"; then
    echo "the CI role $CI_PG_ROLE cannot log in over TCP on $CI_PG_HOST:$CI_PG_PORT" >&2
    return 1
  fi
  PG_ADMIN_URL=$made
  export PG_ADMIN_URL
}

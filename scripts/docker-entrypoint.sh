#!/bin/sh
# The container image's entry point (Dockerfile): one image, one command per role.
#   web          the web server, from the standalone build (HOST, PORT; /api/health)
#   worker       the deploy worker (run as many as you need)
#   migrate      applies migrations, creates the queue's tables and grants the runtime role its privileges:
#                the one-shot job of every install and upgrade (MIGRATION_DATABASE_URL = the owner role)
#   seed         seeds the demo project and users (prints their passwords once)
#   user-create  creates a user: user-create --email you@example.com --name "You" --role ADMIN
#   anything else runs as given (sh, node …).
# PREFLIGHT_APP_DIR (default: the folder above this script) and PREFLIGHT_WEB_DIR (default: $PREFLIGHT_APP_DIR/web)
# say where the sources and the standalone web build are; the tests run this script from a checkout with them.
set -eu

app="${PREFLIGHT_APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
web="${PREFLIGHT_WEB_DIR:-$app/web}"
role="${1:-web}"
[ "$#" -gt 0 ] && shift

# Stops before starting anything when a variable the role cannot run without is missing.
need() {
  for name in "$@"; do
    eval "value=\${$name:-}"
    if [ -z "$value" ]; then
      echo "preflight $role: $name is not set (see the configuration table in README.md)" >&2
      exit 2
    fi
  done
}

case "$role" in
  web)
    need DATABASE_URL NEXTAUTH_SECRET NEXTAUTH_URL
    cd "$web"
    exec node scripts/web-server.mjs "$@"
    ;;
  worker)
    need DATABASE_URL
    cd "$app"
    # The same flags as lib/worker/node-flags.ts (a test keeps them equal).
    exec node --max-semi-space-size=4 --import tsx lib/worker/main.ts "$@"
    ;;
  migrate)
    need DATABASE_URL
    cd "$app"
    exec node --import tsx scripts/db-migrate.ts "$@"
    ;;
  seed)
    need DATABASE_URL
    cd "$app"
    exec node --import tsx scripts/db-seed.ts "$@"
    ;;
  user-create)
    need DATABASE_URL
    cd "$app"
    exec node --import tsx scripts/user-create.ts "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac

#!/bin/sh
# Run once by the postgres image when it creates its data folder (compose.yaml mounts it into
# /docker-entrypoint-initdb.d): creates the runtime role the web server and the worker connect as.
# POSTGRES_USER owns the database and runs the migrations (docs/OPERATIONS.md, "Database roles").
# PREFLIGHT_APP_DB_USER (default preflight_app) and PREFLIGHT_APP_DB_PASSWORD name the runtime role.
set -eu
: "${PREFLIGHT_APP_DB_PASSWORD:?PREFLIGHT_APP_DB_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="${PREFLIGHT_APP_DB_USER:-preflight_app}" -v app_password="$PREFLIGHT_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL

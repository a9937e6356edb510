#!/bin/sh
# Creates Temporal's two databases and brings their schemas up to the version of this admin-tools image.
# Safe to run at every `docker-compose up`: "create" and the 0.0 baseline are skipped when already there, and
# update-schema only applies what is missing.
set -eu

tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" "$@"
}

until nc -z "$POSTGRES_SEEDS" "${DB_PORT:-5432}"; do
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:${DB_PORT:-5432}"
  sleep 1
done

for pair in "temporal:temporal" "temporal_visibility:visibility"; do
  database="${pair%%:*}"
  schema="${pair##*:}"
  tool --db "$database" create 2>/dev/null || echo "database $database exists"
  tool --db "$database" setup-schema -v 0.0 2>/dev/null || echo "database $database already has a schema baseline"
  tool --db "$database" update-schema -d "/etc/temporal/schema/postgresql/v12/$schema/versioned"
done
echo "Temporal schemas are up to date"

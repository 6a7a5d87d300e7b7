#!/bin/bash
# First start: create the database with both Gendan modules and demo data.
# Later starts: just serve it. Database settings come from the official
# image's environment variables (HOST, PORT, USER, PASSWORD).
set -euo pipefail
DB_NAME=${GENDAN_DB:-gendan}
DB_ARGS=(--db_host "${HOST:-db}" --db_port "${PORT:-5432}" --db_user "${USER:-odoo}" --db_password "${PASSWORD:-odoo}")
export PGHOST=${HOST:-db} PGPORT=${PORT:-5432} PGUSER=${USER:-odoo} PGPASSWORD=${PASSWORD:-odoo}

wait-for-psql.py "${DB_ARGS[@]}" --timeout=60

if ! psql -d "$DB_NAME" -tAc "select 1 from ir_module_module where name = 'gendan_appraisal' and state = 'installed'" 2>/dev/null | grep -q 1; then
    echo "gendan: creating database $DB_NAME with gendan_tracking, gendan_appraisal and demo data"
    odoo "${DB_ARGS[@]}" -d "$DB_NAME" -i gendan_tracking,gendan_appraisal --stop-after-init
fi
echo "gendan: open http://localhost:8069 and log in as admin / admin"
exec odoo "${DB_ARGS[@]}" -d "$DB_NAME" --db-filter "^${DB_NAME}\$" "$@"

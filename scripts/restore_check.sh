#!/usr/bin/env bash
# Back up a PostgreSQL database, restore the backup into a new database and check the copy:
# every migration applied, the health check passes, the same rows in the main tables. The copy
# and the backup file are removed afterwards, whatever happens.
#   scripts/restore_check.sh [DATABASE]      (default mutuals_prodlike; `make restore-check`)
# PGHOST, PGPORT and PGUSER choose the server (default 127.0.0.1, 5432, postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE="${1:-mutuals_prodlike}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
COPY="${SOURCE}_restore_check_$$"
DUMP="$(mktemp -t "${SOURCE}.XXXXXX.dump")"
cleanup() {
  dropdb --if-exists "$COPY" || true
  rm -f "$DUMP"
}
trap cleanup EXIT

started=$(date +%s)
echo "== Backing up ${SOURCE}"
pg_dump --format=custom --no-owner --file="$DUMP" "$SOURCE"
echo "   $(du -h "$DUMP" | cut -f1) in $(( $(date +%s) - started ))s"

echo "== Restoring into ${COPY}"
createdb "$COPY"
pg_restore --no-owner --exit-on-error --dbname="$COPY" "$DUMP"

url() { echo "postgres://${PGUSER}@${PGHOST}:${PGPORT}/$1"; }
check_env=(env DJANGO_SETTINGS_MODULE=config.settings DJANGO_ENV=development DJANGO_DEBUG=false TASKS_BACKEND=django_tasks_db.DatabaseBackend)

echo "== Every migration of this code is applied in the copy"
if ! "${check_env[@]}" DATABASE_URL="$(url "$COPY")" .venv/bin/python manage.py migrate --check; then
  echo "The copy needs migrations this code has: run 'manage.py migrate' after restoring" \
    "(the backup is older than the code; is the source database migrated?)." >&2
  exit 1
fi

echo "== The health check passes against the copy, and it holds the same rows"
COUNT_ROWS='
import django, json
django.setup()
from django.apps import apps
from django.db.migrations.recorder import MigrationRecorder
from config.health import database_answers
assert database_answers(), "the copy does not answer"
tables = ["accounts.User", "mentoring.MentoringRequest", "mentoring.Match", "mentoring.SessionLog",
          "mentoring.Feedback", "mentoring.AuditEvent", "mentoring.OutgoingEmail",
          "matching.MatchingRun"]
rows = {name: apps.get_model(name).objects.count() for name in tables}
rows["migrations applied"] = MigrationRecorder.Migration.objects.count()
print(json.dumps(rows))
'
source_rows=$("${check_env[@]}" DATABASE_URL="$(url "$SOURCE")" .venv/bin/python -c "$COUNT_ROWS" | tail -1)
copy_rows=$("${check_env[@]}" DATABASE_URL="$(url "$COPY")" .venv/bin/python -c "$COUNT_ROWS" | tail -1)
echo "   source: ${source_rows}"
echo "   copy:   ${copy_rows}"
if [ "$source_rows" != "$copy_rows" ]; then
  echo "The restored copy differs from the source." >&2
  exit 1
fi
echo "Restore check passed in $(( $(date +%s) - started ))s: ${SOURCE} can be restored from its backup."

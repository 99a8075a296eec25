#!/usr/bin/env bash
# Start the production stack on this machine and smoke-test it:
# PostgreSQL + Redis (local), gunicorn, the Huey consumer, nginx with TLS in front.
# Everything runs from a temporary folder and is stopped at the end, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
RUN=$(mktemp -d /tmp/cdtt-prod.XXXXXX)
PORT_APP=${PORT_APP:-8101}
PORT_TLS=${PORT_TLS:-8443}
DB=${PROD_CHECK_DB:-cdtt_prodcheck}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT

command -v nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null)
pg_isready -h 127.0.0.1 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
export DEBUG=0
export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export REDIS_URL=redis://127.0.0.1:6379/15
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$PORT_TLS
export PROXY_COUNT=1
export CDTT_VAR_DIR=$RUN/var
export DEMO_PASSWORD=prod-check-$RANDOM-pass

echo "== check --deploy"
$BIN/python manage.py check --deploy --fail-level WARNING
echo "== migrate, load units and the demo, collect static files"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_units
$BIN/python manage.py seed_demo >/dev/null
$BIN/python manage.py collectstatic --noinput --clear -v0

echo "== start gunicorn, the Huey consumer and nginx"
$BIN/gunicorn cdtt.wsgi --bind 127.0.0.1:$PORT_APP --workers 2 --threads 4 \
  --access-logfile "$RUN/gunicorn-access.log" --error-logfile "$RUN/gunicorn.log" &
pids+=($!)
$BIN/python manage.py run_huey --workers 2 >"$RUN/huey.log" 2>&1 &
pids+=($!)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$RUN/key.pem" -out "$RUN/cert.pem" 2>/dev/null
sed -e "s#@RUN@#$RUN#g" -e "s#@LISTEN@#127.0.0.1:$PORT_TLS#" -e "s#@SERVER_NAME@#127.0.0.1#" \
    -e "s#@CERT@#$RUN/cert.pem#" -e "s#@KEY@#$RUN/key.pem#" -e "s#@UPSTREAM@#127.0.0.1:$PORT_APP#" \
    deploy/nginx.conf >"$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -p "$RUN" -e "$RUN/nginx-error.log"

echo "== smoke test through https://127.0.0.1:$PORT_TLS"
if ! $BIN/python deploy/smoke.py "https://127.0.0.1:$PORT_TLS" demo-member "$DEMO_PASSWORD"; then
  echo "-- gunicorn log"; tail -30 "$RUN/gunicorn.log"; echo "-- huey log"; tail -30 "$RUN/huey.log"
  exit 1
fi
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null || true
echo "prod-check: passed"

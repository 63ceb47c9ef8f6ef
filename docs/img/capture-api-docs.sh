#!/usr/bin/env bash
# Renders the API docs page (/docs: Swagger UI on the OpenAPI document generated at build time) in headless
# Chromium and writes docs/img/api-docs.png. Needs the built jar (mvn -q -B package -DskipTests) and Debian's
# chromium. The app runs on a throw-away data directory and port, loopback only, and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${PORT:-18161}"
WORK="$(mktemp -d)"
OUT="${OUT:-docs/img/api-docs.png}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"

EMBEDDED_POSTGRES_DATA_DIRECTORY="$WORK/pgdata" MICRONAUT_SERVER_PORT="$PORT" MICRONAUT_SERVER_HOST=127.0.0.1 \
  DEMO_DATA_PATIENTS="${DEMO_DATA_PATIENTS:-200}" JWT_SECRET="$(head -c 48 /dev/urandom | base64)" \
  java -jar app/target/patient-search.jar > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Wait for the server (database start and demo seeding first), at most 5 minutes.
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$PORT/openapi.yml" > /dev/null; then break; fi
  if ! kill -0 "$APP" 2>/dev/null; then cat "$WORK/app.log"; exit 1; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/docs" | grep -q swagger-ui

"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$WORK/chromium" --hide-scrollbars \
  --window-size=1400,2000 --virtual-time-budget=15000 --screenshot="$PWD/$OUT" "http://127.0.0.1:$PORT/docs"
echo "wrote $OUT"

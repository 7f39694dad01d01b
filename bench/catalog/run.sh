#!/usr/bin/env bash
# Catalog benchmark: GET /api/model-groups (200 with the cached bytes, and 304 with a matching If-None-Match)
# against GET /actuator/health/liveness as the ceiling of this machine (and GET /api/auth/config, a public
# route answering a constant, as a second reference). See bench/README.md ("catalog").
#
#   bench/catalog/run.sh                      # build, start, seed, measure, stop
#   DURATION=30s CONNECTIONS=64 bench/catalog/run.sh
#
# Loopback only. Targets: list >= 0.6 x ceiling, 304 >= 0.75 x ceiling, no errors.
set -euo pipefail

cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
GROUP_COUNT=${GROUP_COUNT:-30}
MVNW_OPTS=${MVNW_OPTS:--o}
LUA="$(pwd)/bench/catalog/report.lua"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 2; }

echo "== building the jar"
./mvnw -q $MVNW_OPTS -DskipTests package
JAR=$(ls target/gahorouter-console-*.jar | grep -v '\.original$' | head -1)

WORK=$(mktemp -d -t gahorouter-bench-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
OPERATOR_EMAIL=bench-operator@gahorouter.local
OPERATOR_PASSWORD="bench operator $(date +%s%N)"
SERVER_PID=

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap stop_server EXIT

echo "== starting the server on port $PORT (data under $WORK)"
java ${JAVA_OPTS:-} -jar "$JAR" \
    --server.address=127.0.0.1 --server.port="$PORT" \
    --gahorouter.embedded-db.dir="$WORK/db" --gahorouter.demo-data=false \
    --gahorouter.bootstrap.admin-email="$OPERATOR_EMAIL" \
    --gahorouter.bootstrap.admin-password="$OPERATOR_PASSWORD" \
    --logging.level.root=warn >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
    curl -fs "$BASE/actuator/health/liveness" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.5
done
curl -fs "$BASE/actuator/health/liveness" >/dev/null

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo "== seeding $GROUP_COUNT model groups and one tenant"
OPERATOR_TOKEN=$(curl -fs -H 'Content-Type: application/json' \
    -d "{\"email\":\"$OPERATOR_EMAIL\",\"password\":\"$OPERATOR_PASSWORD\"}" "$BASE/api/auth/login" | json_field "['token']")
for i in $(seq 1 "$GROUP_COUNT"); do
    region=$([[ $((i % 2)) -eq 0 ]] && echo CN || echo OVERSEAS)
    visibility=$([[ $((i % 10)) -eq 0 ]] && echo RESTRICTED || echo PUBLIC)
    status=$([[ $((i % 7)) -eq 0 ]] && echo MAINTENANCE || echo ACTIVE)
    curl -fs -o /dev/null -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Bench group $i\",\"platform\":\"Platform $((i % 5))\",\"rateMultiplier\":\"1.$((i % 10))\",
             \"serviceRegion\":\"$region\",\"visibility\":\"$visibility\",\"status\":\"$status\",
             \"models\":[\"model-$i-large\",\"model-$i-small\"]}" \
        "$BASE/api/admin/model-groups"
done
TOKEN=$(curl -fs -H 'Content-Type: application/json' \
    -d '{"email":"bench@tenant.example.com","password":"violet kangaroo sandwich 42","tenantName":"Bench tenant",
         "contactName":"Bench","contactPhone":"+8613800138000","region":"OVERSEAS","turnstileToken":"none",
         "agreementAccepted":true}' "$BASE/api/auth/register" | json_field "['token']")
AUTH="Authorization: Bearer $TOKEN"

LIST_HEADERS=$(curl -fs -D - -o "$WORK/list.json" -H "$AUTH" "$BASE/api/model-groups")
ETAG=$(printf '%s' "$LIST_HEADERS" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
LISTED=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/list.json")
NOT_MODIFIED=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "If-None-Match: $ETAG" "$BASE/api/model-groups")
echo "   tenant sees $LISTED groups, $(wc -c <"$WORK/list.json") bytes, ETag $ETAG; If-None-Match answers $NOT_MODIFIED"
[[ "$NOT_MODIFIED" == 304 ]] || { echo "expected 304 for a matching If-None-Match" >&2; exit 1; }

run_wrk() { # name, url, extra headers...
    local name=$1 url=$2; shift 2
    local headers=()
    for h in "$@"; do headers+=(-H "$h"); done
    local line
    line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "${headers[@]}" "$url" | grep '^RESULT')
    echo "$name $line"
}

echo "== warming up (JIT): $WARMUP on each endpoint"
for url_and_headers in "$BASE/actuator/health/liveness" "$BASE/api/auth/config" "$BASE/api/model-groups|$AUTH" \
        "$BASE/api/model-groups|$AUTH|If-None-Match: $ETAG"; do
    IFS='|' read -r -a parts <<<"$url_and_headers"
    headers=()
    for h in "${parts[@]:1}"; do headers+=(-H "$h"); done
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${headers[@]}" "${parts[0]}" >/dev/null
done

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
RESULTS=$( {
    run_wrk liveness "$BASE/actuator/health/liveness"
    run_wrk auth-config "$BASE/api/auth/config"
    run_wrk list "$BASE/api/model-groups" "$AUTH"
    run_wrk not-modified "$BASE/api/model-groups" "$AUTH" "If-None-Match: $ETAG"
} )

python3 - "$RESULTS" <<'PY'
import sys
rows = {}
for line in sys.argv[1].splitlines():
    name, _, *fields = line.split()
    rows[name] = {k: float(v) for k, v in (f.split("=") for f in fields)}
ceiling = rows["liveness"]["rps"]
print(f"{'endpoint':<14}{'requests/s':>12}{'p99 ms':>9}{'x ceiling':>11}{'errors':>8}")
ok = True
for name, target in (("liveness", None), ("auth-config", None), ("list", 0.6), ("not-modified", 0.75)):
    r = rows[name]
    errors = int(r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"])
    ratio = r["rps"] / ceiling
    verdict = "" if target is None else ("  target >= %.2f: %s" % (target, "met" if ratio >= target else "MISSED"))
    ok &= errors == 0 and (target is None or ratio >= target)
    print(f"{name:<14}{r['rps']:>12.0f}{r['p99_ms']:>9.2f}{ratio:>11.2f}{errors:>8}{verdict}")
print("all targets met, no errors" if ok else "SOME TARGET MISSED OR ERRORS")
print("ceiling = liveness; auth-config (public, no database, small JSON) is shown as a second reference")
PY
echo "== stopping the server"

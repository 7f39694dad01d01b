#!/usr/bin/env bash
# Catalog benchmark: GET /api/model-groups (200 with the cached bytes, and 304 with a matching If-None-Match)
# against the server's own constant public route GET /api/auth/config as the ceiling, with a bare Reactor Netty
# server answering the same bytes (bench/reference) as a second reference: what the framework costs. After a JIT
# warm-up of $WARMUP per path, $ROUNDS alternating rounds of $DURATION each; the medians are reported.
# See bench/README.md ("catalog").
#
#   bench/catalog/run.sh                      # build, start, seed, measure, stop
#   DURATION=30s CONNECTIONS=64 bench/catalog/run.sh
#
# Loopback only. Targets: list >= 0.9 x ceiling, 304 >= 1.0 x ceiling, no errors.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

cd "$(dirname "$0")/../.."
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-15s}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
GROUP_COUNT=${GROUP_COUNT:-30}
MVNW_OPTS=${MVNW_OPTS--o}
LUA="$(pwd)/bench/catalog/report.lua"

bench_require wrk "apt-get install -y wrk"
bench_require curl

bench_build_jar
bench_make_workdir
bench_start_one

echo "== seeding $GROUP_COUNT model groups and one tenant"
OPERATOR_TOKEN=$(bench_login_operator "$BASE")
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
TOKEN=$(bench_register_tenant "$BASE" bench@tenant.example.com "Bench tenant" OVERSEAS | json_field "['token']")
AUTH="Authorization: Bearer $TOKEN"

LIST_HEADERS=$(curl -fs -D - -o "$WORK/list.json" -H "$AUTH" "$BASE/api/model-groups")
ETAG=$(printf '%s' "$LIST_HEADERS" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
LISTED=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/list.json")
NOT_MODIFIED=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "If-None-Match: $ETAG" "$BASE/api/model-groups")
echo "   tenant sees $LISTED groups, $(wc -c <"$WORK/list.json") bytes, ETag $ETAG; If-None-Match answers $NOT_MODIFIED"
[[ "$NOT_MODIFIED" == 304 ]] || { echo "expected 304 for a matching If-None-Match" >&2; exit 1; }

curl -fs "$BASE/api/auth/config" >"$WORK/config.json"
REFERENCE_PORT=$(bench_free_port)
bench_start_reference "$REFERENCE_PORT" "$WORK/config.json"
REFERENCE="http://127.0.0.1:$REFERENCE_PORT/api/auth/config"

echo "== warming up (JIT): $WARMUP on each path"
bench_warm_up "$REFERENCE" "$BASE/api/auth/config" "$BASE/api/model-groups|$AUTH" \
    "$BASE/api/model-groups|$AUTH|If-None-Match: $ETAG"

echo "== $ROUNDS alternating rounds of wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (medians)"
RESULTS=$(bench_rounds "$ROUNDS" "reference|$CONNECTIONS|$LUA|$REFERENCE" \
    "auth-config|$CONNECTIONS|$LUA|$BASE/api/auth/config" \
    "list|$CONNECTIONS|$LUA|$BASE/api/model-groups|$AUTH" \
    "not-modified|$CONNECTIONS|$LUA|$BASE/api/model-groups|$AUTH|If-None-Match: $ETAG")

MET=0
bench_ratio_table "$RESULTS" reference auth-config "list>=0.9" "not-modified>=1.0" || MET=$?
bench_verdict "$MET"
echo "ceiling = auth-config (the server's constant public route); reference = bare Reactor Netty, same bytes"
echo "== stopping the server"

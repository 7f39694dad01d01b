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
. "$(dirname "$0")/../lib.sh"

cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
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

echo "== warming up (JIT): $WARMUP on each endpoint"
bench_warm_up "$BASE/actuator/health/liveness" "$BASE/api/auth/config" "$BASE/api/model-groups|$AUTH" \
    "$BASE/api/model-groups|$AUTH|If-None-Match: $ETAG"

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
RESULTS=$( {
    bench_wrk_result liveness "$CONNECTIONS" "$LUA" "$BASE/actuator/health/liveness"
    bench_wrk_result auth-config "$CONNECTIONS" "$LUA" "$BASE/api/auth/config"
    bench_wrk_result list "$CONNECTIONS" "$LUA" "$BASE/api/model-groups" "$AUTH"
    bench_wrk_result not-modified "$CONNECTIONS" "$LUA" "$BASE/api/model-groups" "$AUTH" "If-None-Match: $ETAG"
} )

MET=0
bench_ratio_table "$RESULTS" liveness auth-config "list>=0.6" "not-modified>=0.75" || MET=$?
bench_verdict "$MET"
echo "ceiling = liveness; auth-config (public, no database, small JSON) is shown as a second reference"
echo "== stopping the server"

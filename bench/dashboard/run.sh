#!/usr/bin/env bash
# Dashboard benchmark: GET /api/dashboard (200 and 304) and GET /api/usage over the default 30 days for one tenant
# with 1,000,000 usage records across 20 groups over 90 days, against GET /api/auth/config (the constant public route) as the
# ceiling of this machine in the same run. See bench/README.md ("dashboard").
#
#   bench/dashboard/run.sh                      # build, start, seed, measure, stop
#   DURATION=30s CONNECTIONS=64 RECORDS=2000000 bench/dashboard/run.sh
#
# Loopback only. Targets: dashboard >= 0.3 x ceiling, 30-day usage p99 < 50 ms (at LATENCY_CONNECTIONS, i.e. no
# more requests in flight than cores), no errors.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
LATENCY_CONNECTIONS=${LATENCY_CONNECTIONS:-2}
RECORDS=${RECORDS:-1000000}
GROUP_COUNT=${GROUP_COUNT:-20}
DAYS=${DAYS:-90}
MVNW_OPTS=${MVNW_OPTS--o}
LUA="$(pwd)/bench/dashboard/report.lua"

if ! command -v wrk >/dev/null; then
    echo "== installing wrk"
    { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
fi
for tool in curl psql python3; do
    bench_require "$tool"
done

bench_build_jar
bench_make_workdir
bench_start_one

echo "== seeding $GROUP_COUNT model groups, one OVERSEAS tenant (sees them all) and its API key"
OPERATOR_TOKEN=$(bench_login_operator "$BASE")
GROUP_ID=
for i in $(seq 1 "$GROUP_COUNT"); do
    region=$([[ $((i % 2)) -eq 0 ]] && echo CN || echo OVERSEAS)
    id=$(curl -fs -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Bench group $i\",\"platform\":\"Platform $((i % 5))\",\"rateMultiplier\":\"1.$((i % 10))\",
             \"serviceRegion\":\"$region\",\"visibility\":\"PUBLIC\",\"status\":\"ACTIVE\",
             \"models\":[\"model-$i-large\",\"model-$i-small\"]}" \
        "$BASE/api/admin/model-groups" | json_field "['id']")
    GROUP_ID=${GROUP_ID:-$id}
done
REGISTERED=$(bench_register_tenant "$BASE" bench@tenant.example.com "Bench tenant" OVERSEAS)
TOKEN=$(printf '%s' "$REGISTERED" | json_field "['token']")
TENANT_ID=$(printf '%s' "$REGISTERED" | json_field "['tenant']['id']")
AUTH="Authorization: Bearer $TOKEN"
curl -fs -o /dev/null -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
    -d '{"amount":"100000.00","reason":"bench credit"}' "$BASE/api/admin/tenants/$TENANT_ID/balance-adjustments"
KEY_ID=$(curl -fs -H "$AUTH" -H 'Content-Type: application/json' -d "{\"name\":\"bench\",\"groupId\":\"$GROUP_ID\"}" \
    "$BASE/api/api-keys" | json_field "['id']")

bench_pg_env "$WORK/db"
sql() { bench_psql "$@"; }

echo "== inserting $RECORDS usage records over $DAYS days into usage_records, then their rollups (usage_hourly, usage_daily)"
SEED_START=$(date +%s)
sql -v tenant="$TENANT_ID" -v key="$KEY_ID" -v records="$RECORDS" -v days="$DAYS" <<'SQL'
-- Straight into the tables, as the gateway's reports would have left them (the ledger is not replayed: the
-- balance is the operator's credit). Groups in name order; occurred_at uniform over the last :days days.
insert into usage_records (request_id, tenant_id, key_id, group_id, input_tokens, output_tokens, base_cost, cost,
                           occurred_at, occurred_day)
select request_id, tenant_id, key_id, group_id, input_tokens, output_tokens, base_cost, cost, occurred_at,
       (occurred_at at time zone 'UTC')::date
from (select 'bench-' || i as request_id, :'tenant'::uuid as tenant_id, :'key'::uuid as key_id,
             g.ids[1 + i % array_length(g.ids, 1)] as group_id, 100 + i % 4000 as input_tokens,
             10 + i % 900 as output_tokens, 0.001 * (1 + i % 50) as base_cost, 0.0012 * (1 + i % 50) as cost,
             now() - random() * make_interval(days => :days) as occurred_at
      from generate_series(1, :records) i,
           (select array_agg(id order by name) as ids from model_groups) g) r;

insert into usage_hourly (tenant_id, group_id, hour, requests, input_tokens, output_tokens, cost)
select tenant_id, group_id, date_trunc('hour', occurred_at, 'UTC'), count(*), sum(input_tokens), sum(output_tokens),
       sum(cost)
from usage_records where tenant_id = :'tenant'
group by tenant_id, group_id, date_trunc('hour', occurred_at, 'UTC');

insert into usage_daily (tenant_id, group_id, day, requests, input_tokens, output_tokens, cost)
select tenant_id, group_id, date_trunc('day', hour, 'UTC'), sum(requests), sum(input_tokens), sum(output_tokens),
       sum(cost)
from usage_hourly where tenant_id = :'tenant'
group by tenant_id, group_id, date_trunc('day', hour, 'UTC');

analyze usage_records;
analyze usage_hourly;
analyze usage_daily;
SQL
echo "   seeded in $(( $(date +%s) - SEED_START )) s: $(sql -At -c 'select count(*) from usage_records') records, \
$(sql -At -c 'select count(*) from usage_hourly') hourly and $(sql -At -c 'select count(*) from usage_daily') daily rows"
echo "   the 30-day aggregate in PostgreSQL alone (EXPLAIN ANALYZE of the query GET /api/usage runs):"
sql -At -v tenant="$TENANT_ID" <<'SQL' | grep -E 'Execution Time|Scan' | sed 's/^ */     /'
explain analyze
select group_id, sum(requests)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cost) from (
    select group_id, requests, input_tokens, output_tokens, cost from usage_daily
    where tenant_id = :'tenant' and day >= date_trunc('day', now() - interval '30 days') + interval '1 day'
      and day < date_trunc('day', now())
    union all select group_id, requests, input_tokens, output_tokens, cost from usage_hourly
    where tenant_id = :'tenant' and hour >= date_trunc('hour', now() - interval '30 days')
      and hour < date_trunc('day', now() - interval '30 days') + interval '1 day'
    union all select group_id, requests, input_tokens, output_tokens, cost from usage_hourly
    where tenant_id = :'tenant' and hour >= date_trunc('day', now()) and hour < date_trunc('hour', now()) + interval '1 hour'
) usage group by group_id;
SQL

USAGE_URL="$BASE/api/usage"
DASHBOARD_URL="$BASE/api/dashboard"
curl -fs -H "$AUTH" "$USAGE_URL" >"$WORK/usage.json"
python3 - "$WORK/usage.json" <<'PY'
import json, sys
u = json.load(open(sys.argv[1]))
print(f"   /api/usage: {u['from']} .. {u['to']}, {u['totals']['requests']:,} requests, cost {u['totals']['cost']}, "
      f"{len(u['byGroup'])} groups")
PY
DASHBOARD_HEADERS=$(curl -fs -D - -o "$WORK/dashboard.json" -H "$AUTH" "$DASHBOARD_URL")
ETAG=$(printf '%s' "$DASHBOARD_HEADERS" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
NOT_MODIFIED=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "If-None-Match: $ETAG" "$DASHBOARD_URL")
echo "   /api/dashboard: $(wc -c <"$WORK/dashboard.json") bytes, last 24 h: \
$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["usage"]["last24h"])' "$WORK/dashboard.json"); \
ETag $ETAG; If-None-Match answers $NOT_MODIFIED"
[[ "$NOT_MODIFIED" == 304 ]] || { echo "expected 304 for a matching If-None-Match" >&2; exit 1; }

echo "== warming up (JIT): $WARMUP on each endpoint"
bench_warm_up "$BASE/api/auth/config" "$DASHBOARD_URL|$AUTH" "$DASHBOARD_URL|$AUTH|If-None-Match: $ETAG" \
    "$USAGE_URL|$AUTH"

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (usage-latency: -c$LATENCY_CONNECTIONS)"
RESULTS=$( {
    bench_wrk_result auth-config "$CONNECTIONS" "$LUA" "$BASE/api/auth/config"
    bench_wrk_result dashboard "$CONNECTIONS" "$LUA" "$DASHBOARD_URL" "$AUTH"
    bench_wrk_result dashboard-304 "$CONNECTIONS" "$LUA" "$DASHBOARD_URL" "$AUTH" "If-None-Match: $ETAG"
    bench_wrk_result usage-30d "$CONNECTIONS" "$LUA" "$USAGE_URL" "$AUTH"
    bench_wrk_result usage-latency "$LATENCY_CONNECTIONS" "$LUA" "$USAGE_URL" "$AUTH"
} )

MET=0
bench_ratio_table --name-width 15 --percentiles "50 90 99" --ratio-label " x ceiling" "$RESULTS" \
    auth-config "dashboard>=0.3" dashboard-304 usage-30d "usage-latency:p99<50" || MET=$?
bench_verdict "$MET"
echo "== stopping the server"

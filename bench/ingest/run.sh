#!/usr/bin/env bash
# Usage ingestion benchmark on a real PostgreSQL with synchronous_commit=on (Debian's postgresql, started in a
# temporary directory on a free loopback port): reports/s through POST /internal/usage/batch (batches of 100,
# 16 connections) and POST /internal/usage (64 connections), for one tenant and for 100 tenants in parallel;
# then the exactness check: every report recorded once, balance = start - sum of charges, the newest ledger
# entry carries it, and the ledger is one running sum. See bench/README.md ("ingest").
#
#   bench/ingest/run.sh
#   DURATION=30s bench/ingest/run.sh
#   SERVER_ARGS="--gahorouter.usage.concurrent-windows=4" bench/ingest/run.sh   # try other settings
#
# Loopback only. Targets: batch >= 5,000 reports/s, single >= 1,500 reports/s, zero non-2xx, exact ledger.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
BATCH=${BATCH:-100}
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-16}
SINGLE_CONNECTIONS=${SINGLE_CONNECTIONS:-64}
TENANTS=${TENANTS:-100}
MVNW_OPTS=${MVNW_OPTS--o}
DIR="$(pwd)/bench/ingest"
START_BALANCE=100000000.00

bench_require wrk "apt-get install -y wrk"
bench_require curl
bench_require psql "apt-get install -y postgresql-client"

bench_build_jar
bench_make_workdir
bench_start_postgres
GATEWAY_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
GATEWAY_AUTH="Authorization: Bearer $GATEWAY_TOKEN"
PORT=$(bench_free_port)
BASE="http://127.0.0.1:$PORT"
echo "== starting the server on port $PORT against that PostgreSQL"
bench_start_server server "$PORT" --spring.r2dbc.url="$PG_URL" --spring.r2dbc.username=postgres \
    --gahorouter.gateway.token="$GATEWAY_TOKEN" --gahorouter.billing.provider=sandbox \
    --gahorouter.rate-limit.registrations-per-ip=100000 ${SERVER_ARGS:-}
bench_wait_live server "$BASE"

echo "== seeding: one group, $TENANTS tenants with credit and one key each"
OPERATOR_AUTH="Authorization: Bearer $(bench_login_operator "$BASE")"
GROUP_ID=$(curl -fs -H "$OPERATOR_AUTH" -H 'Content-Type: application/json' \
    -d '{"name":"Bench group","platform":"DeepSeek","rateMultiplier":"1.5","serviceRegion":"CN","visibility":"PUBLIC",
         "status":"ACTIVE","models":["deepseek-chat"]}' "$BASE/api/admin/model-groups" | json_field "['id']")
: >"$WORK/keys-all.txt"
for i in $(seq 1 "$TENANTS"); do
    REGISTERED=$(bench_register_tenant "$BASE" "bench$i@tenant$i.example.com" "Bench tenant $i" CN)
    TOKEN=$(printf '%s' "$REGISTERED" | json_field "['token']")
    TENANT_ID=$(printf '%s' "$REGISTERED" | json_field "['tenant']['id']")
    curl -fs -o /dev/null -H "$OPERATOR_AUTH" -H 'Content-Type: application/json' \
        -d "{\"amount\":\"$START_BALANCE\",\"reason\":\"benchmark credit\"}" \
        "$BASE/api/admin/tenants/$TENANT_ID/balance-adjustments"
    KEY_ID=$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Bench key\",\"groupId\":\"$GROUP_ID\"}" "$BASE/api/api-keys" | json_field "['id']")
    echo "$KEY_ID $GROUP_ID" >>"$WORK/keys-all.txt"
done
head -1 "$WORK/keys-all.txt" >"$WORK/keys-one.txt"

wrk_batch() { # duration, tag, keys file
    wrk -t"$THREADS" -c"$BATCH_CONNECTIONS" -d"$1" --latency -s "$DIR/batch.lua" -H "$GATEWAY_AUTH" \
        "$BASE/internal/usage/batch" -- "$2" "$3" "$BATCH"
}
wrk_single() { # duration, tag, keys file
    wrk -t"$THREADS" -c"$SINGLE_CONNECTIONS" -d"$1" --latency -s "$DIR/single.lua" -H "$GATEWAY_AUTH" \
        "$BASE/internal/usage" -- "$2" "$3"
}
wrk_config() {
    wrk -t"$THREADS" -c"$SINGLE_CONNECTIONS" -d"$1" --latency -s "$DIR/../catalog/report.lua" "$BASE/api/auth/config"
}
result() { grep '^RESULT' | sed "s/^/$1 /"; }

# The JIT needs longer than one warm-up on some paths: measured on 2 cores, the single-report path still had a
# C2 compiler thread busy most of the time after 15 s, and its throughput climbed from ~800 to ~1,400 reports/s
# over the next 40 s. So each path is warmed in $WARMUP runs until a run gains less than 5 % on the one before
# (at most four runs).
warm_until_settled() { # name, command and arguments (one $WARMUP-long wrk run printing its RESULT line)
    local name=$1 previous=0 rps round
    shift
    for round in 1 2 3 4; do
        rps=$("$@" | sed -n 's/^RESULT rps=\([0-9.]*\).*/\1/p')
        echo "   $name: warm-up run $round, ${rps:-?} requests/s"
        python3 -c "import sys; sys.exit(0 if float('${rps:-0}') < 1.05 * float('$previous') else 1)" && break
        previous=${rps:-0}
    done
}
echo "== warming up (JIT): $WARMUP runs per path until the throughput settles"
warm_until_settled auth-config wrk_config "$WARMUP"
warm_until_settled batch wrk_batch "$WARMUP" "warm-batch" "$WORK/keys-one.txt"
warm_until_settled single wrk_single "$WARMUP" "warm-single" "$WORK/keys-one.txt"

echo "== measuring: $ROUNDS alternating rounds of wrk -t$THREADS -d$DURATION (medians); batches of $BATCH on" \
    "$BATCH_CONNECTIONS connections, single reports on $SINGLE_CONNECTIONS"
RESULTS=$(bench_rounds "$ROUNDS" \
    "auth-config|$SINGLE_CONNECTIONS|$DIR/../catalog/report.lua|$BASE/api/auth/config" \
    "batch-one|$BATCH_CONNECTIONS|$DIR/batch.lua batch-one $WORK/keys-one.txt $BATCH|$BASE/internal/usage/batch|$GATEWAY_AUTH" \
    "single-one|$SINGLE_CONNECTIONS|$DIR/single.lua single-one $WORK/keys-one.txt|$BASE/internal/usage|$GATEWAY_AUTH" \
    "batch-100|$BATCH_CONNECTIONS|$DIR/batch.lua batch-all $WORK/keys-all.txt $BATCH|$BASE/internal/usage/batch|$GATEWAY_AUTH" \
    "single-100|$SINGLE_CONNECTIONS|$DIR/single.lua single-all $WORK/keys-all.txt|$BASE/internal/usage|$GATEWAY_AUTH")

echo "== exactness"
CHECK=$(bench_psql -At -F ' ' <<SQL
select
  (select count(*) from tenants t where t.id in (select tenant_id from api_keys)
     and t.balance <> $START_BALANCE - coalesce((select sum(cost) from usage_records u where u.tenant_id = t.id), 0)),
  (select count(*) from tenants t where t.id in (select tenant_id from api_keys)
     and t.balance <> (select balance_after from ledger_entries e where e.tenant_id = t.id order by seq desc limit 1)),
  (select count(*) from (select balance_after, sum(amount) over (partition by tenant_id order by seq) as running
                         from ledger_entries) e where e.balance_after <> e.running),
  (select count(*) from usage_records),
  (select count(*) from ledger_entries where kind = 'USAGE');
SQL
)
read -r BAD_BALANCE BAD_NEWEST BAD_RUNNING RECORDS USAGE_ENTRIES <<<"$CHECK"

MET=0
python3 - "$RESULTS" "$BATCH" <<'PY' || MET=1
import sys
rows = {}
for line in sys.argv[1].splitlines():
    name, tag, *fields = line.split()
    rows[name] = {k: float(v) for k, v in (f.split("=") for f in fields)}
batch = int(sys.argv[2])
targets = {"batch-one": 5000, "single-one": 1500, "batch-100": 5000, "single-100": 1500}
ok = True
print(f"{'path':<14}{'requests/s':>12}{'reports/s':>11}{'p99 ms':>9}{'errors':>8}  target")
for name in ["auth-config", "batch-one", "single-one", "batch-100", "single-100"]:
    r = rows[name]
    errors = int(r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"])
    reports = r["rps"] * (batch if name.startswith("batch") else 1)
    line = f"{name:<14}{r['rps']:>12.0f}{'' if name == 'auth-config' else f'{reports:.0f}':>11}{r['p99_ms']:>9.2f}{errors:>8}"
    if name in targets:
        met = reports >= targets[name] and errors == 0
        ok &= met
        line += f"  >= {targets[name]} reports/s, no errors: {'met' if met else 'MISSED'}"
    print(line)
sys.exit(0 if ok else 1)
PY
echo "usage_records $RECORDS, USAGE ledger entries $USAGE_ENTRIES"
# Disk per row, tables and their indexes, for the capacity table in README.md.
bench_psql -At -F ' ' -c "vacuum analyze" >/dev/null
bench_psql -At -F ' ' <<'SQL' | awk '{printf "disk per row: usage_records %d bytes, ledger_entries %d bytes (tables and indexes)\n", $1, $2}'
select (select sum(pg_total_relation_size(c.oid)) from pg_class c join pg_inherits i on i.inhrelid = c.oid
        join pg_class p on p.oid = i.inhparent where p.relname = 'usage_records') / greatest(count(*), 1),
       (select pg_total_relation_size('ledger_entries')) / greatest((select count(*) from ledger_entries), 1)
from usage_records;
SQL
echo "tenants whose balance != start - sum(charges): $BAD_BALANCE; whose newest entry differs: $BAD_NEWEST; entries off the running sum: $BAD_RUNNING"
[[ "$RECORDS" == "$USAGE_ENTRIES" && "$BAD_BALANCE" == 0 && "$BAD_NEWEST" == 0 && "$BAD_RUNNING" == 0 ]] || MET=1
bench_verdict "$MET"
echo "== stopping"

#!/usr/bin/env bash
# Soak: a mixed workload for SOAK_SECONDS (default 600) on loopback against Debian's PostgreSQL 15
# (synchronous_commit=on, started in a temporary directory): console reads (dashboard, model-group list, keys
# list, ledger), ETag polling of the model-group list (304s), key checks, usage reports (single and batches of
# 100), a region change every 30 s (pre-check + change, alternating CN/OVERSEAS, on a tenant with keys), top-ups
# and sign-ins (some with a wrong password: 401, then 429 — expected, counted apart). Reports throughput and
# p50/p99 per route, the errors, heap after a full GC before and after, the machine's load, and reconciles the
# ledger in PostgreSQL: for every tenant balance = sum of its ledger = credits - charges, exactly, and the newest
# entry's balanceAfter = balance; every report answered as recorded is a usage record with its ledger entry.
# See bench/README.md ("soak").
#
#   bench/soak/run.sh                     # 10 minutes
#   SOAK_SECONDS=60 bench/soak/run.sh     # a short run
#
# Loopback only; every load generator is bounded by SOAK_SECONDS. Exits non-zero on any error other than the
# wrong-password 401/429s, on any odd answer (a refused key check, a report not recorded, a top-up not paid) or on
# any tenant whose ledger does not reconcile.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

cd "$(dirname "$0")/../.."
SOAK_SECONDS=${SOAK_SECONDS:-600}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
TENANTS=${TENANTS:-20}
# The pod's heap: a 1 GiB limit with -XX:MaxRAMPercentage=75 (Dockerfile, k8s/deployment.yaml).
JAVA_OPTS=${JAVA_OPTS:--Xmx768m -XX:+ExitOnOutOfMemoryError}
MVNW_OPTS=${MVNW_OPTS--o}
DIR="$(pwd)/bench/soak"
CREDIT=1000.00

bench_require wrk "apt-get install -y wrk"
bench_require curl
bench_require jcmd "a JDK"
bench_require psql "apt-get install -y postgresql-client"

bench_build_jar
bench_make_workdir
bench_start_postgres
GATEWAY_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
GATEWAY_AUTH="Authorization: Bearer $GATEWAY_TOKEN"
PORT=$(bench_free_port)
BASE="http://127.0.0.1:$PORT"
echo "== starting the server on port $PORT against that PostgreSQL (JAVA_OPTS=$JAVA_OPTS)"
# Sign-in limits: the wrong-password account reaches its per-account limit (10 per 15 min) as in production; the
# per-IP limit is raised because every sign-in here comes from 127.0.0.1, so that 429s come only from that account.
bench_start_server server "$PORT" --spring.r2dbc.url="$PG_URL" --spring.r2dbc.username=postgres \
    --gahorouter.gateway.token="$GATEWAY_TOKEN" --gahorouter.billing.provider=sandbox \
    --gahorouter.rate-limit.registrations-per-ip=1000 --gahorouter.rate-limit.login-failures-per-ip=100000 \
    ${SERVER_ARGS:-}
bench_wait_live server "$BASE"
SERVER_PID=${BENCH_PID_OF[server]}
MANAGEMENT="http://127.0.0.1:${BENCH_MANAGEMENT_PORT_OF[server]}"

echo "== seeding: a CN and an OVERSEAS group, $TENANTS CN tenants with credit and a key each, a region tenant"
OPERATOR_AUTH="Authorization: Bearer $(bench_login_operator "$BASE")"
create_group() { # name, region -> id
    curl -fs -H "$OPERATOR_AUTH" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"platform\":\"DeepSeek\",\"rateMultiplier\":\"1.5\",\"serviceRegion\":\"$2\",
             \"visibility\":\"PUBLIC\",\"status\":\"ACTIVE\",\"models\":[\"deepseek-chat\"]}" \
        "$BASE/api/admin/model-groups" | json_field "['id']"
}
credit() { # tenant id: an operator adjustment of $CREDIT, recorded in the credits file
    curl -fs -o /dev/null -H "$OPERATOR_AUTH" -H 'Content-Type: application/json' \
        -d "{\"amount\":\"$CREDIT\",\"reason\":\"soak credit\"}" "$BASE/api/admin/tenants/$1/balance-adjustments"
    echo "$1 $CREDIT" >>"$WORK/credits.txt"
}
create_key() { # token, group id -> "id key"
    curl -fs -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Soak key\",\"groupId\":\"$2\"}" "$BASE/api/api-keys" \
        | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['id'], d['key'])"
}
CN_GROUP=$(create_group "Soak CN" CN)
OVERSEAS_GROUP=$(create_group "Soak overseas" OVERSEAS)
: >"$WORK/credits.txt"; : >"$WORK/keys.txt"; : >"$WORK/ids.txt"
for i in $(seq 1 "$TENANTS"); do
    REGISTERED=$(bench_register_tenant "$BASE" "soak$i@tenant$i.example.com" "Soak tenant $i" CN)
    TOKEN=$(printf '%s' "$REGISTERED" | json_field "['token']")
    [[ $i == 1 ]] && READ_TOKEN=$TOKEN
    credit "$(printf '%s' "$REGISTERED" | json_field "['tenant']['id']")"
    read -r KEY_ID KEY <<<"$(create_key "$TOKEN" "$CN_GROUP")"
    echo "$KEY" >>"$WORK/keys.txt"
    echo "$KEY_ID $CN_GROUP" >>"$WORK/ids.txt"
done
REGISTERED=$(bench_register_tenant "$BASE" "region@soak.example.com" "Soak region tenant" OVERSEAS)
REGION_TOKEN=$(printf '%s' "$REGISTERED" | json_field "['token']")
REGION_TENANT=$(printf '%s' "$REGISTERED" | json_field "['tenant']['id']")
credit "$REGION_TENANT"
read -r KEY_ID KEY <<<"$(create_key "$REGION_TOKEN" "$CN_GROUP")"      # stays bound in both regions: checked, used
echo "$KEY" >>"$WORK/keys.txt"
echo "$KEY_ID $CN_GROUP" >>"$WORK/ids.txt"
read -r OVERSEAS_KEY_ID _ <<<"$(create_key "$REGION_TOKEN" "$OVERSEAS_GROUP")"   # unbound by every change to CN
bench_register_tenant "$BASE" "victim@soak.example.com" "Soak victim" CN >/dev/null
DRIVER_CONFIG=$(python3 -c 'import json, sys; print(json.dumps(dict(zip(
    ["regionToken", "regionTenantId", "overseasKeyId", "overseasGroupId", "loginEmail", "victimEmail", "password"],
    sys.argv[1:]))))' "$REGION_TOKEN" "$REGION_TENANT" "$OVERSEAS_KEY_ID" "$OVERSEAS_GROUP" \
    soak1@tenant1.example.com victim@soak.example.com "$BENCH_TENANT_PASSWORD")

# The routes: name|connections|soak.lua arguments|URL|header. Each connection pauses the given milliseconds after
# every answer, so the offered load is about connections x 1000 / (pause + latency) requests/s.
ROUTES=(
    "dashboard|1|get 50|$BASE/api/dashboard|Authorization: Bearer $READ_TOKEN"
    "model-groups|1|get 50|$BASE/api/model-groups|Authorization: Bearer $READ_TOKEN"
    "etag-poll|2|poll 20|$BASE/api/model-groups|Authorization: Bearer $REGION_TOKEN"
    "api-keys|1|get 50|$BASE/api/api-keys|Authorization: Bearer $READ_TOKEN"
    "ledger|1|get 50|$BASE/api/billing/ledger|Authorization: Bearer $READ_TOKEN"
    "key-check|4|key-check 10 $WORK/keys.txt|$BASE/internal/key-checks|$GATEWAY_AUTH"
    "usage|2|usage 20 $WORK/ids.txt TAG-single|$BASE/internal/usage|$GATEWAY_AUTH"
    "usage-batch|1|batch 200 $WORK/ids.txt TAG-batch 100|$BASE/internal/usage/batch|$GATEWAY_AUTH"
)
run_load() { # seconds, tag, output directory: every route's wrk and the driver in parallel, until all are done
    local seconds=$1 tag=$2 out=$3 entry parts pids=()
    mkdir -p "$out"
    for entry in "${ROUTES[@]}"; do
        IFS='|' read -r -a parts <<<"$entry"
        read -r -a args <<<"${parts[2]//TAG/$tag}"
        wrk -t1 -c"${parts[1]}" -d"${seconds}s" --timeout 10s --latency -s "$DIR/soak.lua" -H "${parts[4]}" \
            "${parts[3]}" -- "${args[@]}" >"$out/${parts[0]}.txt" 2>&1 &
        pids+=($!)
    done
    python3 "$DIR/driver.py" "$BASE" "$seconds" "$DRIVER_CONFIG" "$WORK/$tag-credits.txt" \
        >"$out/driver.txt" 2>"$out/driver-errors.txt" &
    pids+=($!)
    for pid in "${pids[@]}"; do wait "$pid"; done
}
heap_after_gc() { # MiB of heap in use after a full GC (jcmd GC.run, then the actuator's jvm_memory_used_bytes)
    jcmd "$SERVER_PID" GC.run >/dev/null
    curl -fs "$MANAGEMENT/actuator/prometheus" \
        | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%.1f\n", sum / 1048576}'
}
answered_reports() { # output directory -> the reports answered as recorded (202 singles, RECORDED batch entries)
    python3 - "$1" <<'PY'
import re, sys
def fields(name):
    line = next(l for l in open(f"{sys.argv[1]}/{name}.txt") if l.startswith("RESULT"))
    return {k: int(float(v)) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
single, batch = fields("usage"), fields("usage-batch")
print(single.get("s202", 0) + 100 * batch.get("s200", 0) - batch["odd"])
PY
}
cpu_sample() { # "<machine busy jiffies> <machine total jiffies> <server jiffies>"
    awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat | tr '\n' ' '
    awk '{print $14+$15}' "/proc/$SERVER_PID/stat"
}

echo "== warming up: the whole mix for ${WARMUP_SECONDS}s (not measured)"
run_load "$WARMUP_SECONDS" warm "$WORK/warm"
WARM_REPORTS=$(answered_reports "$WORK/warm")
cat "$WORK/warm-credits.txt" >>"$WORK/credits.txt" 2>/dev/null || true
HEAP_START=$(heap_after_gc)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
CPU_START=$(cpu_sample)
echo "   heap after a full GC: $HEAP_START MiB; load average $LOAD_START"

echo "== soak: ${SOAK_SECONDS}s of the mix, $(date -u +%FT%TZ)"
run_load "$SOAK_SECONDS" soak "$WORK/soak"
cat "$WORK/soak-credits.txt" >>"$WORK/credits.txt" 2>/dev/null || true
CPU_END=$(cpu_sample)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
HEAP_END=$(heap_after_gc)
SOAK_REPORTS=$(answered_reports "$WORK/soak")
RESULTS=$( {
    for entry in "${ROUTES[@]}"; do
        name=${entry%%|*}
        grep '^RESULT' "$WORK/soak/$name.txt" | sed "s/^/$name /" || { cat "$WORK/soak/$name.txt" >&2; echo "$name FAILED"; }
    done
    cat "$WORK/soak/driver.txt"
} )
if [[ -s "$WORK/soak/driver-errors.txt" ]]; then echo "driver:"; head -20 "$WORK/soak/driver-errors.txt"; fi

echo "== ledger reconciliation in PostgreSQL"
# Every tenant that has a ledger: balance = sum of its entries = the credits this script made (adjustments and
# paid top-ups) - the charges (usage records' costs); the newest entry's balance_after = balance; every entry's
# balance_after is the running sum; and the USAGE entries are exactly the usage records.
RECONCILIATION=$(bench_psql -At -F ' ' <<SQL
create temporary table soak_credits (tenant_id uuid, amount numeric(20, 6));
\copy soak_credits from '$WORK/credits.txt' with (delimiter ' ')
with per_tenant as (
  select t.id, t.balance,
         (select coalesce(sum(amount), 0) from ledger_entries e where e.tenant_id = t.id) as ledger,
         (select coalesce(sum(amount), 0) from soak_credits c where c.tenant_id = t.id) as credits,
         (select coalesce(sum(amount), 0) from ledger_entries e where e.tenant_id = t.id and e.kind <> 'USAGE')
             as ledger_credits,
         (select coalesce(sum(cost), 0) from usage_records u where u.tenant_id = t.id) as charges,
         (select balance_after from ledger_entries e where e.tenant_id = t.id order by seq desc limit 1) as newest
  from tenants t
  where exists (select 1 from ledger_entries e where e.tenant_id = t.id)
     or exists (select 1 from soak_credits c where c.tenant_id = t.id))
select (select count(*) from per_tenant),
       (select count(*) from per_tenant where balance <> ledger or ledger <> credits - charges
                                          or ledger_credits <> credits or newest is distinct from balance),
       (select count(*) from (select balance_after, sum(amount) over (partition by tenant_id order by seq) as running
                              from ledger_entries) e where e.balance_after <> e.running),
       (select count(*) from usage_records),
       (select count(*) from ledger_entries where kind = 'USAGE'),
       (select count(*) from usage_records u
        where not exists (select 1 from ledger_entries e where e.kind = 'USAGE' and e.reference = u.request_id
                                                         and e.tenant_id = u.tenant_id and e.amount = -u.cost)),
       (select sum(credits) from per_tenant), (select sum(charges) from per_tenant),
       (select sum(balance) from per_tenant);
SQL
)
read -r TENANTS_CHECKED TENANTS_OFF ENTRIES_OFF RECORDS USAGE_ENTRIES RECORDS_UNMATCHED SUM_CREDITS SUM_CHARGES \
    SUM_BALANCE <<<"$RECONCILIATION"

MET=0
python3 - "$RESULTS" "$SOAK_SECONDS" "$HEAP_START" "$HEAP_END" "$LOAD_START" "$LOAD_END" "$CPU_START" "$CPU_END" \
    <<'PY' || MET=1
import sys
results, seconds = sys.argv[1], float(sys.argv[2])
heap_start, heap_end, load_start, load_end = sys.argv[3:7]
busy0, total0, server0 = map(float, sys.argv[7].split())
busy1, total1, server1 = map(float, sys.argv[8].split())
rows, ok = [], True
for line in results.splitlines():
    name, tag, *fields = line.split()
    if tag != "RESULT":
        print(f"{name}: no result"); ok = False; continue
    rows.append((name, {k: float(v) for k, v in (f.split("=") for f in fields)}))
print(f"{'route':<16}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}{'odd':>6}  statuses")
for name, r in rows:
    statuses = " ".join(f"{k[1:]}:{int(v)}" for k, v in r.items() if k[0] == "s" and k[1:].isdigit())
    print(f"{name:<16}{int(r['requests']):>10}{r['rps']:>9.1f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
          f"{r['max_ms']:>9.1f}{int(r['errors']):>8}{int(r['odd']):>6}  {statuses}")
    ok &= r["errors"] == 0 and r["odd"] == 0
    # Every route ran, unless the run was too short for it: the first region change comes after 30 s, the
    # rebinding after the change back to OVERSEAS (60 s), the first top-up after 15 s.
    ok &= r["requests"] > 0 or seconds <= {"region-precheck": 30, "region-change": 30, "key-rebind": 60,
                                           "top-up": 15}.get(name, 0)
batch = dict(rows).get("usage-batch", {})
single = dict(rows).get("usage", {})
total = sum(r["requests"] for _, r in rows)
reports = single.get("requests", 0) + 100 * batch.get("requests", 0)
wrong = dict(rows).get("login-wrong", {})
print(f"total {int(total)} requests in {seconds:.0f} s ({total / seconds:.0f} req/s), {int(reports)} usage reports "
      f"({reports / seconds:.0f}/s); wrong-password sign-ins {int(wrong.get('s401', 0))} x 401, "
      f"{int(wrong.get('s429', 0))} x 429 (expected, not errors)")
print(f"heap after full GC: {heap_start} MiB before, {heap_end} MiB after "
      f"({float(heap_end) - float(heap_start):+.1f} MiB)")
cores = 2
print(f"machine: {100 * (busy1 - busy0) / (total1 - total0):.0f} % of all cores busy during the soak, the server "
      f"{100 * (server1 - server0) / 100 / seconds / cores:.0f} % of {cores} cores; load average {load_start} -> {load_end}")
sys.exit(0 if ok else 1)
PY
echo "ledger: $TENANTS_CHECKED tenants, $TENANTS_OFF off (balance = ledger = credits - charges, newest balanceAfter);" \
    "$ENTRIES_OFF entries off the running sum; $RECORDS usage records, $USAGE_ENTRIES USAGE entries," \
    "$RECORDS_UNMATCHED records without their entry; credits $SUM_CREDITS - charges $SUM_CHARGES = balances $SUM_BALANCE"
# A report in flight when wrk stops may be recorded without its answer being counted: records >= answered.
echo "usage reports answered as recorded: $WARM_REPORTS in the warm-up + $SOAK_REPORTS in the soak;" \
    "usage records: $RECORDS (at least as many: $([[ "$RECORDS" -ge $((WARM_REPORTS + SOAK_REPORTS)) ]] && echo yes || echo NO))"
[[ "$TENANTS_OFF" == 0 && "$ENTRIES_OFF" == 0 && "$RECORDS" == "$USAGE_ENTRIES" && "$RECORDS_UNMATCHED" == 0 \
    && "$TENANTS_CHECKED" -gt "$TENANTS" && "$RECORDS" -ge $((WARM_REPORTS + SOAK_REPORTS)) ]] || MET=1
if [[ "$MET" == 0 ]]; then echo "no errors, ledger exact"; else echo "ERRORS OR LEDGER OFF"; fi
echo "== stopping"
exit "$MET"

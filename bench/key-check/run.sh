#!/usr/bin/env bash
# Key-check benchmark: POST /internal/key-checks with one warm key and with a rotating set of 10,000 keys,
# POST /internal/usage (reports/s), against GET /actuator/health/liveness as the ceiling of this machine (and
# GET /api/auth/config as a second reference); then the round trip of a sign-in (Argon2id).
# See bench/README.md ("key-check", "sign-in").
#
#   bench/key-check/run.sh                      # build, start, seed, measure, stop
#   DURATION=30s CONNECTIONS=64 KEY_COUNT=20000 bench/key-check/run.sh
#
# Loopback only. Targets: warm key check >= 0.6 x ceiling, 10,000-key rotation >= 0.5 x ceiling once warm,
# no errors.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
KEY_COUNT=${KEY_COUNT:-10000}
LOGINS=${LOGINS:-20}
MVNW_OPTS=${MVNW_OPTS--o}
DIR="$(pwd)/bench/key-check"

bench_require wrk "apt-get install -y wrk"
bench_require curl
bench_require psql "apt-get install -y postgresql-client"

bench_build_jar
bench_make_workdir
GATEWAY_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
GATEWAY_AUTH="Authorization: Bearer $GATEWAY_TOKEN"
TENANT_EMAIL=bench@tenant.example.com
TENANT_PASSWORD=$BENCH_TENANT_PASSWORD

bench_start_one --gahorouter.gateway.token="$GATEWAY_TOKEN"

echo "== seeding: one group, one tenant with credit, one key through the API, $KEY_COUNT keys with SQL"
OPERATOR_TOKEN=$(bench_login_operator "$BASE")
OPERATOR_AUTH="Authorization: Bearer $OPERATOR_TOKEN"
GROUP_ID=$(curl -fs -H "$OPERATOR_AUTH" -H 'Content-Type: application/json' \
    -d '{"name":"Bench group","platform":"DeepSeek","rateMultiplier":"1.5","serviceRegion":"CN","visibility":"PUBLIC",
         "status":"ACTIVE","models":["deepseek-chat","deepseek-reasoner"]}' \
    "$BASE/api/admin/model-groups" | json_field "['id']")
REGISTERED=$(bench_register_tenant "$BASE" "$TENANT_EMAIL" "Bench tenant" CN)
TOKEN=$(printf '%s' "$REGISTERED" | json_field "['token']")
TENANT_ID=$(printf '%s' "$REGISTERED" | json_field "['tenant']['id']")
USER_ID=$(printf '%s' "$REGISTERED" | json_field "['user']['id']")
curl -fs -o /dev/null -H "$OPERATOR_AUTH" -H 'Content-Type: application/json' \
    -d '{"amount":"1000000.00","reason":"benchmark credit"}' "$BASE/api/admin/tenants/$TENANT_ID/balance-adjustments"
CREATED=$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench warm key\",\"groupId\":\"$GROUP_ID\"}" "$BASE/api/api-keys")
WARM_KEY=$(printf '%s' "$CREATED" | json_field "['key']")
WARM_KEY_ID=$(printf '%s' "$CREATED" | json_field "['id']")

bench_pg_env "$WORK/db"
# One insert of KEY_COUNT ACTIVE keys of the tenant, bound to the group, hashed as the server hashes them.
bench_psql -v tenant="$TENANT_ID" -v user="$USER_ID" -v grp="$GROUP_ID" -v n="$KEY_COUNT" <<'SQL'
insert into api_keys (id, tenant_id, created_by, name, prefix, secret_hash, group_id, status)
select gen_random_uuid(), :'tenant', :'user', 'Bench key ' || i, 'gk-bench',
       encode(sha256(('gk-bench' || lpad(i::text, 40, '0'))::bytea), 'hex'), :'grp', 'ACTIVE'
from generate_series(1, :n) as i;
SQL
python3 -c "import sys; [print('gk-bench' + str(i).rjust(40, '0')) for i in range(1, int(sys.argv[1]) + 1)]" \
    "$KEY_COUNT" >"$WORK/keys.txt"

check_body() { curl -fs -H "$GATEWAY_AUTH" -H 'Content-Type: application/json' -d "{\"key\":\"$1\"}" "$BASE/internal/key-checks"; }
WARM_ANSWER=$(check_body "$WARM_KEY")
SQL_ANSWER=$(check_body "$(sed -n "${KEY_COUNT}p" "$WORK/keys.txt")")
echo "   warm key check: $WARM_ANSWER"
echo "   last SQL key:   $SQL_ANSWER"
for answer in "$WARM_ANSWER" "$SQL_ANSWER"; do
    [[ $(printf '%s' "$answer" | json_field "['allowed']") == True ]] || { echo "expected allowed: true" >&2; exit 1; }
done
USAGE_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "$GATEWAY_AUTH" -H 'Content-Type: application/json' \
    -d "{\"requestId\":\"bench-probe\",\"keyId\":\"$WARM_KEY_ID\",\"groupId\":\"$GROUP_ID\",\"inputTokens\":1,
         \"outputTokens\":1,\"baseCost\":\"0.000100\"}" "$BASE/internal/usage")
[[ "$USAGE_STATUS" == 202 ]] || { echo "expected 202 from /internal/usage, got $USAGE_STATUS" >&2; exit 1; }

# The api-keys cache's size and hit/miss counters (Caffeine metrics in /actuator/prometheus).
cache_stats() {
    curl -fs "$BASE/actuator/prometheus" | python3 -c '
import re, sys
values = {"size": 0, "hit": 0, "miss": 0}
for line in sys.stdin:
    if "cache=\"api-keys\"" not in line or line.startswith("#"):
        continue
    value = float(line.rsplit(" ", 1)[1])
    if line.startswith("cache_size"):
        values["size"] = value
    elif line.startswith("cache_gets_total") and "result=\"hit\"" in line:
        values["hit"] = value
    elif line.startswith("cache_gets_total") and "result=\"miss\"" in line:
        values["miss"] = value
print("%d %d %d" % (values["size"], values["hit"], values["miss"]))'
}

wrk_key_check() { # duration, extra args after -- ...
    local duration=$1; shift
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$DIR/key-check.lua" -H "$GATEWAY_AUTH" \
        "$BASE/internal/key-checks" -- "$@"
}
wrk_plain() { # duration, url, extra headers...
    local duration=$1 url=$2; shift 2
    local headers=()
    for h in "$@"; do headers+=(-H "$h"); done
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$DIR/../catalog/report.lua" "${headers[@]}" "$url"
}
wrk_usage() { # duration, run tag
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -s "$DIR/usage.lua" -H "$GATEWAY_AUTH" \
        "$BASE/internal/usage" -- "$2" "$WARM_KEY_ID" "$GROUP_ID"
}
result() { grep '^RESULT' | sed "s/^/$1 /"; }

echo "== warming up (JIT): $WARMUP on each endpoint; the rotation's warm-up pass loads every key"
wrk_plain "$WARMUP" "$BASE/actuator/health/liveness" >/dev/null
wrk_plain "$WARMUP" "$BASE/api/auth/config" >/dev/null
wrk_key_check "$WARMUP" key "$WARM_KEY" >/dev/null
# One pass over the set; a slow machine may need more than $WARMUP for it, so further passes continue where the
# previous one stopped (each thread's start moves on by the requests it made) until every key is cached.
start=0
for pass in 1 2 3 4 5 6; do
    done_requests=$(wrk_key_check "$WARMUP" keys "$WORK/keys.txt" "$THREADS" "$start" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
    start=$((start + done_requests / THREADS))
    read -r size _ _ <<<"$(cache_stats)"
    [[ "$size" -gt "$KEY_COUNT" ]] && break
done
echo "   api-keys cache holds $size snapshots after $pass warm-up pass(es) of $WARMUP"
[[ "$size" -gt "$KEY_COUNT" ]] || echo "   WARNING: the warm-up did not load every key; the rotation figure includes misses"
wrk_usage "$WARMUP" "warmup-$RANDOM" >/dev/null

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
RESULTS=$( {
    wrk_plain "$DURATION" "$BASE/actuator/health/liveness" | result liveness
    wrk_plain "$DURATION" "$BASE/api/auth/config" | result auth-config
    wrk_key_check "$DURATION" key "$WARM_KEY" | result warm-key
    read -r _ hits_before misses_before <<<"$(cache_stats)"
    wrk_key_check "$DURATION" keys "$WORK/keys.txt" "$THREADS" | result rotation
    read -r _ hits_after misses_after <<<"$(cache_stats)"
    echo "cache-rotation hits=$((hits_after - hits_before)) misses=$((misses_after - misses_before))"
    wrk_usage "$DURATION" "run-$RANDOM" | result usage
} )
USAGE_ROWS=$(bench_psql -At -c "select count(*) from usage_records")
LEDGER_ROWS=$(bench_psql -At -c "select count(*) from ledger_entries where kind = 'USAGE'" 2>/dev/null || echo "?")

echo "== sign-in: $LOGINS sequential POST /api/auth/login"
LOGIN_TIMES=$(for _ in $(seq 1 "$LOGINS"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
        -d "{\"email\":\"$TENANT_EMAIL\",\"password\":\"$TENANT_PASSWORD\"}" "$BASE/api/auth/login"
done)

MET=0
bench_ratio_table "$RESULTS" liveness auth-config "warm-key>=0.6" "rotation>=0.5" usage || MET=$?
python3 - "$RESULTS" "$LOGIN_TIMES" "$KEY_COUNT" "$USAGE_ROWS" "$LEDGER_ROWS" <<'PY'
import statistics, sys
rows, cache = {}, {}
for line in sys.argv[1].splitlines():
    name, *fields = line.split()
    if name == "cache-rotation":
        cache = {k: int(v) for k, v in (f.split("=") for f in fields)}
    elif name == "usage":
        rows[name] = {k: float(v) for k, v in (f.split("=") for f in fields[1:])}  # drop "RESULT"
print(f"rotation over {sys.argv[3]} keys: api-keys cache {cache.get('hits', 0)} hits, {cache.get('misses', 0)} misses")
print(f"usage: {rows['usage']['rps']:.0f} reports/s; usage_records rows {sys.argv[4]}, USAGE ledger entries {sys.argv[5]}")
times = sorted(float(t) * 1000 for t in sys.argv[2].split())
print(f"sign-in ({len(times)} sequential logins): median {statistics.median(times):.0f} ms, "
      f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms")
PY
bench_verdict "$MET"
echo "ceiling = liveness; auth-config (public, no database, small JSON) is shown as a second reference"
echo "== stopping the server"

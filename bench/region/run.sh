#!/usr/bin/env bash
# Region benchmark (see bench/README.md, "region"):
#  1. the pre-check of a tenant with 10,000 / 100,000 API keys (seeded directly in the database, 80 % of them on
#     groups the change would lose, with usage spread over them): p50 and p99 to the last byte of sequential
#     pre-check requests;
#  2. propagation between two replicas on one PostgreSQL: the time from a region change returning on
#     server A until server B's model-group list has changed, over 50 changes.
#
#   bench/region/run.sh
#   KEY_COUNTS="1000 10000" PRECHECKS=200 CHANGES=50 bench/region/run.sh
#
# Both servers run on Debian's PostgreSQL (synchronous_commit=on), started in a temporary directory.
# Loopback only. Targets: pre-check p99 < 50 ms at 10,000 keys (8,000 affected), < 300 ms at 100,000;
# propagation median < 50 ms, max < 1 s.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

cd "$(dirname "$0")/../.."
KEY_COUNTS=${KEY_COUNTS:-"10000 100000"}
PRECHECKS=${PRECHECKS:-200}
CHANGES=${CHANGES:-50}
MVNW_OPTS=${MVNW_OPTS--o}

bench_require curl
bench_require psql "apt-get install -y postgresql-client"

bench_build_jar
bench_make_workdir
PORT_A=$(bench_free_port)
PORT_B=$(bench_free_port)
A="http://127.0.0.1:$PORT_A"
B="http://127.0.0.1:$PORT_B"

bench_start_postgres
echo "== starting servers A (port $PORT_A) and B (port $PORT_B) on that PostgreSQL"
bench_start_server a "$PORT_A" --spring.r2dbc.url="$PG_URL" --spring.r2dbc.username=postgres \
    --gahorouter.billing.provider=sandbox --gahorouter.rate-limit.registrations-per-ip=1000
bench_wait_live a "$A"
bench_start_server b "$PORT_B" --spring.r2dbc.url="$PG_URL" --spring.r2dbc.username=postgres \
    --gahorouter.billing.provider=sandbox --gahorouter.rate-limit.registrations-per-ip=1000
bench_wait_live b "$B"

register() { # email, region → token
    bench_register_tenant "$A" "$1" "Bench $2" "$2" | json_field "['token']"
}
create_group() { # name, region → id
    curl -fs -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"platform\":\"Bench\",\"rateMultiplier\":\"1.0\",\"serviceRegion\":\"$2\",
             \"visibility\":\"PUBLIC\",\"status\":\"ACTIVE\",\"models\":[\"m\"]}" \
        "$A/api/admin/model-groups" | json_field "['id']"
}

echo "== seeding groups and tenants"
OPERATOR_TOKEN=$(bench_login_operator "$A")
CN_GROUP=$(create_group "Bench CN" CN)
OVERSEAS_GROUPS=()
for i in 1 2 3 4; do OVERSEAS_GROUPS+=("$(create_group "Bench overseas $i" OVERSEAS)"); done
PRECHECK_TOKEN=$(register precheck@bench.example.com OVERSEAS)
PRECHECK_TENANT=$(psql -Atc "select tenant_id from users where email = 'precheck@bench.example.com'")
PRECHECK_USER=$(psql -Atc "select id from users where email = 'precheck@bench.example.com'")

seed_keys() { # count: that many keys, spread over the four overseas groups and the CN group, 1 in 3 used today
    psql -q -v ON_ERROR_STOP=1 <<SQL
delete from usage_hourly where tenant_id = '$PRECHECK_TENANT';
delete from usage_records where tenant_id = '$PRECHECK_TENANT';
delete from api_keys where tenant_id = '$PRECHECK_TENANT';
insert into api_keys (id, tenant_id, created_by, name, prefix, secret_hash, group_id, status, created_at)
select gen_random_uuid(), '$PRECHECK_TENANT', '$PRECHECK_USER', 'Bench key ' || i, 'gk-' || lpad((i % 100000)::text, 5, '0'),
       encode(sha256(('gk-bench-$1-' || i)::bytea), 'hex'),
       (array['${OVERSEAS_GROUPS[0]}', '${OVERSEAS_GROUPS[1]}', '${OVERSEAS_GROUPS[2]}', '${OVERSEAS_GROUPS[3]}',
              '$CN_GROUP']::uuid[])[1 + i % 5],
       'ACTIVE', now() - interval '30 days'
from generate_series(1, $1) as i;
insert into usage_records (request_id, tenant_id, key_id, group_id, input_tokens, output_tokens, base_cost, cost,
                           occurred_at, occurred_day)
select 'bench-' || k.id || '-' || n, k.tenant_id, k.id, k.group_id, 100, 50, 0.001, 0.001,
       now() - (n * interval '13 hours'), ((now() - (n * interval '13 hours')) at time zone 'UTC')::date
from (select id, tenant_id, group_id, row_number() over () as r from api_keys where tenant_id = '$PRECHECK_TENANT') k,
     generate_series(1, 3) as n
where k.r % 3 = 0;
-- What the usage transaction keeps on each key: its last reported call.
update api_keys k set last_reported_at = u.last_call
from (select key_id, max(occurred_at) as last_call from usage_records where tenant_id = '$PRECHECK_TENANT'
      group by key_id) u
where u.key_id = k.id;
analyze api_keys;
analyze usage_records;
SQL
}

PRECHECK_RESULTS=""
for count in $KEY_COUNTS; do
    echo "== pre-check with $count keys"
    seed_keys "$count"
    PRECHECK_RESULTS+=$(python3 - "$A" "$PRECHECK_TOKEN" "$PRECHECKS" "$count" <<'PY'
import http.client, json, sys, time, urllib.parse
base, token, runs, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
headers = {"Authorization": "Bearer " + token}
def once():
    start = time.perf_counter()
    connection.request("GET", "/api/tenant/region/precheck?target=CN", headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    assert response.status == 200, (response.status, body[:200])
    return elapsed, json.loads(body)
warm_until = time.perf_counter() + 15  # JIT warm-up: 15 s of pre-checks, as every benchmark here warms a path
while time.perf_counter() < warm_until:
    once()
times = []
for _ in range(runs):
    elapsed, answer = once()
    times.append(elapsed * 1000)
times.sort()
p = lambda q: times[min(len(times) - 1, int(round(q * (len(times) - 1))))]
print(f"{count} {len(answer['affectedKeys'])} {p(0.5):.1f} {p(0.99):.1f} {times[-1]:.1f}")
PY
)$'\n'
done

echo "== propagation A -> B over $CHANGES region changes"
PROPAGATION=$(python3 - "$A" "$B" "$(register propagation@bench.example.com OVERSEAS)" "${OVERSEAS_GROUPS[0]}" "$CHANGES" <<'PY'
import http.client, json, sys, time, urllib.parse
a, b, token, overseas_group, changes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
def connect(base):
    url = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=10)
ca, cb = connect(a), connect(b)
auth = {"Authorization": "Bearer " + token}
def b_has_overseas():
    cb.request("GET", "/api/model-groups", headers=auth)
    response = cb.getresponse()
    body = response.read()
    assert response.status == 200, response.status
    return overseas_group.encode() in body
region = "OVERSEAS"
samples = []
for i in range(changes):
    target = "CN" if region == "OVERSEAS" else "OVERSEAS"
    expect_overseas = target == "OVERSEAS"
    assert b_has_overseas() != expect_overseas  # B has the old list cached
    body = json.dumps({"region": target, "complianceAcknowledged": True})
    ca.request("PUT", "/api/tenant/region", body=body, headers={**auth, "Content-Type": "application/json"})
    response = ca.getresponse()
    response.read()
    assert response.status == 200, response.status
    returned = time.perf_counter()
    while b_has_overseas() != expect_overseas:
        if time.perf_counter() - returned > 5:
            raise SystemExit("B did not follow within 5 s")
    samples.append((time.perf_counter() - returned) * 1000)
    region = target
samples.sort()
print(f"{samples[len(samples) // 2]:.1f} {samples[-1]:.1f} {samples[0]:.1f}")
PY
)

python3 - "$PRECHECK_RESULTS" "$PROPAGATION" <<'PY'
import sys
rows = [line.split() for line in sys.argv[1].strip().splitlines()]
print(f"{'keys':>8}{'affected':>10}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
for keys, affected, p50, p99, worst in rows:
    print(f"{int(keys):>8}{int(affected):>10}{float(p50):>9.1f}{float(p99):>9.1f}{float(worst):>9.1f}")
for keys, target in (("10000", 50), ("100000", 300)):
    row = [r for r in rows if r[0] == keys]
    if row:
        print(f"pre-check p99 at {int(keys):,} keys < {target} ms:", "met" if float(row[0][3]) < target else "MISSED")
if len(rows) > 1:
    first, last = rows[0], rows[-1]
    growth = (float(last[2]) / float(first[2])) / (int(last[0]) / int(first[0]))
    print(f"p50 growth {first[0]} -> {last[0]} keys: x{float(last[2]) / float(first[2]):.1f} "
          f"for x{int(last[0]) / int(first[0]):.0f} keys ({'linear or better' if growth <= 1.2 else 'worse than linear'})")
median, worst, best = (float(x) for x in sys.argv[2].split())
print(f"propagation A -> B: median {median:.1f} ms, max {worst:.1f} ms, min {best:.1f} ms;",
      "targets (median < 50 ms, max < 1 s):", "met" if median < 50 and worst < 1000 else "MISSED")
PY
echo "== stopping the servers"

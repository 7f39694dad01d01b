"""The soak's slow routes, for bench/soak/run.sh: for SECONDS, on one connection, sequentially:

- every 30 s a region change of the region tenant (its admin token): GET /api/tenant/region/precheck?target=X, then
  PUT /api/tenant/region, alternating CN and OVERSEAS; after a change to OVERSEAS the tenant's overseas key is bound
  to the overseas group again (PUT /api/api-keys/{id}), so that every change to CN unbinds a key;
- every 2 s a sign-in with the right password (200), every 4 s one with a wrong password on another account
  (401 INVALID_CREDENTIALS until its limit, then 429 RATE_LIMITED: both expected, counted apart);
- every 60 s a top-up of 10.00 by the region tenant (the sandbox provider pays it at once), appended to the
  credits file as "<tenant id> <amount>" for the ledger reconciliation.

Prints one "<route> RESULT ..." line per route in the format of soak.lua (odd= counts 2xx answers that are not
what was expected: a precheck without the affected key, a top-up not PAID).

    python3 driver.py <base url> <seconds> <config json> <credits file>
"""
import http.client
import json
import sys
import time
import urllib.parse

base, seconds, config, credits_file = sys.argv[1], float(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
stats = {}


def call(route, method, path, body=None, token=None, expected=(200,)):
    """One request; records its latency and status under route; returns (status, parsed body or None)."""
    global connection
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    entry = stats.setdefault(route, {"times": [], "statuses": {}, "errors": 0, "odd": 0})
    start = time.perf_counter()
    try:
        connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = connection.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException):
        entry["errors"] += 1
        connection.close()
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        return None, None
    entry["times"].append((time.perf_counter() - start) * 1000)
    entry["statuses"][response.status] = entry["statuses"].get(response.status, 0) + 1
    if response.status not in expected:
        entry["errors"] += 1
        print(f"{route}: unexpected {response.status} {raw[:300]!r}", file=sys.stderr)
    try:
        return response.status, json.loads(raw) if raw else None
    except ValueError:
        return response.status, None


region_token = config["regionToken"]
region = "OVERSEAS"
credits = open(credits_file, "a")
started = time.monotonic()
next_change, next_login, next_wrong, next_top_up = started + 30, started, started + 1, started + 15
while True:
    now = time.monotonic()
    if now - started >= seconds:
        break
    if now >= next_change:
        next_change += 30
        target = "CN" if region == "OVERSEAS" else "OVERSEAS"
        _, precheck = call("region-precheck", "GET", "/api/tenant/region/precheck?target=" + target, token=region_token)
        affected = [k["id"] for k in (precheck or {}).get("affectedKeys", [])]
        if target == "CN" and affected != [config["overseasKeyId"]]:
            stats["region-precheck"]["odd"] += 1
        status, changed = call("region-change", "PUT", "/api/tenant/region", token=region_token,
                               body={"region": target, "complianceAcknowledged": True})
        if status == 200:
            region = target
            if target == "CN" and changed["unboundKeys"] != [config["overseasKeyId"]]:
                stats["region-change"]["odd"] += 1
            if target == "OVERSEAS":
                call("key-rebind", "PUT", "/api/api-keys/" + config["overseasKeyId"], token=region_token,
                     body={"groupId": config["overseasGroupId"]})
    elif now >= next_top_up:
        next_top_up += 60
        status, order = call("top-up", "POST", "/api/billing/top-ups", token=region_token, body={"amount": "10.00"},
                             expected=(201,))
        if status == 201:
            if order["status"] == "PAID":
                credits.write(f"{config['regionTenantId']} 10.00\n")
                credits.flush()
            else:
                stats["top-up"]["odd"] += 1
    elif now >= next_login:
        next_login += 2
        call("login", "POST", "/api/auth/login", body={"email": config["loginEmail"], "password": config["password"]})
    elif now >= next_wrong:
        next_wrong += 4
        call("login-wrong", "POST", "/api/auth/login", expected=(401, 429),
             body={"email": config["victimEmail"], "password": "not the password at all"})
    else:
        time.sleep(max(0.0, min(next_change, next_top_up, next_login, next_wrong) - time.monotonic()))
elapsed = time.monotonic() - started


def percentile(sorted_times, q):
    return sorted_times[min(len(sorted_times) - 1, int(round(q * (len(sorted_times) - 1))))] if sorted_times else 0.0


for route in ("region-precheck", "region-change", "key-rebind", "top-up", "login", "login-wrong"):
    entry = stats.get(route, {"times": [], "statuses": {}, "errors": 0, "odd": 0})
    times = sorted(entry["times"])
    codes = " ".join(f"s{code}={count}" for code, count in sorted(entry["statuses"].items()))
    print(f"{route} RESULT rps={len(times) / elapsed:.2f} p50_ms={percentile(times, 0.5):.2f} "
          f"p99_ms={percentile(times, 0.99):.2f} max_ms={times[-1] if times else 0:.2f} requests={len(times)} "
          f"errors={entry['errors']} odd={entry['odd']} {codes}".rstrip())

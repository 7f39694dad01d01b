# Shared plumbing of the benchmark scripts (bench/*/run.sh), sourced after `set -euo pipefail` and the `cd` to
# the repository root:
#
#   . "$(dirname "$0")/../lib.sh"
#
# The functions run in the calling shell, so `exit` in one of them ends the script (and runs the EXIT trap).
# Functions meant to be called as $(...) are a single command or pipeline, so that their status is the
# substitution's status and `set -e` stops the script when they fail, as the inline code they replace did.

BENCH_OPERATOR_EMAIL=bench-operator@gahorouter.local
BENCH_OPERATOR_PASSWORD="bench operator $(date +%s%N)"
BENCH_TENANT_PASSWORD="violet kangaroo sandwich 42"
BENCH_PIDS=()
declare -A BENCH_PID_OF=()
declare -A BENCH_MANAGEMENT_PORT_OF=()

# bench_require <tool> [install hint]: exit 2 with "<tool> is missing[: hint]" unless the tool is on the PATH.
bench_require() {
    command -v "$1" >/dev/null || { echo "$1 is missing${2:+: $2}" >&2; exit 2; }
}

# bench_build_jar: build the application jar (./mvnw -q $MVNW_OPTS -DskipTests package) and set JAR to it.
bench_build_jar() {
    echo "== building the jar"
    ./mvnw -q $MVNW_OPTS -DskipTests package
    JAR=$(ls target/gahorouter-console-*.jar | grep -v '\.original$' | head -1)
}

# bench_make_workdir: set WORK to a new temporary directory and install bench_stop_all as the EXIT trap.
bench_make_workdir() {
    WORK=$(mktemp -d -t gahorouter-bench-XXXXXX)
    trap bench_stop_all EXIT
}

# bench_free_port: print a free TCP port on the loopback interface.
bench_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# bench_start_server <name> <port> [extra args...]: start the jar in the background on 127.0.0.1:<port> (its
# actuator on a free management port, BENCH_MANAGEMENT_PORT_OF[<name>], so several servers can run), without
# demo data, with the bench operator as bootstrap admin and root logging at warn, plus the extra arguments (e.g.
# --gahorouter.embedded-db.dir="$WORK/db"); its output goes to $WORK/<name>.log. Records its PID for
# bench_stop_all and bench_wait_live. Call it directly, not in $(...), so that the server is this shell's child.
bench_start_server() {
    local name=$1 port=$2; shift 2
    local management_port
    management_port=$(bench_free_port)
    BENCH_MANAGEMENT_PORT_OF[$name]=$management_port
    java ${JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" --gahorouter.demo-data=false \
        --management.server.port="$management_port" \
        --gahorouter.bootstrap.admin-email="$BENCH_OPERATOR_EMAIL" \
        --gahorouter.bootstrap.admin-password="$BENCH_OPERATOR_PASSWORD" \
        --logging.level.root=warn "$@" >"$WORK/$name.log" 2>&1 &
    BENCH_PIDS+=($!)
    BENCH_PID_OF[$name]=$!
}

# bench_start_one [extra args...]: the one-server case: set PORT to a free port and BASE to its URL (and
# MANAGEMENT_PORT/MANAGEMENT for the actuator's management port), print
# "== starting the server on port ... (data under $WORK)", start the server "server" with its embedded PostgreSQL
# under $WORK/db (plus the extra arguments) and wait until it is live.
bench_start_one() {
    PORT=$(bench_free_port)
    BASE="http://127.0.0.1:$PORT"
    echo "== starting the server on port $PORT (data under $WORK)"
    bench_start_server server "$PORT" --gahorouter.embedded-db.dir="$WORK/db" "$@"
    MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT_OF[server]}
    MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
    bench_wait_live server "$BASE"
}

# bench_wait_live <name> <base url>: wait up to about a minute until <base url>/api/auth/config answers;
# if the server <name> dies meanwhile, print its log and exit 1; if it never answers, exit 1.
bench_wait_live() {
    local name=$1 base=$2 pid=${BENCH_PID_OF[$1]}
    for _ in $(seq 1 120); do
        curl -fs "$base/api/auth/config" >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$WORK/$name.log" >&2; exit 1; }
        sleep 0.5
    done
    curl -fs "$base/api/auth/config" >/dev/null 2>&1 && return 0
    echo "server $name at $base did not start" >&2
    exit 1
}

# bench_start_postgres: start Debian's PostgreSQL (apt-get install -y postgresql) as the postgres user on a free
# loopback port with its data under $WORK/pg, synchronous_commit=on (its default, as production runs), and set
# PG_PORT, PG_URL (the r2dbc URL for spring.r2dbc.url) and the PG* variables for psql. bench_stop_all stops it.
bench_start_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [[ -x "$bin/initdb" ]] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 2; }
    PG_PORT=$(bench_free_port)
    mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg" && chmod 755 "$WORK"
    su postgres -s /bin/sh -c "'$bin/initdb' -D '$WORK/pg/data' -A trust -U postgres >'$WORK/pg/initdb.log' 2>&1"
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$WORK/pg/data' -l '$WORK/pg/server.log' -w -o \"-k /tmp \
        -c listen_addresses=127.0.0.1 -p $PG_PORT -c synchronous_commit=on -c max_connections=200 \
        -c shared_buffers=512MB\" start" >/dev/null
    BENCH_PG_BIN=$bin
    PG_URL="r2dbc:postgresql://127.0.0.1:$PG_PORT/postgres"
    export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=postgres
    echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $PG_PORT, synchronous_commit=$(bench_psql -At -c 'show synchronous_commit')"
}

# bench_stop_all: the EXIT trap: stop every server bench_start_server started (in start order, waiting for each)
# and remove $WORK.
bench_stop_all() {
    local pid
    for pid in ${BENCH_PIDS[@]+"${BENCH_PIDS[@]}"}; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n "${BENCH_PG_BIN:-}" ]]; then
        su postgres -s /bin/sh -c "'$BENCH_PG_BIN/pg_ctl' -D '$WORK/pg/data' -m fast -w stop" >/dev/null 2>&1 || true
    fi
    rm -rf "${WORK:?}"
}

# json_field <python subscript>: print that field of the JSON on stdin, e.g. json_field "['tenant']['id']".
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# bench_login_operator <base url>: sign the bench operator in and print the session token.
bench_login_operator() {
    # The bootstrap operator is created just after the server starts answering: retry a few seconds.
    local answer
    for _ in $(seq 1 40); do
        if answer=$(curl -fs -H 'Content-Type: application/json' \
            -d "{\"email\":\"$BENCH_OPERATOR_EMAIL\",\"password\":\"$BENCH_OPERATOR_PASSWORD\"}" "$1/api/auth/login"); then
            printf '%s' "$answer" | json_field "['token']"
            return 0
        fi
        sleep 0.25
    done
    echo "the bootstrap operator could not sign in at $1" >&2
    exit 1
}

# bench_register_tenant <base url> <email> <tenant name> <region>: register a tenant (password
# $BENCH_TENANT_PASSWORD, contact "Bench") and print the JSON answer (token, user, tenant).
bench_register_tenant() {
    curl -fs -H 'Content-Type: application/json' \
        -d "{\"email\":\"$2\",\"password\":\"$BENCH_TENANT_PASSWORD\",\"tenantName\":\"$3\",
             \"contactName\":\"Bench\",\"contactPhone\":\"+8613800138000\",\"region\":\"$4\",
             \"turnstileToken\":\"none\",\"agreementAccepted\":true}" "$1/api/auth/register"
}

# bench_pg_env <embedded db dir>: set PG_PORT to the embedded PostgreSQL's port (line 4 of pgdata/postmaster.pid)
# and export PGHOST, PGPORT, PGUSER, PGDATABASE for psql (user postgres, no password, database postgres).
bench_pg_env() {
    PG_PORT=$(sed -n 4p "$1/pgdata/postmaster.pid")
    export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=postgres
}

# bench_psql [psql args...]: psql on the embedded PostgreSQL (after bench_pg_env), no psqlrc, stop on the first error.
bench_psql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

# bench_warm_up <url|header|header...>...: run wrk -t$THREADS -c$CONNECTIONS -d$WARMUP once per argument (the URL,
# then its request headers, separated by '|'), output discarded.
bench_warm_up() {
    local entry parts headers h
    for entry in "$@"; do
        IFS='|' read -r -a parts <<<"$entry"
        headers=()
        for h in "${parts[@]:1}"; do headers+=(-H "$h"); done
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${headers[@]}" "${parts[0]}" >/dev/null
    done
}

# bench_wrk_result <name> <connections> <lua report> <url> [header...]: run wrk -t$THREADS -d$DURATION --latency
# with the report script and print "<name> RESULT ..." (the report's line).
bench_wrk_result() {
    local name=$1 connections=$2 lua=$3 url=$4; shift 4
    local headers=() h line
    for h in "$@"; do headers+=(-H "$h"); done
    line=$(wrk -t"$THREADS" -c"$connections" -d"$DURATION" --latency -s "$lua" "${headers[@]}" "$url" | grep '^RESULT')
    echo "$name $line"
}

# bench_ratio_table [--name-width N] [--percentiles "50 90 99"] [--ratio-label TEXT] [--ceiling NAME] <results> <row>...
# Print a table of the "<name> RESULT rps=... p99_ms=... connect=..." lines in <results> (other lines are
# ignored): requests/s, the latency percentiles (default 99), requests/s relative to the row NAME (the
# ceiling, default "auth-config": the server's own constant public route) and the error count, one line per <row>, in that order. A row is NAME, NAME>=R (target: at least R x
# ceiling) or NAME:p99<MS (target: p99 under MS ms); a target's verdict follows its line ("  target >= R<label>:
# met|MISSED", "  target p99 < MS ms: met|MISSED"). Returns 0 when every target is met with no errors, 1
# otherwise (bench_verdict prints that); any other failure exits the script.
bench_ratio_table() {
    local rc=0
    python3 - "$@" <<'PY' || rc=$?
import sys
args = sys.argv[1:]
width, percentiles, label, ceiling_name = 14, ["99"], "", "auth-config"
while args[0].startswith("--"):
    option, value, args = args[0], args[1], args[2:]
    if option == "--name-width":
        width = int(value)
    elif option == "--percentiles":
        percentiles = value.split()
    elif option == "--ratio-label":
        label = value
    elif option == "--ceiling":
        ceiling_name = value
    else:
        raise SystemExit(f"bench_ratio_table: unknown option {option}")
results, specs = args[0], args[1:]
rows = {}
for line in results.splitlines():
    name, tag, *fields = line.split()
    if tag == "RESULT":
        rows[name] = {k: float(v) for k, v in (f.split("=") for f in fields)}
ceiling = rows[ceiling_name]["rps"]
print(f"{'endpoint':<{width}}{'requests/s':>12}" + "".join(f"{'p' + p + ' ms':>9}" for p in percentiles)
      + f"{'x ceiling':>11}{'errors':>8}")
ok = True
for spec in specs:
    ratio_target = p99_target = None
    if ">=" in spec:
        spec, ratio_target = spec.split(">=")
        ratio_target = float(ratio_target)
    elif ":p99<" in spec:
        spec, p99_target = spec.split(":p99<")
        p99_target = float(p99_target)
    r = rows[spec]
    errors = int(r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"])
    ratio = r["rps"] / ceiling
    verdict = ""
    if ratio_target is not None:
        met = ratio >= ratio_target
        verdict = "  target >= %.2f%s: %s" % (ratio_target, label, "met" if met else "MISSED")
        ok &= met
    if p99_target is not None:
        met = r["p99_ms"] < p99_target
        verdict = "  target p99 < %.0f ms: %s" % (p99_target, "met" if met else "MISSED")
        ok &= met
    ok &= errors == 0
    print(f"{spec:<{width}}{r['rps']:>12.0f}" + "".join(f"{r['p' + p + '_ms']:>9.2f}" for p in percentiles)
          + f"{ratio:>11.2f}{errors:>8}{verdict}")
sys.exit(0 if ok else 10)
PY
    case $rc in
        0) return 0 ;;
        10) return 1 ;;
        *) echo "bench_ratio_table failed (status $rc)" >&2; exit "$rc" ;;
    esac
}

# bench_rounds <rounds> <entry>...: measure each entry for $DURATION (wrk -t$THREADS --latency) once per round,
# the entries alternating within every round so that drift of a shared machine hits them alike, and print one
# "<name> RESULT rps=<median> p99_ms=<median> ... <errors summed>" line per entry (medians over the rounds). An
# entry is NAME|CONNECTIONS|LUA|URL[|header...]; LUA is a wrk script printing a RESULT line (../catalog/report.lua
# or one that dofile()s it) followed by its own arguments after a space, e.g. "key-check.lua key gk-...".
bench_rounds() {
    local rounds=$1; shift
    local round entry name connections lua url parts headers h out
    out=$(for round in $(seq 1 "$rounds"); do
        for entry in "$@"; do
            IFS='|' read -r -a parts <<<"$entry"
            name=${parts[0]} connections=${parts[1]} lua=${parts[2]} url=${parts[3]}
            headers=()
            for h in "${parts[@]:4}"; do headers+=(-H "$h"); done
            read -r -a lua <<<"$lua"
            wrk -t"$THREADS" -c"$connections" -d"$DURATION" --latency -s "${lua[0]}" "${headers[@]}" "$url" \
                ${lua[1]:+--} "${lua[@]:1}" | grep '^RESULT' | sed "s/^/$name /"
        done
    done)
    python3 - "$out" <<'PY'
import statistics, sys
runs = {}
order = []
for line in sys.argv[1].splitlines():
    name, _, *fields = line.split()
    if name not in runs:
        order.append(name)
    runs.setdefault(name, []).append({k: float(v) for k, v in (f.split("=") for f in fields)})
for name in order:
    rs = runs[name]
    med = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
    errors = {k: sum(r[k] for r in rs) for k in ("connect", "read", "write", "status", "timeout")}
    fields = " ".join(f"{k}={med[k]:.2f}" for k in med if k.startswith("p") or k == "rps")
    print(f"{name} RESULT {fields} " + " ".join(f"{k}={int(v)}" for k, v in errors.items()))
PY
}

# bench_start_reference <port> <body file>: start bench/reference/ReferenceServer.java (a bare Reactor Netty
# server answering the same bytes) on the application's own libraries, extracted from $JAR under $WORK.
bench_start_reference() {
    [[ -d "$WORK/extracted" ]] || java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/extracted" >/dev/null
    java -cp "$WORK/extracted/lib/*" bench/reference/ReferenceServer.java "$1" "$2" >"$WORK/reference.log" 2>&1 &
    BENCH_PIDS+=($!)
    for _ in $(seq 1 60); do
        curl -fs "http://127.0.0.1:$1/" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    cat "$WORK/reference.log" >&2
    exit 1
}

# bench_hey_latency <name> <rate per worker> <workers> <duration> <url> <body, empty for a GET> [header...]: hey at a fixed rate
# (POST with the body), printing "<name> LATENCY rps=... p50_ms=... p95_ms=... p99_ms=... non2xx=N".
bench_hey_latency() {
    local name=$1 rate=$2 workers=$3 duration=$4 url=$5 body=$6; shift 6
    local headers=() h
    for h in "$@"; do headers+=(-H "$h"); done
    local request=()
    [[ -n "$body" ]] && request=(-m POST -T application/json -d "$body")   # no body: a GET
    hey -z "$duration" -c "$workers" -q "$rate" "${request[@]}" "${headers[@]}" "$url" \
        | python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1))
pct = {p: float(v) * 1000 for p, v in re.findall(r"\s(\d+)%+ in ([0-9.]+) secs", text)}
codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)
non2xx = sum(int(n) for c, n in codes if not c.startswith("2"))
p50, p95, p99 = pct["50"], pct["95"], pct["99"]
print(f"'"$name"' LATENCY rps={rps:.0f} p50_ms={p50:.2f} p95_ms={p95:.2f} p99_ms={p99:.2f} non2xx={non2xx}")'
}

# bench_verdict <0|1>: print the closing line of a table: "all targets met, no errors" for 0 (bench_ratio_table's
# status), "SOME TARGET MISSED OR ERRORS" otherwise.
bench_verdict() {
    if [[ "$1" == 0 ]]; then echo "all targets met, no errors"; else echo "SOME TARGET MISSED OR ERRORS"; fi
}

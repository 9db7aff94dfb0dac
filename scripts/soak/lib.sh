# Helpers for scripts/soak/run: sandboxes in the background, configuration, checks.
# Sourced, not run. Expects REHOOK (the binary), CHECK (check.py) and WORK (a temp dir).

passed=0
failed=0
sandbox_pids=()

# check NAME COMMAND...: runs a check, counts it, prints ok/FAIL with the command's output.
check() {
    local name="$1"; shift
    local output
    if output="$("$@" 2>&1)"; then
        passed=$((passed + 1))
        printf '  ok    %s%s\n' "$name" "${output:+: ${output//$'\n'/; }}"
    else
        failed=$((failed + 1))
        printf '  FAIL  %s%s\n' "$name" "${output:+: ${output//$'\n'/; }}"
    fi
}

# expect_status NAME EXPECTED ACTUAL: a check on an exit status already taken.
expect_status() {
    check "$1" test "$2" -eq "$3"
}

# start_sandbox DIR OPTIONS...: starts `rehook sandbox` in the background, waits (at most
# 60 s) for its exports, and leaves them in DIR/env.sh and its root URL in DIR/url.
start_sandbox() {
    local dir="$1"; shift
    mkdir -p "$dir"
    "$REHOOK" sandbox "$@" >"$dir/sandbox.out" 2>"$dir/sandbox.err" &
    local pid=$!
    sandbox_pids+=("$pid")
    echo "$pid" >"$dir/pid"
    local waited=0
    until grep -q '^export ' "$dir/sandbox.out" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 600 ]; then
            echo "soak: the sandbox in $dir did not start:" >&2
            cat "$dir/sandbox.err" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    sleep 0.2 # the exports are written in one piece, but give the pipe a moment
    grep '^export ' "$dir/sandbox.out" >"$dir/env.sh"
    sed -n 's/^# rehook sandbox on \(http[^ ]*\) .*/\1/p' "$dir/sandbox.out" >"$dir/url"
}

# stop_sandbox DIR: SIGTERM, then wait for its summary (at most 30 s), SIGKILL otherwise.
stop_sandbox() {
    local pid
    pid="$(cat "$1/pid")"
    kill -TERM "$pid" 2>/dev/null || return 0
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 300 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_all_sandboxes() {
    local pid
    for pid in "${sandbox_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 0.5
    for pid in "${sandbox_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

# admin DIR PATH [curl options]: the sandbox's admin endpoint (no auth, no faults).
admin() {
    local dir="$1" path="$2"; shift 2
    curl -fsS --max-time 30 "$@" "$(cat "$dir/url")$path"
}

# write_config DIR RATE [KEY_PREFIX]: rehook.toml with one account per sandbox account, named
# <vendor>-<account> (names are unique across vendors), each paced at RATE, its key from
# REHOOK_SANDBOX_KEY_* (or, with KEY_PREFIX, SOAK_KEY_*).
write_config() {
    local dir="$1" rate="$2" variable_prefix="${3:-REHOOK_SANDBOX_KEY_}"
    admin "$dir" /_sandbox/accounts | python3 -c '
import json, sys
prefix, rate = sys.argv[1], sys.argv[2]
for account in json.load(sys.stdin):
    variable = prefix + "".join(c if c.isalnum() else "_" for c in account["vendor"] + "_" + account["name"]).upper()
    print("[[account]]")
    print("name = " + json.dumps(account["vendor"] + "-" + account["name"]))
    print("vendor = " + json.dumps(account["vendor"]))
    print("key_env = " + json.dumps(variable))
    print("rate = " + json.dumps(rate))
    print("concurrency = 4")
    print()
' "$variable_prefix" "$rate" >rehook.toml
}

# in_sandbox DIR COMMAND...: runs COMMAND with DIR's sandbox exports, bounded to 10 minutes.
in_sandbox() {
    local dir="$1"; shift
    (
        # shellcheck disable=SC1091
        source "$dir/env.sh"
        timeout --signal=KILL 600 "$@"
    )
}

# latest_run: the newest run id under ./.rehook/runs (empty when there is none).
latest_run() {
    ls -1 .rehook/runs 2>/dev/null | sort | tail -1
}

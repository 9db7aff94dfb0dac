# The four phases of scripts/soak/run. Sourced; each phase works in its own directory under WORK.

# plan_in_clean_copy FIXTURE SCRIPT OUT: plans SCRIPT against a fault-free sandbox seeded from
# FIXTURE (listing is not retried, so a plan under injected faults would fail by design).
# Returns `rehook plan --detailed-exitcode`'s status: 0 no changes, 2 changes.
plan_in_clean_copy() {
    local fixture="$1" script="$2" out="$3" view
    view="$(mktemp -d "$PWD/view.XXXX")"
    start_sandbox "$view" --fixture "$fixture" || return 1
    in_sandbox "$view" "$REHOOK" plan "$script" --out "$out" --detailed-exitcode \
        >"$view/plan.txt" 2>"$view/plan.err"
    local status=$?
    stop_sandbox "$view"
    return "$status"
}

plan_size() {
    python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["changes"]))' "$1"
}

# 1. Chaos: faults and 429 bursts on a large plan.
phase_chaos() {
    echo "== chaos: fleet $chaos_fleet, 20% 5xx, 5% drops, 2% slow, 429 bursts"
    local dir="$WORK/chaos" status run
    mkdir -p "$dir" && cd "$dir" || return
    start_sandbox "$dir/seed" --generate "$chaos_fleet" --seed "$seed" || { failed=$((failed + 1)); cd "$root"; return; }
    admin "$dir/seed" /_sandbox/state >fixture.json
    write_config "$dir/seed" "40/s"
    stop_sandbox "$dir/seed"
    printf '%s\n' 'for vendor * { set url "https://soak.example.com/${vendor}/${account}/${id}" }' >chaos.rehook

    plan_in_clean_copy fixture.json chaos.rehook plan.json
    expect_status "plan of the chaos script has changes (exit 2)" 2 $?
    echo "  plan: $(plan_size plan.json) changes"

    # rehook paces each account at 40/s; the vendors allow 10/s (jogg 5/s): 429 bursts.
    start_sandbox "$dir/vendor" --fixture fixture.json --seed "$seed" \
        --fail-rate 0.2 --drop-rate 0.05 --slow-rate 0.02 \
        --rate argil=10/s --rate jogg=5/s --rate talkover=10/s --rate heygen=10/s --rate composio=10/s || return
    local started=$SECONDS
    in_sandbox "$dir/vendor" "$REHOOK" apply plan.json --yes --json >apply.ndjson 2>apply.err
    status=$?
    echo "  apply: exit $status in $((SECONDS - started)) s"
    check "apply under faults ends 0 (all applied) or 3 (partially applied)" test "$status" -eq 0 -o "$status" -eq 3
    run="$(latest_run)"
    check "journal: every change has a final outcome (count = plan size)" python3 "$CHECK" outcomes ".rehook/runs/$run"
    python3 "$CHECK" summary apply.ndjson >summary.json
    cp summary.json summaries.ndjson
    check "--json summary counts equal the journal's outcomes" python3 "$CHECK" summary-matches summary.json ".rehook/runs/$run"

    in_sandbox "$dir/vendor" "$REHOOK" apply --resume "$run" --json >resume.ndjson 2>resume.err
    python3 "$CHECK" summary resume.ndjson >>summaries.ndjson
    # --resume finishes pending and sent-without-outcome changes; changes that exhausted their
    # retries are final failures, so what is still left is applied again from a fresh plan.
    local round
    for round in 1 2 3; do
        admin "$dir/vendor" /_sandbox/state >"state-$round.json"
        plan_in_clean_copy "state-$round.json" chaos.rehook "left-$round.json"
        status=$?
        [ "$status" -eq 2 ] || break
        echo "  left after round $round: $(plan_size "left-$round.json") changes; applying them"
        in_sandbox "$dir/vendor" "$REHOOK" apply "left-$round.json" --yes --json >"left-$round.ndjson" 2>>apply.err
        python3 "$CHECK" summary "left-$round.ndjson" >>summaries.ndjson
    done
    expect_status "re-plan after resume shows no changes" 0 "$status"

    admin "$dir/vendor" /_sandbox/state >final-state.json
    admin "$dir/vendor" /_sandbox/stats >stats.json
    check "vendor state equals the plan's after-values" python3 "$CHECK" state-matches plan.json final-state.json
    check "vendor writes = journalled writes, per account" python3 "$CHECK" writes stats.json - exact .rehook/runs/*/
    check "429s seen by rehook <= 429s the vendor sent" python3 "$CHECK" rate-limits summaries.ndjson stats.json
    stop_sandbox "$dir/vendor"
    cd "$root" || return
}

# 2. Crash: kill -9 at random points, then --resume.
phase_crash() {
    echo "== crash: fleet $crash_fleet, $crash_rounds kill -9 rounds"
    local dir="$WORK/crash" round status run before delay pid
    mkdir -p "$dir" && cd "$dir" || return
    start_sandbox "$dir/vendor" --generate "$crash_fleet" --seed "$seed" \
        --rate argil=8/s --rate jogg=8/s --rate talkover=8/s --rate heygen=8/s --rate composio=8/s || return
    write_config "$dir/vendor" "6/s"
    for round in $(seq 1 "$crash_rounds"); do
        printf 'for vendor * { set url "https://r%s.soak.example.com/${vendor}/${id}" }\n' "$round" >"round-$round.rehook"
        in_sandbox "$dir/vendor" "$REHOOK" plan "round-$round.rehook" --out "round-$round.json" >/dev/null 2>"round-$round.plan.err"
        admin "$dir/vendor" /_sandbox/stats >"stats-before-$round.json"
        before="$(latest_run)"
        delay="$(( RANDOM % 3000 ))"
        (source "$dir/vendor/env.sh"; exec "$REHOOK" apply "round-$round.json" --yes --json) \
            >"round-$round.ndjson" 2>"round-$round.err" &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        run="$(latest_run)"
        if [ "$run" = "$before" ] || [ -z "$run" ]; then
            echo "  round $round: killed after ${delay} ms, before the run began; applying afresh"
            in_sandbox "$dir/vendor" "$REHOOK" apply "round-$round.json" --yes --json >>"round-$round.ndjson" 2>&1
            run="$(latest_run)"
        else
            echo "  round $round: killed after ${delay} ms; journal has $(wc -l <".rehook/runs/$run/journal.ndjson") lines; resuming $run"
            in_sandbox "$dir/vendor" "$REHOOK" apply --resume "$run" --json >"round-$round.resume.ndjson" 2>"round-$round.resume.err"
        fi
        in_sandbox "$dir/vendor" "$REHOOK" plan "round-$round.rehook" --detailed-exitcode >/dev/null 2>&1
        expect_status "round $round: re-plan after resume shows no changes" 0 $?
        check "round $round: 'rehook runs' lists $run as complete" \
            bash -c "'$REHOOK' runs | grep -E '^$run .* complete\$'"
        admin "$dir/vendor" /_sandbox/stats >"stats-after-$round.json"
        check "round $round: at most one vendor write per change" \
            python3 "$CHECK" writes "stats-after-$round.json" "stats-before-$round.json" at-most-once ".rehook/runs/$run"
    done
    stop_sandbox "$dir/vendor"
    cd "$root" || return
}

# 3. Secrets: known keys and webhook secrets never leave the vendor side.
phase_secrets() {
    echo "== secrets: a full session with known API keys and webhook secrets"
    local dir="$WORK/secrets" vendor_side session status run
    vendor_side="$dir/vendor-side" session="$dir/session"
    mkdir -p "$vendor_side" "$session" && cd "$session" || return
    # The vendor side (sandbox output, fixtures, key list) legitimately holds the values.
    start_sandbox "$vendor_side/seed" --generate 2x4 --seed "$seed" || return
    admin "$vendor_side/seed" /_sandbox/state >"$vendor_side/generated.json"
    stop_sandbox "$vendor_side/seed"
    local prefix="soakkey$RANDOM$RANDOM"
    python3 "$CHECK" fixture-with-keys "$vendor_side/generated.json" "$vendor_side/fixture.json" "$prefix" >"$vendor_side/keys.env"
    local hook_secret="whsec-soak-$RANDOM$RANDOM$RANDOM"
    { cut -d= -f2- "$vendor_side/keys.env"; python3 "$CHECK" webhook-secrets "$vendor_side/fixture.json"; echo "$hook_secret"; } \
        | sort -u >"$vendor_side/values.txt"
    echo "  $(wc -l <"$vendor_side/values.txt") known secret values (API keys and webhook secrets)"
    start_sandbox "$vendor_side/vendor" --fixture "$vendor_side/fixture.json" || return
    write_config "$vendor_side/vendor" "50/s" SOAK_KEY_
    cat >secrets.rehook <<'EOF'
for vendor talkover {
  set secret env("SOAK_HOOK_SECRET")
  set timeout 42
}
for vendor argil, jogg, heygen, composio {
  set url "https://secrets.soak.example.com/${vendor}/${id}"
}
EOF
    session_command() { # session_command NAME COMMAND...: output kept in session/out/NAME.*
        local name="$1"; shift
        mkdir -p out
        (
            set -a
            # shellcheck disable=SC1091
            source "$vendor_side/keys.env"
            set +a
            export SOAK_HOOK_SECRET="$hook_secret"
            in_sandbox "$vendor_side/vendor" "$@"
        ) >"out/$name.out" 2>"out/$name.err"
    }
    session_command check "$REHOOK" check secrets.rehook
    session_command inventory "$REHOOK" inventory
    session_command inventory-json "$REHOOK" inventory --format json
    cp out/inventory-json.out inventory.json
    session_command plan "$REHOOK" plan secrets.rehook --out plan.json --format markdown
    session_command plan-offline "$REHOOK" plan secrets.rehook --inventory inventory.json --format json
    session_command apply "$REHOOK" apply plan.json --yes
    status=$?
    expect_status "apply with a Talkover secret exits 0" 0 "$status"
    admin "$vendor_side/vendor" /_sandbox/state >"$vendor_side/state-after-apply.json"
    check "the Talkover webhooks hold the new secret (the write happened)" \
        python3 "$CHECK" secrets-set "$vendor_side/state-after-apply.json" talkover "$hook_secret"
    session_command runs "$REHOOK" runs
    run="$(latest_run)"
    session_command rollback "$REHOOK" apply ".rehook/runs/$run/rollback.json" --yes --json
    session_command replan "$REHOOK" plan secrets.rehook --format json
    # A refused key: the error names the account, never the key.
    session_command wrong-key env SOAK_KEY_HEYGEN_ACME_PROD="${prefix}-wrong" "$REHOOK" inventory --vendor heygen
    check "a refused key is reported (exit 1)" grep -q "refused" out/wrong-key.err
    echo "${prefix}-wrong" >>"$vendor_side/values.txt"
    local files
    files="$(find "$session" -type f | wc -l)"
    check "no secret value in any of the $files session files (outputs, plans, journals, rollback plans, state)" \
        bash -c "! grep -rlF -f '$vendor_side/values.txt' '$session'"
    stop_sandbox "$vendor_side/vendor"
    cd "$root" || return
}

# 4. Malformed input corpora, as Swift tests.
phase_corpus() {
    echo "== corpus: malformed vendor responses, plan, inventory and journal files (swift test)"
    cd "$root" || return
    local filter='RehookVendorsTests.CorpusTests|PlanFileCorpusTests|JournalCorpusTests'
    swift test --filter "$filter" >"$WORK/corpus-tests.log" 2>&1
    local status=$?
    local summary
    summary="$(grep -E 'Test run with [0-9]+ tests' "$WORK/corpus-tests.log" | tail -1)"
    check "corpus tests pass (${summary:-no summary line})" test "$status" -eq 0
}

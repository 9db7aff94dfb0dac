#!/usr/bin/env python3
"""JSON checks for scripts/soak/run: journals, plans, sandbox state and stats.

Each subcommand prints one line saying what it found and exits 0 when the check holds,
1 when it does not (with the reasons on stderr), 2 on bad usage or unreadable input.
"""
import json
import sys
from pathlib import Path

FINAL_EVENTS = {"applied", "skipped"}


def load_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"check.py: cannot read {path}: {error}")


def journal_entries(run_dir):
    """The intact lines about changes of a run's journal (a torn last line without a newline is skipped)."""
    text = (Path(run_dir) / "journal.ndjson").read_text(encoding="utf-8")
    lines = text.split("\n")
    complete = lines[:-1]  # the part after the last newline is torn or empty
    entries = [json.loads(line) for line in complete if line.strip()]
    return [entry for entry in entries if "key" in entry]  # not the run's options (event run/resumed)


def sandbox_account(vendor, account):
    """The sandbox's name of a rehook account: rehook.toml names them <vendor>-<account>."""
    return account[len(vendor) + 1:] if account.startswith(vendor + "-") else account


def key_of(entry_or_change):
    """(vendor, sandbox account, id) of a journal entry or planned change."""
    key = entry_or_change["key"]
    return (key["vendor"], sandbox_account(key["vendor"], key["account"]), key["id"])


def final_outcomes(entries):
    """{key: event} for keys whose last line finishes them: applied, skipped, or failed with final: true."""
    last = {}
    for entry in entries:
        last[key_of(entry)] = entry
    return {key: entry["event"] for key, entry in last.items()
            if entry["event"] in FINAL_EVENTS or (entry["event"] == "failed" and entry.get("final"))}


def outcomes(run_dir):
    """Every change of the run ends applied, skipped or failed-final: count = plan size."""
    plan = load_json(Path(run_dir) / "plan.json")
    planned = {key_of(change) for change in plan["changes"]}
    finished = final_outcomes(journal_entries(run_dir))
    counts = {}
    for event in finished.values():
        counts[event] = counts.get(event, 0) + 1
    missing = planned - finished.keys()
    print(f"plan {len(planned)} changes; final outcomes {len(finished)} {counts}")
    if missing or finished.keys() - planned:
        print(f"  {len(missing)} changes without a final outcome, e.g. {sorted(missing)[:3]}", file=sys.stderr)
        return 1
    return 0


def applied_writes(run_dirs):
    """Per account: applied lines that sent a write (not already_applied), over several runs."""
    per_account = {}
    for run_dir in run_dirs:
        for entry in journal_entries(run_dir):
            if entry["event"] == "applied" and not entry.get("already_applied"):
                account = key_of(entry)[:2]
                per_account[account] = per_account.get(account, 0) + 1
    return per_account


def sandbox_counters(stats):
    """{(vendor, account): counters} from GET /_sandbox/stats."""
    counters = {}
    for vendor, body in stats["vendors"].items():
        for account, values in body.get("accounts", {}).items():
            counters[(vendor, account)] = values
    return counters


def writes(stats_path, baseline_path, mode, *run_dirs):
    """Sandbox writes per account (minus a baseline's, "-" for none) against the journals.

    exact: the vendor counted exactly one write per change journalled as applied by a write
           (faults are injected before the route, so a retried write never landed before).
    at-most-once: the vendor counted at most one write per planned change of the runs
           (after kill -9, a change may land in one run and be found already applied by the next).
    """
    counters = sandbox_counters(load_json(stats_path))
    baseline = sandbox_counters(load_json(baseline_path)) if baseline_path != "-" else {}
    journalled = applied_writes(run_dirs)
    planned = {}
    for run_dir in run_dirs:
        for change in load_json(Path(run_dir) / "plan.json")["changes"]:
            account = key_of(change)[:2]
            planned[account] = planned.get(account, 0) + 1
    problems = []
    total_writes = 0
    for account in sorted(set(counters) | set(journalled)):
        written = counters.get(account, {}).get("writes", 0) - baseline.get(account, {}).get("writes", 0)
        total_writes += written
        if mode == "exact" and written != journalled.get(account, 0):
            problems.append(f"{account}: vendor counted {written} writes, journals applied {journalled.get(account, 0)}")
        if mode == "at-most-once" and written > planned.get(account, 0):
            problems.append(f"{account}: vendor counted {written} writes for {planned.get(account, 0)} changes")
    print(f"vendor writes {total_writes}; journalled writes {sum(journalled.values())}; "
          f"planned {sum(planned.values())} ({mode})")
    for problem in problems:
        print("  " + problem, file=sys.stderr)
    return 1 if problems else 0


def summary_matches(summary_path, run_dir):
    """The --json summary's applied/failed/skipped equal the journal's final outcomes."""
    summary = load_json(summary_path)
    counts = {"applied": 0, "failed": 0, "skipped": 0}
    for event in final_outcomes(journal_entries(run_dir)).values():
        counts[event] += 1
    said = {name: summary.get(name) for name in counts}
    print(f"summary {said}; journal {counts}")
    return 0 if said == counts else 1


def state_webhooks(state):
    """{(vendor, account, id): webhook} from a sandbox fixture."""
    hooks = {}
    for account in state["accounts"]:
        nested = [agent.get("webhooks", []) for agent in account.get("agents", [])]
        for webhook in account.get("webhooks", []) + [hook for group in nested for hook in group]:
            hooks[(account["vendor"], account["name"], webhook["id"])] = webhook
    return hooks


def plain(value):
    """A plan field value ({"string": "x"}, {"bool": true}, ...) as a plain JSON value."""
    if isinstance(value, dict) and len(value) == 1:
        kind, inner = next(iter(value.items()))
        if kind in ("string", "int", "bool", "strings"):
            return inner
    return value


def state_matches(plan_path, state_path):
    """Every planned field that the fixture stores under the same name has its planned value."""
    plan = load_json(plan_path)
    hooks = state_webhooks(load_json(state_path))
    problems = []
    compared = 0
    for change in plan["changes"]:
        hook = hooks.get(key_of(change))
        if hook is None:
            problems.append(f"{key_of(change)}: not in the sandbox state")
            continue
        for field in change["fields"]:
            name = field["field"]
            if name not in ("url", "enabled", "timeout", "max_retries", "name", "version"):
                continue
            compared += 1
            if hook.get(name) != plain(field["after"]):
                problems.append(f"{key_of(change)} {name}: vendor has {hook.get(name)!r}, plan says {plain(field['after'])!r}")
    print(f"compared {compared} planned values with the vendor state; {len(problems)} differ")
    for problem in problems[:10]:
        print("  " + problem, file=sys.stderr)
    return 1 if problems else 0


def secrets_set(state_path, vendor, value):
    """Every webhook of `vendor` in the sandbox state holds secret `value`."""
    hooks = [hook for key, hook in state_webhooks(load_json(state_path)).items() if key[0] == vendor]
    wrong = [hook["id"] for hook in hooks if hook.get("secret") != value]
    print(f"{len(hooks) - len(wrong)} of {len(hooks)} {vendor} webhooks hold the new secret")
    return 1 if wrong or not hooks else 0


def rate_limits(summaries_path, stats_path):
    """429s rehook saw (sum of --json summaries) never exceed the 429s the sandbox sent."""
    seen = 0
    with open(summaries_path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                seen += json.loads(line).get("rate_limited", 0)
    sent = sum(values.get("rate_limited", 0) for values in sandbox_counters(load_json(stats_path)).values())
    print(f"429s seen by rehook {seen}; sent by the sandbox {sent}")
    return 0 if seen <= sent else 1


def summary_line(ndjson_path):
    """Prints the final summary object of an `apply --json` stream (for the shell to append)."""
    summary = None
    with open(ndjson_path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("{"):
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if event.get("event") == "summary":
                    summary = event
    if summary is None:
        print("{}")
        return 1
    print(json.dumps(summary, sort_keys=True))
    return 0


def fixture_with_keys(state_path, out_path, prefix):
    """Copies a sandbox fixture, giving every account a known API key; prints NAME=KEY lines."""
    state = load_json(state_path)
    for account in state["accounts"]:
        account["key"] = f"{prefix}-{account['vendor']}-{account['name']}"
        variable = "SOAK_KEY_" + "".join(c if c.isalnum() else "_" for c in f"{account['vendor']}_{account['name']}").upper()
        print(f"{variable}={account['key']}")
    Path(out_path).write_text(json.dumps(state), encoding="utf-8")
    return 0


def webhook_secrets(state_path):
    """Prints every webhook secret value held in a sandbox fixture, one per line."""
    for hook in state_webhooks(load_json(state_path)).values():
        if hook.get("secret"):
            print(hook["secret"])
    return 0


COMMANDS = {
    "outcomes": outcomes,
    "writes": writes,
    "summary-matches": summary_matches,
    "state-matches": state_matches,
    "secrets-set": secrets_set,
    "rate-limits": rate_limits,
    "summary": summary_line,
    "fixture-with-keys": fixture_with_keys,
    "webhook-secrets": webhook_secrets,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: check.py {{{'|'.join(COMMANDS)}}} ARGS...")
    sys.exit(COMMANDS[sys.argv[1]](*sys.argv[2:]))

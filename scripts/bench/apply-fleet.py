#!/usr/bin/env python3
"""Helpers of scripts/bench/apply: turn a running sandbox into rehook accounts and load inputs,
and read the results back. Talks only to the sandbox on 127.0.0.1.

  config    rehook.toml + key files for every sandbox account of the given vendors
            (with --rate R/s: every request of every account paced at R)
  bound     the time the vendors' limits need for every request the sandbox logged (per
            account, max over accounts), the request count and the 429s
  summary   counts and engine time from `rehook apply --json` output
  stats     sandbox counters (/_sandbox/stats) summed over the given vendors
  requests  JoggAI PUT requests (wrk Lua table + TSV for curl) equivalent to rehook's writes
"""
import argparse
import collections
import json
import os
import sys
import urllib.request

def fetch_json(url, headers=None):
    if not url.startswith("http://127.0.0.1:"):
        sys.exit(f"apply-fleet: refusing non-loopback URL {url}")
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.load(reply)


def account_name(vendor, name):
    return f"{vendor}-{name}"


def command_config(args):
    state = fetch_json(f"{args.root}/_sandbox/state")
    vendors = set(args.vendors.split(","))
    os.makedirs(os.path.join(args.dir, "keys"), exist_ok=True)
    lines = []
    for account in state["accounts"]:
        if account["vendor"] not in vendors:
            continue
        name = account_name(account["vendor"], account["name"])
        key_path = os.path.join(args.dir, "keys", name)
        # Private, as a user keeps a key file (rehook warns about any other mode).
        with os.fdopen(os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            handle.write(account["key"] + "\n")
        lines += ["[[account]]", f'name = "{name}"', f'vendor = "{account["vendor"]}"',
                  f'key_file = "{key_path}"']
        if args.rate:
            lines += [f'rate = "{args.rate}"']
        lines.append("")
        print(name)
    with open(os.path.join(args.dir, "rehook.toml"), "w") as handle:
        handle.write("\n".join(lines))


def changes_per_account(plan_path):
    with open(plan_path) as handle:
        plan = json.load(handle)
    counts = collections.Counter()
    for change in plan["changes"]:
        before = change["before"]
        counts[(before["vendor"], before["account"])] += 1
    return counts


def command_bound(args):
    """What the vendors' limits allow for the requests rehook actually sent, read from the
    sandbox's request log (/_sandbox/requests): per account, every request counts (listings,
    event catalogues, re-reads and writes); a key's bucket holds max(1, R) requests, so the time
    the limit needs is max(0, n - max(1, R)) / R, plus one response latency for the last answer.
    With --skip N the first N logged requests (an earlier phase) are left out. Prints the largest
    bound over accounts, the request count, the 429s, the peak requests in flight at the sandbox
    and the log's length."""
    log = fetch_json(f"{args.root}/_sandbox/requests")
    vendors = set(args.vendors.split(","))
    phase = [entry for entry in log[args.skip:] if entry["vendor"] in vendors]
    counts = collections.Counter((entry["vendor"], entry["account"]) for entry in phase)
    limited = sum(1 for entry in phase if entry["rate_limited"])
    peak = max((entry.get("in_flight", 0) for entry in phase), default=0)
    burst = max(1.0, args.rate)
    bounds = {}
    for (vendor, account), count in sorted(counts.items()):
        bounds[(vendor, account)] = max(0.0, count - burst) / args.rate + args.latency_ms / 1000
    if args.verbose:
        # Per vendor: the busiest key's requests and bound, and how long the vendor was busy
        # (first arrival of the phase to the last, plus one latency).
        for vendor in sorted({vendor for vendor, _ in counts}):
            keys = [key for key in counts if key[0] == vendor]
            busiest = max(keys, key=lambda key: counts[key])
            times = [entry["time"] for entry in phase if entry["vendor"] == vendor]
            span = max(times) - min(times) + args.latency_ms / 1000
            print(f"#   {vendor:<9} busiest key {counts[busiest]:>4} requests, bound {bounds[busiest]:.2f} s; "
                  f"vendor busy {span:.2f} s", file=sys.stderr)
    print(f"{max(bounds.values(), default=0):.6f} {sum(counts.values())} {limited} {peak} {len(log)}")


def command_summary(args):
    last_elapsed = 0.0
    summary = None
    with open(args.ndjson) as handle:
        for line in handle:
            event = json.loads(line)
            if event.get("event") == "summary":
                summary = event
            elif "elapsed_seconds" in event:
                last_elapsed = max(last_elapsed, event["elapsed_seconds"])
    if summary is None:
        sys.exit(f"apply-fleet: no summary line in {args.ndjson}")
    print(summary["total"], summary["applied"], summary["failed"], summary["skipped"],
          summary["rate_limited"], summary["retries"], f"{last_elapsed:.6f}")


def command_stats(args):
    stats = fetch_json(f"{args.root}/_sandbox/stats")
    totals = collections.Counter()
    for vendor, entry in stats["vendors"].items():
        if vendor in args.vendors.split(","):
            for counters in entry["accounts"].values():
                totals.update(counters)
    print(totals["requests"], totals["writes"], totals["rejected"], totals["rate_limited"],
          totals["server_errors"])


def command_requests(args):
    """One PUT per JoggAI endpoint, with the body rehook's adapter sends (url, status, events)."""
    state = fetch_json(f"{args.root}/_sandbox/state")
    rows = []
    for account in state["accounts"]:
        if account["vendor"] != "jogg":
            continue
        catalogue = None
        for webhook in account.get("webhooks", []):
            events = webhook.get("events")
            if not events:
                if catalogue is None:
                    reply = fetch_json(f"{args.root}/jogg/v2/events", {"x-api-key": account["key"]})
                    catalogue = [item["name"] if isinstance(item, dict) else item for item in reply["data"]]
                events = catalogue[:1]
            body = json.dumps({"url": f"https://hooks.load.dev/jogg/{webhook['id']}",
                               "status": "enabled" if webhook.get("enabled", True) else "disabled",
                               "events": events}, separators=(",", ":"))
            rows.append((f"/jogg/v2/endpoint/{webhook['id']}", account["key"], body))
    if not rows:
        sys.exit("apply-fleet: the sandbox has no JoggAI webhooks")

    def lua_string(text):
        return json.dumps(text)  # a JSON string literal is a valid Lua string literal here (ASCII)

    with open(args.lua, "w") as handle:
        handle.write("return {\n")
        for path, key, body in rows:
            handle.write(f"  {{path = {lua_string(path)}, key = {lua_string(key)}, body = {lua_string(body)}}},\n")
        handle.write("}\n")
    with open(args.tsv, "w") as handle:
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(len(rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    config = commands.add_parser("config")
    config.add_argument("--root", required=True)
    config.add_argument("--vendors", required=True)
    config.add_argument("--dir", required=True)
    config.add_argument("--rate", help="N/s or N/m for every account's reads and writes")
    bound = commands.add_parser("bound")
    bound.add_argument("--root", required=True)
    bound.add_argument("--vendors", required=True)
    bound.add_argument("--rate", type=float, required=True)
    bound.add_argument("--latency-ms", type=float, default=0)
    bound.add_argument("--skip", type=int, default=0)
    bound.add_argument("--verbose", action="store_true")
    summary = commands.add_parser("summary")
    summary.add_argument("--ndjson", required=True)
    stats = commands.add_parser("stats")
    stats.add_argument("--root", required=True)
    stats.add_argument("--vendors", required=True)
    requests = commands.add_parser("requests")
    requests.add_argument("--root", required=True)
    requests.add_argument("--lua", required=True)
    requests.add_argument("--tsv", required=True)
    args = parser.parse_args()
    {"config": command_config, "bound": command_bound, "summary": command_summary,
     "stats": command_stats, "requests": command_requests}[args.command](args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generates the planner benchmark's inputs, deterministically from a seed:

  inventory.json  N webhooks across the five vendors, in rehook's inventory format
  script.rehook   a realistic rule script (domain moves, events, timeouts, conditions)
  moves.jq        the script's domain moves as a jq filter over the same JSON
"""
import argparse
import json
import os
import random

CATALOGUES = {
    "argil": ["AVATAR_TRAINING_SUCCESS", "AVATAR_TRAINING_FAILED",
              "VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"],
    "jogg": [f"generated_{kind}_{outcome}" for kind in
             ["avatar_video", "template_video", "product_video", "photo_avatar", "voice", "translate_video",
              "lip_sync", "caption", "dubbing", "script", "url_to_video"]
             for outcome in ["success", "failed"]],
    "talkover": ["call.started", "call.ended", "call.analyzed", "call.transferred", "call.failed",
                 "transcript.ready", "recording.ready", "voicemail.detected"],
    "heygen": ["avatar_video.success", "avatar_video.fail", "video_translate.success", "video_translate.fail",
               "personalized_video", "instant_avatar.success", "instant_avatar.fail", "photo_avatar_generation.success"],
    "composio": ["composio.trigger.message", "composio.connected_account.expired", "composio.trigger.disabled",
                 "composio.connection.created", "composio.connection.deleted", "composio.tool.executed"],
}
# Accounts per vendor and their share of the webhooks.
ACCOUNTS = {"argil": 2, "jogg": 4, "talkover": 3, "heygen": 4, "composio": 2}
SHARE = {"argil": 0.15, "jogg": 0.25, "talkover": 0.25, "heygen": 0.20, "composio": 0.15}
OLD_DOMAINS = [f"old{i}.acme.com" for i in range(10)]
OTHER_DOMAINS = ["api.partner.io", "hooks.internal.acme.net", "gw.example.org", "events.acme.dev"]


def make_webhook(rng, vendor, account, index):
    domain = rng.choice(OLD_DOMAINS) if rng.random() < 0.6 else rng.choice(OTHER_DOMAINS)
    section = rng.choice(["legacy", "v1", "hooks", "staging", "prod"])
    url = f"https://{domain}/{section}/{vendor}/{index}"
    catalogue = CATALOGUES[vendor]
    events = rng.sample(catalogue, rng.randint(1, min(4, len(catalogue))))
    webhook = {"vendor": vendor, "account": account, "id": f"{vendor[:2]}_{account}_{index}", "url": url, "events": events}
    if vendor == "jogg":
        webhook["enabled"] = rng.random() < 0.8
        webhook["extras"] = {"username": {"string": rng.choice(["ops", "media", "growth"])}}
    elif vendor == "talkover":
        webhook["parent_id"] = f"agent_{index % 50}"
        webhook["enabled"] = rng.random() < 0.85
        webhook["extras"] = {"name": {"string": f"hook {index}"}, "timeout": {"int": rng.choice([10, 15, 20, 30, 60])},
                             "max_retries": {"int": rng.randint(0, 6)}, "agent_name": {"string": f"Agent {index % 50}"}}
    elif vendor == "heygen":
        if rng.random() < 0.3:
            webhook["events"] = None
        webhook["enabled"] = True
        webhook["extras"] = {"username": {"string": rng.choice(["ops", "media", "growth"])}}
    elif vendor == "composio":
        webhook["extras"] = {"version": {"string": rng.choice(["V1", "V2", "V3"])}}
    return webhook


def make_inventory(rng, total):
    accounts = []
    sizes = [int(total * SHARE[vendor]) // count for vendor, count in ACCOUNTS.items() for _ in range(count)]
    sizes[-1] += total - sum(sizes)
    for vendor, count in ACCOUNTS.items():
        for number in range(count):
            name = f"acct{number}"
            webhooks = [make_webhook(rng, vendor, name, index) for index in range(sizes[len(accounts)])]
            entry = {"vendor": vendor, "account": name, "webhooks": webhooks}
            if vendor != "argil":
                entry["event_catalogue"] = CATALOGUES[vendor]
            accounts.append(entry)
    return {"format": "rehook-inventory", "format_version": 1, "accounts": accounts}


def make_script(rng, rules):
    lines = ['let new_root = "acme.dev"']
    moves = []
    vendor_sets = ["heygen, jogg", "composio", "talkover, argil", "*", "jogg, composio"]
    for i, old in enumerate(OLD_DOMAINS):
        new = f"https://hooks{i}.${{new_root}}"
        moves.append((f"https://{old}", f"https://hooks{i}.acme.dev"))
        lines.append(f'for vendor {vendor_sets[i % len(vendor_sets)]} where url starts with "https://{old}" {{\n'
                     f'  set url replace(url, "https://{old}", "{new}")\n}}')
    templates = [
        lambda: f'for vendor jogg where events has "{rng.choice(CATALOGUES["jogg"])}" add events ["{rng.choice(CATALOGUES["jogg"])}"]',
        lambda: 'for vendor talkover where events has all ["call.started", "call.ended"] remove events ["call.started"]',
        lambda: f'for vendor talkover where enabled and timeout < {rng.choice([20, 30])} set timeout 30 max_retries 5',
        lambda: 'for vendor * where url contains "/legacy/" set url replace(url, "/legacy/", "/v2/")',
        lambda: 'for vendor composio where url matches "^https://[a-z0-9]+[.]internal[.]" set url with_host(url, "gateway.acme.dev")',
        lambda: f'for vendor heygen where username == "{rng.choice(["ops", "media"])}" and url ends with "{rng.randint(0, 9)}" set events all',
        lambda: 'for vendor jogg where url contains "/staging/" disable',
        lambda: 'for vendor composio where version == "V1" set version "V2"',
        lambda: f'for vendor heygen, composio where events has any ["{rng.choice(CATALOGUES["heygen"])}", "composio.trigger.disabled"] '
                f'and not (url contains "migrated=") set url "${{url}}?migrated=1"',
        lambda: f'for vendor argil where events has "VIDEO_GENERATION_SUCCESS" add events ["VIDEO_GENERATION_FAILED"]',
        lambda: f'for vendor talkover where name starts with "hook {rng.randint(1, 9)}" set name "${{name}} (migrated)"',
        lambda: f'for vendor jogg, talkover where host(url) in ["api.partner.io", "gw.example.org"] enable',
    ]
    while len(lines) - 1 < rules:
        lines.append(rng.choice(templates)())
    return "\n".join(lines) + "\n", moves


def make_jq(moves):
    pairs = json.dumps([list(move) for move in moves])
    return (f"{pairs} as $moves\n"
            "| .accounts[].webhooks[] |= (reduce $moves[] as $m (.;\n"
            "    if (.url | startswith($m[0])) then .url = $m[1] + (.url | ltrimstr($m[0])) else . end))\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--webhooks", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    inventory = make_inventory(rng, options.webhooks)
    script, moves = make_script(rng, options.rules)
    with open(os.path.join(options.out, "inventory.json"), "w") as out:
        json.dump(inventory, out, separators=(",", ":"))
    with open(os.path.join(options.out, "script.rehook"), "w") as out:
        out.write(script)
    with open(os.path.join(options.out, "moves.jq"), "w") as out:
        out.write(make_jq(moves))
    count = sum(len(account["webhooks"]) for account in inventory["accounts"])
    print(f"generated {count} webhooks in {len(inventory['accounts'])} accounts and a {options.rules}-rule script")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a libFuzzer seed corpus for one target of scripts/fuzz/run.

    seeds.py TARGET CORPUS_DIR

FuzzPlanFile        the golden plan files, the plan-format doc's example, seeds/*.json
FuzzVendorResponses every body in seeds/vendor/ (and JSON blocks of the vendor docs, when
                    REHOOK_VENDOR_DOCS names their folder), once per vendor/call selector byte,
                    with status 200 and, for *-error.json, 400 and 429 with Retry-After
"""
import hashlib
import json
import os
import re
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
root = here.parent.parent
VENDORS = ["argil", "jogg", "talkover", "heygen", "composio"]  # VendorID.allCases order
CALLS = ["list", "events", "update"]
STATUSES = [200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 501, 502, 503]


def write(corpus, data):
    (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)


def json_blocks(text):
    """Fenced code blocks of a Markdown text that parse as JSON."""
    for block in re.findall(r"```[a-zA-Z]*\n(.*?)```", text, flags=re.S):
        try:
            json.loads(block)
        except ValueError:
            continue
        yield block.encode()


def plan_seeds(corpus):
    for path in sorted((root / "Tests/RehookPlanningTests/Golden").glob("*.plan.json")):
        write(corpus, path.read_bytes())
    for block in json_blocks((root / "docs/plan-format.md").read_text(encoding="utf-8")):
        write(corpus, block)
    for path in sorted((here / "seeds").glob("*.json")):
        write(corpus, path.read_bytes())


def vendor_seeds(corpus):
    bodies = {path.name: path.read_bytes() for path in sorted((here / "seeds/vendor").glob("*.json"))}
    docs = os.environ.get("REHOOK_VENDOR_DOCS")
    if docs and Path(docs).is_dir():
        for path in sorted(Path(docs).glob("*.md")):
            for index, block in enumerate(json_blocks(path.read_text(encoding="utf-8"))):
                bodies[f"{path.stem}-{index}"] = block
    for name, body in bodies.items():
        vendor = next((v for v in VENDORS if name.startswith(v)), None)
        vendors = [vendor] if vendor else VENDORS
        for vendor_name in vendors:
            for call in CALLS:
                selector = VENDORS.index(vendor_name) + len(VENDORS) * CALLS.index(call)
                write(corpus, bytes([selector, 0, 0]) + body)
                if name.endswith("-error.json"):
                    write(corpus, bytes([selector, STATUSES.index(400), 0]) + body)
                    write(corpus, bytes([selector, 0x80 | STATUSES.index(429), 4]) + body)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    target, corpus = sys.argv[1], Path(sys.argv[2])
    corpus.mkdir(parents=True, exist_ok=True)
    {"FuzzPlanFile": plan_seeds, "FuzzVendorResponses": vendor_seeds}[target](corpus)


if __name__ == "__main__":
    main()

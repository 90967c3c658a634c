"""The stand-alone verification recipe (复核方法) shown on the draw page.

Anyone can save RECIPE as verify_draw.py and run `python3 verify_draw.py bundle.json`:
it needs only the Python standard library (hashlib and json, plus sys for the file name)
and nothing from this project, and prints the same result as
`draw_rules.run_draw(bundle)`, as JSON (non-ASCII escaped, so any console shows it).

The bundle (抽查数据包, one JSON object, UTF-8):

    {
      "algorithm": "gx-mch-draw-1",
      "commitment": "<SHA-256 of secret, published before the draw>",   (optional)
      "secret": "<64 lowercase hex digits>",
      "public_value": "<the public random value, exactly as published>",
      "strata": [
        {"name": "妇幼保健机构", "ratio": "0.5", "minimum": 0,
         "population": ["<USCC>", ...]},
        ...
      ],
      "roster": ["<opaque inspector code>", ...],
      "conflicts": {"<USCC>": ["<inspector code>", ...]},
      "per_inspection": 2
    }

"ratio" is a decimal string from "0" to "1"; "minimum" defaults to 0, "conflicts" to {}
and "per_inspection" to 2. The result:

    {"seed": "<hex>",
     "strata": [{"name": ..., "sample_size": n, "drawn": ["<USCC>", ... in rank order]}],
     "assignments": {"<USCC>": ["<code>", "<code>"]}}
"""

import subprocess
import sys

RECIPE = '''\
import hashlib, json, sys
def h(text):  # sha256 of the UTF-8 bytes, lowercase hex
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
def size(n, ratio, minimum):  # ceil(ratio * n), at least minimum, at most n
    whole, _, frac = ratio.partition(".")
    num, den = int(whole + frac), 10 ** len(frac)
    return min(n, max(minimum, -(-num * n // den)))
b = json.load(open(sys.argv[1], encoding="utf-8"))
assert b["algorithm"] == "gx-mch-draw-1", "unknown algorithm"
assert h(b["secret"]) == b.get("commitment", h(b["secret"])), "commitment differs"
seed = h(b["secret"] + b["public_value"])
per, conflicts = b.get("per_inspection", 2), b.get("conflicts", {})
out = {"seed": seed, "strata": [], "assignments": {}}
for s in b["strata"]:
    n = size(len(s["population"]), s["ratio"], s.get("minimum", 0))
    rank = sorted(s["population"], key=lambda u: (h(seed + ":" + s["name"] + ":" + u), u))
    out["strata"].append({"name": s["name"], "sample_size": n, "drawn": rank[:n]})
    for u in rank[:n]:
        free = [c for c in b["roster"] if c not in conflicts.get(u, [])]
        free.sort(key=lambda c: (h(seed + ":inspector:" + u + ":" + c), c))
        assert len(free) >= per, "too few inspectors for " + u
        out["assignments"][u] = free[:per]
print(json.dumps(out, indent=1))
'''


def run_recipe(bundle_path, python=sys.executable):
    """Run RECIPE in a fresh interpreter on a bundle file; returns its standard output."""
    completed = subprocess.run(
        [python, "-c", RECIPE, str(bundle_path)],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    return completed.stdout

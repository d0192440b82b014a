"""Read out an experiment from its daily export and its config.

    python -m activation_analysis.report config/exp014.json
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from activation_analysis.stats import Arm, compare


def load_arms(csv_path: Path, metric: str) -> dict[str, Arm]:
    n: dict[str, int] = defaultdict(int)
    conv: dict[str, int] = defaultdict(int)
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            n[row["variant"]] += int(row["trials_started"])
            conv[row["variant"]] += int(row[metric])
    return {name: Arm(name, n[name], conv[name]) for name in n}


def main(config_path: str) -> None:
    cfg = json.loads(Path(config_path).read_text(encoding="utf-8"))
    root = Path(config_path).resolve().parent.parent
    arms = load_arms(root / cfg["data"], cfg["metric"])
    result = compare(arms[cfg["control"]], arms[cfg["variant"]])
    print(f"{cfg['id']}: {cfg['name']}")
    for arm in (result.control, result.variant):
        print(f"  {arm.name:<22} {arm.conversions:>5} / {arm.n:<5} = {arm.rate:.1%}")
    print(f"  difference {result.diff * 100:+.1f} pts "
          f"(95% CI {result.ci_low * 100:+.1f} to {result.ci_high * 100:+.1f}), "
          f"relative {result.relative_uplift:+.1%}, z = {result.z:.2f}, p = {result.p_value:.5f}")
    decision = "ship" if result.p_value < cfg["alpha"] and result.diff >= cfg["mde"] else "do not ship"
    print(f"  decision rule (alpha {cfg['alpha']}, MDE {cfg['mde']:.0%}): {decision}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "config/exp014.json")

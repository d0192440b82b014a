"""Analyse the Y11 triple chemistry mock export (December 2024).

Reads mock_results_11C1_11C2.csv (exported from the department assessment
sheet), works out each pupil's grade from the mock boundaries, and prints a
summary per class: mean %, % at grade 4+ and 7+, average residual against
target, and the pupils two or more grades below target (the P6 intervention
list). Also draws the grade distribution chart for the department meeting.

Usage:  python mock_analysis.py [csv]        (writes mock_summary.txt beside it)
H. Brooksbank, Jan 2025
"""

import csv
import sys
from collections import Counter
from pathlib import Path

# Mock boundaries out of 200: June 2024 AQA Higher scaled (same as the mark book's Boundaries sheet)
BOUNDARIES = [(9, 158), (8, 138), (7, 118), (6, 99), (5, 80), (4, 61), (3, 42)]


def grade(total):
    for g, low in BOUNDARIES:
        if total >= low:
            return g
    return 0  # U


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["total"] = int(r["p1"]) + int(r["p2"])
        r["grade"] = grade(r["total"])
        r["residual"] = r["grade"] - int(r["target"])
    return rows


def summarise(rows):
    n = len(rows)
    return {
        "n": n,
        "mean_pct": sum(r["total"] for r in rows) / n / 2,
        "pct4": 100 * sum(r["grade"] >= 4 for r in rows) / n,
        "pct7": 100 * sum(r["grade"] >= 7 for r in rows) / n,
        "residual": sum(r["residual"] for r in rows) / n,
        "dist": Counter(r["grade"] for r in rows),
    }


def report(rows):
    lines = ["Y11 triple chemistry mock (Dec 2024) - summary", ""]
    for cls in [*sorted({r["class"] for r in rows}), "All"]:
        group = rows if cls == "All" else [r for r in rows if r["class"] == cls]
        s = summarise(group)
        lines.append(f"{cls}: n={s['n']}  mean={s['mean_pct']:.1f}%  4+={s['pct4']:.0f}%  "
                     f"7+={s['pct7']:.0f}%  avg residual={s['residual']:+.2f}")
        dist = "  ".join(f"{'U' if g == 0 else g}:{s['dist'].get(g, 0)}" for g in range(9, -1, -1) if g != 1 and g != 2)
        lines.append(f"    grades  {dist}")
    lines.append("")
    below = sorted((r for r in rows if r["residual"] <= -2), key=lambda r: (r["class"], r["surname"]))
    lines.append(f"Two or more grades below target: {len(below)}")
    for r in below:
        lines.append(f"    {r['class']}  {r['surname']}, {r['forename']}  target {r['target']}  "
                     f"mock {'U' if r['grade'] == 0 else r['grade']} ({r['total']}/200)")
    return "\n".join(lines) + "\n"


def chart(rows, out):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed - no chart")
        return
    grades = [9, 8, 7, 6, 5, 4, 3, 0]
    labels = ["U" if g == 0 else str(g) for g in grades]
    fig, ax = plt.subplots(figsize=(8, 5))
    width = 0.4
    for k, cls in enumerate(["11C1", "11C2"]):
        dist = summarise([r for r in rows if r["class"] == cls])["dist"]
        ax.bar([i + (k - 0.5) * width for i in range(len(grades))], [dist.get(g, 0) for g in grades], width, label=cls)
    ax.set_xticks(range(len(grades)), labels)
    ax.set_xlabel("Mock grade")
    ax.set_ylabel("Pupils")
    ax.set_title("Y11 chemistry mock: grade distribution")
    ax.legend()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "mock_results_11C1_11C2.csv")
    rows = load(src)
    text = report(rows)
    print(text)
    (src.parent / "mock_summary.txt").write_text(text, encoding="utf-8")
    chart(rows, src.parent / "grade_distribution_11C1_11C2.png")

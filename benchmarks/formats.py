"""Render and extract throughput per file kind, on realistic specs.

Run: .venv/bin/python benchmarks/formats.py [--seconds 1.0]

Prints one row per kind: files rendered per second, files extracted per second
and the size of one file. Nothing is asserted; figures depend on the machine.
The specs are `engine.computer.formats.samples`: a 3-page memo (docx and pdf),
a 3-sheet workbook with 60 ledger rows and formulas, a 10-slide deck with
charts and a table, a chart PNG, an email with an attachment, text files.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

from engine.computer.formats import extract, render
from engine.computer.formats._fonts import unicode_ttf
from engine.computer.formats.samples import deck, memo, report_pdf, sample, workbook

CASES = [
    ("docx", "3-page memo", lambda: memo(pages=3)),
    ("xlsx", "3 sheets, 60 rows, formulas", lambda: workbook(rows=60)),
    ("pptx", "10 slides, 3 charts, table", lambda: deck(slides=10)),
    ("pdf", "3-page report", lambda: report_pdf(pages=3)),
    ("png", "800x500 bar chart", lambda: sample("png")),
    ("eml", "email + attachment", lambda: sample("eml")),
    ("md", "meeting notes", lambda: sample("md")),
    ("csv", "40-row export", lambda: sample("csv")),
    ("json", "config", lambda: sample("json")),
    ("yaml", "config", lambda: sample("yaml")),
]


def rate(fn, seconds: float, min_runs: int = 3) -> float:
    """Calls per second of `fn`, timed over about `seconds` (at least `min_runs` calls)."""
    runs = 0
    start = time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - start
        if runs >= min_runs and elapsed >= seconds:
            return runs / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    args = parser.parse_args()

    ttf = unicode_ttf()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(
        f"PDF/PNG font: {ttf.regular if ttf else 'core Helvetica / Pillow built-in (no TTF found)'}"
    )
    print()
    header = f"{'kind':<6} {'spec':<28} {'cold ms':>8} {'render files/s':>15} {'extract files/s':>16} {'bytes':>9}"
    print(header)
    print("-" * len(header))
    total_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for kind, label, build in CASES:
            spec = build()
            t0 = time.perf_counter()
            data = render(kind, spec)  # first call: imports, template and font loading
            cold_ms = (time.perf_counter() - t0) * 1000
            path = Path(tmp) / f"bench.{kind}"
            path.write_bytes(data)
            result = extract(path)
            if result.error:
                print(f"{kind}: extract reported an error: {result.error}", file=sys.stderr)
                return 1
            r_rate = rate(lambda kind=kind, spec=spec: render(kind, spec), args.seconds)
            e_rate = rate(lambda path=path: extract(path), args.seconds)
            print(
                f"{kind:<6} {label:<28} {cold_ms:>8.0f} {r_rate:>15.1f} {e_rate:>16.1f} {len(data):>9,}"
            )
    print()
    print(f"total {time.perf_counter() - total_start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

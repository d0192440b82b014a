"""Code kinds: scripts that run and compute something from the fact sheet's figures.

A Python file is one of three things, by artefact and family: a report script that
totals the rows of its data file (the CSV it references, when it sits next to it, else
the rows embedded in it), a module of the project's service with its targets as
constants and a small self-check, or a test file that runs with pytest or on its own.
Literals are written with `repr`, so names with quotes cannot break the syntax. The
other languages live in `code_other`; the figures and rows they use come from here.
"""

from __future__ import annotations

import re
from typing import Any

from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import long_date, slug
from engine.synth.scripted.data_text import records

_SERVICE_FAMILIES = {"software_engineering", "data_analytics", "it_infrastructure", "cybersecurity"}


def figures(b: Brief) -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    for e in b.entities:
        if e.amount is not None:
            out[e.name] = e.amount
        elif e.date is not None:
            out[e.name] = e.date.isoformat()
        else:
            out[e.name] = e.type.replace("_", " ")
    return out


def series(b: Brief, limit: int = 30) -> tuple[str, str, list[tuple[str, float]]]:
    """(label header, value header, rows) taken from the file's table."""
    header, rows = records(b, limit)
    if not rows:
        return "item", "value", [(b.topic, 1.0)]
    width = min(len(r) for r in rows)
    value_col = next((i for i in range(width) if all(_is_num(r[i]) for r in rows)), None)
    label_col = next(
        (
            i
            for i in range(width)
            if i != value_col and not all(_is_num(r[i]) for r in rows) and not _is_date(rows[0][i])
        ),
        0,
    )
    if value_col is None:
        return header[label_col], "count", [(str(r[label_col]), 1.0) for r in rows]
    return (
        header[label_col],
        header[value_col],
        [(str(r[label_col]), float(r[value_col])) for r in rows],
    )


def _is_num(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        return True
    try:
        float(str(v).replace(",", ""))
    except ValueError:
        return False
    return True


def _is_date(v: Any) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v)))


def header_lines(b: Brief, mark: str) -> list[str]:
    lines = [b.title, f"Owner: {b.author}. Last changed {long_date(b.day)}."]
    if b.project:
        lines.append(f"Project: {b.project.name}.")
    return [f"{mark} {line}".rstrip() for line in lines]


def python(b: Brief) -> str:
    family = b.world.family.id if b.world.family else ""
    name = b.artifact.path.rsplit("/", 1)[-1]
    if name.startswith("test_") or "test" in b.artefact.lower():
        return py_tests(b)
    if family in _SERVICE_FAMILIES and b.rng.random() < 0.6:
        return py_service(b)
    return py_report(b)


def py_report(b: Brief) -> str:
    label, value, rows = series(b)
    source = next((p.name for p in b.parents if p.kind in ("csv", "tsv")), None)
    doc = "\n".join(
        [
            b.title + ".",
            "",
            f"Written by {b.author} ({long_date(b.day)}) to total {value.lower()} by {label.lower()}.",
            "Reads the CSV export named in SOURCE when it sits next to this script;",
            "otherwise it uses the rows copied in below.",
        ]
    )
    lines = [
        f'"""{_doc(doc)}\n"""',
        "",
        "from __future__ import annotations",
        "",
        "import csv",
        "import sys",
        "from pathlib import Path",
        "",
        f"SOURCE = Path(__file__).with_name({source or slug(b.topic, '_') + '.csv'!r})",
        f"LABEL, VALUE = {label!r}, {value!r}",
        f"TITLE = {b.title!r}",
        "",
        "# Figures from the fact sheet, as quoted in the project files.",
        f"FIGURES = {_py(figures(b))}",
        "",
        "ROWS = [",
    ]
    lines += [f"    ({lab!r}, {val!r})," for lab, val in rows]
    lines += [
        "]",
        "",
        "",
        "def load(path: Path) -> list[tuple[str, float]]:",
        '    """Rows of (label, value) from the CSV export; rows without a number are skipped."""',
        "    out = []",
        "    with path.open(newline='', encoding='utf-8') as fh:",
        "        for row in csv.DictReader(fh):",
        "            try:",
        "                out.append((row[LABEL], float(row[VALUE])))",
        "            except (KeyError, TypeError, ValueError):",
        "                continue",
        "    return out",
        "",
        "",
        "def totals(rows: list[tuple[str, float]]) -> dict[str, float]:",
        "    out: dict[str, float] = {}",
        "    for label, value in rows:",
        "        out[label] = out.get(label, 0.0) + value",
        "    return out",
        "",
        "",
        "def main(argv: list[str]) -> int:",
        "    path = Path(argv[0]) if argv else SOURCE",
        "    rows = load(path) if path.exists() else ROWS",
        "    if not rows:",
        '        print("no rows to summarise")',
        "        return 1",
        "    grand = sum(v for _, v in rows)",
        '    print(f"{TITLE}: {len(rows)} rows, total {grand:,.2f}")',
        "    for label, value in sorted(totals(rows).items(), key=lambda kv: -kv[1])[:10]:",
        '        print(f"  {label[:32]:<32} {value:>14,.2f}  {value / grand:6.1%}" if grand else label)',
        "    for name, figure in FIGURES.items():",
        '        print(f"  {name}: {figure}")',
        "    return 0",
        "",
        "",
        'if __name__ == "__main__":',
        "    sys.exit(main(sys.argv[1:]))",
        "",
    ]
    return "\n".join(lines)


def py_service(b: Brief) -> str:
    service = slug(b.project.name if b.project else b.topic, "-", 30)
    targets = {e.name: e.amount for e in b.entities if e.type == "metric" and e.amount is not None}
    if not targets:
        targets = {"p95 latency": 250.0, "Error rate": 1.0}
    data = b.stable("samples", b.stem)
    samples = [(round(data.uniform(40, 600), 1), data.random() > 0.02) for _ in range(40)]
    doc = "\n".join(
        [
            f"{service}: {b.topic}.",
            "",
            f"Owner: {b.author}. Targets come from the team's fact sheet ({long_date(b.day)}).",
        ]
    )
    lines = [
        f'"""{_doc(doc)}\n"""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "import statistics",
        "from dataclasses import dataclass",
        "",
        "LOG = logging.getLogger(__name__)",
        f"SERVICE = {service!r}",
        f"TARGETS = {_py(targets)}",
        f"FIGURES = {_py(figures(b))}",
        "",
        "",
        "@dataclass(frozen=True)",
        "class Sample:",
        "    latency_ms: float",
        "    ok: bool",
        "",
        "",
        "def p95(values: list[float]) -> float:",
        '    """95th percentile, nearest-rank, as the dashboards compute it."""',
        "    ordered = sorted(values)",
        "    if not ordered:",
        "        return 0.0",
        "    rank = max(0, int(round(0.95 * len(ordered))) - 1)",
        "    return ordered[rank]",
        "",
        "",
        "def error_rate(samples: list[Sample]) -> float:",
        "    return 100.0 * sum(not s.ok for s in samples) / len(samples) if samples else 0.0",
        "",
        "",
        "def report(samples: list[Sample]) -> dict[str, float]:",
        "    latencies = [s.latency_ms for s in samples]",
        '    return {"p95_ms": p95(latencies), "median_ms": statistics.median(latencies), "error_rate_pct": error_rate(samples)}',
        "",
        "",
        "SAMPLES = [",
    ]
    lines += [f"    Sample({lat!r}, {ok!r})," for lat, ok in samples]
    lines += [
        "]",
        "",
        'if __name__ == "__main__":',
        "    logging.basicConfig(level=logging.INFO)",
        "    result = report(SAMPLES)",
        "    for key, value in result.items():",
        '        LOG.info("%s %s=%.2f", SERVICE, key, value)',
        "    for name, target in TARGETS.items():",
        '        print(f"{SERVICE} target {name}: {target}")',
        "",
    ]
    return "\n".join(lines)


def py_tests(b: Brief) -> str:
    figs = {k: v for k, v in figures(b).items() if isinstance(v, float)} or {"Budget": 1000.0}
    first = next(iter(figs))
    doc = f"Checks for {b.topic} ({b.author}, {long_date(b.day)}). Run with pytest, or directly."
    lines = [
        f'"""{_doc(doc)}\n"""',
        "",
        "from __future__ import annotations",
        "",
        f"FIGURES = {_py(figs)}",
        "",
        "",
        "def allocate(total: float, weights: list[float]) -> list[float]:",
        '    """Split a total by weights; the last share absorbs rounding so the parts add up."""',
        "    parts = [round(total * w / sum(weights), 2) for w in weights]",
        "    parts[-1] = round(total - sum(parts[:-1]), 2)",
        "    return parts",
        "",
        "",
        "def pct_change(old: float, new: float) -> float:",
        "    return 0.0 if old == 0 else (new - old) / old * 100",
        "",
        "",
        "def test_allocation_adds_up():",
        f"    total = FIGURES[{first!r}]",
        "    assert round(sum(allocate(total, [3, 2, 1])), 2) == round(total, 2)",
        "",
        "",
        "def test_no_change_is_zero():",
        "    for value in FIGURES.values():",
        "        assert pct_change(value, value) == 0.0",
        "",
        "",
        "def test_figures_are_numbers():",
        "    assert all(isinstance(v, float) for v in FIGURES.values())",
        "",
        "",
        'if __name__ == "__main__":',
        "    for name, fn in sorted(globals().items()):",
        '        if name.startswith("test_"):',
        "            fn()",
        '            print("ok", name)',
        "",
    ]
    return "\n".join(lines)


def _doc(text: str) -> str:
    return text.replace("\\", "/").replace('"""', "'''")


def _py(value: Any) -> str:
    """A Python literal, one entry per line for dicts."""
    if isinstance(value, dict) and value:
        inner = "".join(f"    {k!r}: {v!r},\n" for k, v in value.items())
        return "{\n" + inner + "}"
    return repr(value)

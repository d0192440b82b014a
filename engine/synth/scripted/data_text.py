"""Structured text kinds that must parse: csv, tsv, json, jsonl, yaml, toml, ini, xml.

Tabular kinds reuse the spreadsheet grids (values, not formulas) or the parent
workbook's own table; configuration kinds describe the project's service or tool with
the fact sheet's figures as settings; every output is produced by a serializer (csv,
json, yaml) or checked by construction (toml, ini, xml), so it parses.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

from engine.synth.scripted.brief import Brief
from engine.synth.scripted.charts import _table
from engine.synth.scripted.common import slug
from engine.synth.scripted.grids import F, grid_for
from engine.synth.scripted.writing import amount_text, attr


def records(b: Brief, limit: int | None = None) -> tuple[list[str], list[list[Any]]]:
    """A header and rows of plain values: from the parent's table when this is its export."""
    parent = next(
        (p for p in b.parents if p.kind in ("xlsx", "csv", "tsv") and p.text.strip()), None
    )
    if parent is not None and b.artifact.links and b.artifact.links[0].relation == "extracted_from":
        sep = "\t" if parent.kind == "tsv" else "," if parent.kind == "csv" else "|"
        rows = _table(parent.text, sep)
        if len(rows) > 2:
            width = min(len(r) for r in rows)
            keep = [i for i in range(width) if not any(r[i].startswith("=") for r in rows[1:])]
            return [rows[0][i] for i in keep], [[r[i] for i in keep] for r in rows[1:]][:limit]
    grid = grid_for(b)
    rows = [[_plain(v) for v in row] for row in grid.rows]
    return [c.header for c in grid.cols], rows[:limit]


def _plain(v: Any) -> Any:
    if isinstance(v, F):
        v = v.value
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return round(v, 4)
    return v


def delimited(b: Brief, sep: str) -> str:
    header, rows = records(b)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    notes = "; ".join(e.name for e in b.entities if e.name not in out.getvalue())
    if notes:
        writer.writerow([f"Source: {b.title}"] + [""] * (len(header) - 1))
        writer.writerow([f"Covers: {notes}"] + [""] * (len(header) - 1))
    return out.getvalue()


def settings(b: Brief) -> dict[str, Any]:
    """What a config file for this project would hold: names, owners, targets, limits."""
    project = b.project
    name = slug(project.name if project else b.topic, "-", 40)
    cfg: dict[str, Any] = {
        "name": name,
        "description": f"{b.title} ({b.world.profile.identity.organization})",
        "owner": b.author,
        "updated": b.day.isoformat(),
        "environment": b.rng.choice(("production", "staging", "test")),
    }
    limits: dict[str, Any] = {}
    for e in b.entities:
        key = slug(e.name, "_", 40)
        if e.amount is not None:
            limits[key] = e.amount
        elif e.date is not None:
            limits[key] = e.date.isoformat()
        else:
            limits[key] = e.name
    cfg["figures"] = limits
    cfg["references"] = [e.name for e in b.entities]
    cfg["contacts"] = [c.email for c in b.world.people_on(project.id if project else None)[:3]]
    cfg["retries"] = b.rng.choice((3, 5))
    cfg["timeout_seconds"] = b.rng.choice((10, 30, 60))
    return cfg


def as_json(b: Brief) -> str:
    art = b.artefact.lower()
    if b.artifact.path.lower().endswith(".ipynb"):
        return json.dumps(notebook(b), indent=1, ensure_ascii=False) + "\n"
    if "api" in art or "openapi" in art:
        return json.dumps(openapi(b), indent=2, ensure_ascii=False) + "\n"
    if re.search(r"config|setting|spec|definition|pipeline", art):
        return json.dumps(settings(b), indent=2, ensure_ascii=False, default=str) + "\n"
    header, rows = records(b)
    payload = {
        "exported": b.created.isoformat(timespec="seconds"),
        "source": b.author,
        "title": b.title,
        "entities": {
            e.name: amount_text(e) or (e.date.isoformat() if e.date else e.type) for e in b.entities
        },
        "rows": [dict(zip(header, r, strict=False)) for r in rows],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


def as_jsonl(b: Brief) -> str:
    header, rows = records(b)
    lines = [
        json.dumps(dict(zip(header, r, strict=False)), ensure_ascii=False, default=str)
        for r in rows
    ]
    meta = {"type": "summary", "title": b.title, "entities": [e.name for e in b.entities]}
    return "\n".join([*lines, json.dumps(meta, ensure_ascii=False)]) + "\n"


def as_yaml(b: Brief) -> str:
    art = b.artefact.lower()
    data: dict[str, Any] = openapi(b) if "api" in art else settings(b)
    head = f"# {b.title}\n# Maintained by {b.author}; last reviewed {b.day.isoformat()}\n"
    return head + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False
    )


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a TOML basic string is JSON-compatible


def as_toml(b: Brief) -> str:
    cfg = settings(b)
    name = cfg["name"]
    if b.artifact.path.endswith("pyproject.toml"):
        lines = [
            "[project]",
            f"name = {_toml_value(name)}",
            'version = "0.3.1"',
            f"description = {_toml_value(cfg['description'])}",
            'requires-python = ">=3.11"',
            f"authors = [{{ name = {_toml_value(b.author)} }}]",
            "",
            "[tool.pytest.ini_options]",
            'testpaths = ["tests"]',
            "",
        ]
        lines.append("[tool.service]")
    else:
        lines = [f"# {b.title}", "[service]"]
    for key in (
        "name",
        "owner",
        "updated",
        "environment",
        "retries",
        "timeout_seconds",
        "contacts",
    ):
        lines.append(f"{key} = {_toml_value(cfg[key])}")
    lines += ["", "[figures]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in cfg["figures"].items()]
    return "\n".join(lines) + "\n"


def as_ini(b: Brief) -> str:
    cfg = settings(b)
    lines = [f"; {b.title}", f"; owner: {b.author}", "[general]"]
    for key in ("name", "environment", "retries", "timeout_seconds"):
        lines.append(f"{key} = {cfg[key]}")
    lines += ["", "[figures]"]
    lines += [f"{k} = {v}" for k, v in cfg["figures"].items()]
    return "\n".join(lines) + "\n"


def as_xml(b: Brief) -> str:
    header, rows = records(b, 40)
    tags = [slug(h, "_", 30) or f"col{i}" for i, h in enumerate(header)]
    tags = [t if t[0].isalpha() else f"c_{t}" for t in tags]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<export title={quoteattr(b.title)} created={quoteattr(b.created.isoformat())}>",
    ]
    out.append("  <entities>")
    out += [f"    <entity type={quoteattr(e.type)}>{escape(e.name)}</entity>" for e in b.entities]
    out.append("  </entities>")
    for row in rows:
        cells = "".join(f"<{t}>{escape(str(v))}</{t}>" for t, v in zip(tags, row, strict=False))
        out.append(f"  <row>{cells}</row>")
    out.append("</export>")
    return "\n".join(out) + "\n"


def openapi(b: Brief) -> dict[str, Any]:
    name = slug(b.project.name if b.project else b.topic, "-", 40)
    paths: dict[str, Any] = {}
    for e in b.entities[:4] or []:
        res = slug(e.type + "s", "-", 20)
        paths[f"/{res}"] = {
            "get": {
                "summary": f"List {e.type.replace('_', ' ')}s (e.g. {e.name})",
                "responses": {"200": {"description": "OK"}},
            }
        }
    paths.setdefault(
        "/health",
        {"get": {"summary": "Liveness check", "responses": {"200": {"description": "OK"}}}},
    )
    return {
        "openapi": "3.0.3",
        "x-references": [e.name for e in b.entities],
        "info": {
            "title": f"{name} API",
            "version": f"{b.rng.randint(1, 3)}.{b.rng.randint(0, 9)}.0",
            "description": f"{b.title}. Contact: {b.author}.",
        },
        "servers": [
            {"url": f"https://api.{b.world.profile.identity.email.split('@')[1]}/{name}/v1"}
        ],
        "paths": paths,
    }


def notebook(b: Brief) -> dict[str, Any]:
    src = [
        "import pandas as pd\n",
        f"df = pd.read_csv({json.dumps(slug(b.topic, '_') + '.csv')})\n",
        "df.describe()\n",
    ]
    md = [
        f"# {b.title}\n",
        "\n",
        *(f"- {e.name}: {amount_text(e) or attr(e, 'unit') or e.type}\n" for e in b.entities),
    ]
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": md},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": 1,
                "outputs": [],
                "source": src,
            },
        ],
    }

"""synth.content.<text kind>: a `TextSpec` for every plain-text and code kind.

Notes and documents (md, txt, rst, tex, html) are written from the same facts and
phrasing as the office documents: meeting-style notes with decisions and actions, or
a design-doc / report shape with a figures table. A later version keeps its parent's
text and appends an update; a note that references a document quotes its headings.
Data and code kinds go to `data_text` and `code`.
"""

from __future__ import annotations

import html
import re

from engine.llm.scripted import ScriptedRequest
from engine.schema.specs import TextSpec
from engine.synth.scripted import code, code_other, data_text
from engine.synth.scripted.brief import Brief, brief_from
from engine.synth.scripted.common import long_date, title_case
from engine.synth.scripted.writing import (
    actions,
    amount_text,
    background,
    fact,
    opening,
    points,
    risks,
)

_NOTES = re.compile(
    r"notes|minutes|log|journal|diary|to do|list|reading|packing|passwords|transcript"
)


def respond(request: ScriptedRequest) -> TextSpec:
    b = brief_from(request)
    return TextSpec(text=ensure_names(b, b.kind, build_text(b, b.kind)))


_COMMENT = {
    **dict.fromkeys(("py", "sh", "yaml", "toml", "r", "rb"), "# "),
    **dict.fromkeys(("js", "ts", "java", "c", "cpp", "go", "rs"), "// "),
    "sql": "-- ",
    "ini": "; ",
    "tex": "% ",
}


def ensure_names(b: Brief, kind: str, text: str) -> str:
    """Name any entity the text has not named yet, in the kind's own comment syntax."""
    missing = [e for e in b.entities if e.name.lower() not in text.lower()]
    if not missing or kind in ("json", "jsonl", "csv", "tsv"):
        return text
    lines = [fact(b, e) for e in missing]
    if kind in _COMMENT:
        return text.rstrip("\n") + "\n" + "".join(f"{_COMMENT[kind]}{line}\n" for line in lines)
    if kind in ("html", "xml"):
        note = " ".join(lines).replace("--", "-")
        return text.rstrip("\n") + f"\n<!-- {note} -->\n"
    if kind == "css":
        return text.rstrip("\n") + "\n/* " + " ".join(lines).replace("*/", "* /") + " */\n"
    return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


def build_text(b: Brief, kind: str) -> str:
    if kind in ("csv", "tsv"):
        return data_text.delimited(b, "\t" if kind == "tsv" else ",")
    writers = {
        "json": data_text.as_json,
        "jsonl": data_text.as_jsonl,
        "yaml": data_text.as_yaml,
        "toml": data_text.as_toml,
        "ini": data_text.as_ini,
        "xml": data_text.as_xml,
        "py": code.python,
        "sh": code_other.shell,
        "sql": code_other.sql,
        "md": markdown,
        "rst": rst,
        "tex": latex,
        "html": page,
        "css": stylesheet,
    }
    if kind in writers:
        return writers[kind](b)
    if kind in ("js", "ts", "r", "java", "c", "cpp", "go", "rs", "rb"):
        return code_other.other(b, kind)
    return plain(b)


def _mentions(b: Brief, text: str) -> list[str]:
    return [fact(b, e) for e in b.entities if e.name.lower() not in text.lower()]


def markdown(b: Brief) -> str:
    version = b.parent("version_of")
    if version is not None and version.text.strip():
        lines = [version.text.rstrip(), "", f"## Update {long_date(b.day)}", ""]
        lines += [f"- {p}" for p in points(b, 3)]
        return "\n".join(lines + [f"- {m}" for m in _mentions(b, "\n".join(lines))]) + "\n"
    people = ", ".join(b.people(4)) or b.author
    if _NOTES.search(b.artefact.lower()):
        lines = [
            f"# {title_case(b.title)}",
            "",
            f"*{long_date(b.day)}* · {people}",
            "",
            "## Notes",
            "",
        ]
        lines += [f"- {p}" for p in points(b, 5)]
        lines += [
            "",
            "## Decisions",
            "",
            f"- {b.rng.choice(('Keep the current plan.', 'Move the review forward a week.', 'Split the work in two.'))}",
        ]
        lines += ["", "## Actions", ""] + [f"- [ ] {a} ({o}, {d})" for a, o, d in actions(b, 4)]
    else:
        lines = [
            f"# {title_case(b.title)}",
            "",
            f"**Author:** {b.author} · **Updated:** {long_date(b.day)} · **Status:** "
            + b.rng.choice(("Draft", "In review", "Agreed")),
            "",
            "## Summary",
            "",
            opening(b),
            "",
            "## Background",
            "",
            background(b),
            "",
        ]
        rows = [
            (e.name, amount_text(e) or (long_date(e.date) if e.date else e.type.replace("_", " ")))
            for e in b.entities
        ]
        if rows:
            lines += (
                ["## Figures", "", "| Item | Figure |", "| --- | --- |"]
                + [f"| {n.replace('|', '/')} | {v} |" for n, v in rows]
                + [""]
            )
        lines += ["## Details", ""] + [f"- {p}" for p in points(b, 4)]
        lines += ["", "## Risks", ""] + [f"- {r}" for r in risks(b)]
        lines += ["", "## Next steps", ""] + [
            f"{i}. {a} ({o}, by {d})" for i, (a, o, d) in enumerate(actions(b, 3), 1)
        ]
    lines += _quoted(b)
    text = "\n".join(lines)
    extra = _mentions(b, text)
    return text + ("\n\n" + "\n".join(f"- {m}" for m in extra) if extra else "") + "\n"


def _quoted(b: Brief) -> list[str]:
    ref = b.parent("references", "derived_from", "extracted_from")
    if ref is None or not ref.text.strip():
        return []
    heads = [h.lstrip("# ").strip() for h in ref.text.splitlines() if h.startswith("#")][:5]
    out = ["", f"Source: {ref.name} ({ref.author or 'shared drive'})"]
    return out + [f"- {h}" for h in heads]


def plain(b: Brief) -> str:
    version = b.parent("version_of")
    if version is not None and version.text.strip():
        return (
            version.text.rstrip()
            + f"\n\n--- updated {b.day.isoformat()} ---\n"
            + "\n".join(points(b, 3))
            + "\n"
            + "\n".join(_mentions(b, version.text))
            + "\n"
        )
    art = b.artefact.lower()
    title = title_case(b.title)
    if "log" in art:
        t = b.created
        lines = [
            f"{t:%Y-%m-%d} {t.hour:02d}:{(t.minute + i * 7) % 60:02d}:{(i * 13) % 60:02d} INFO {p}"
            for i, p in enumerate(points(b, 6))
        ]
        return "\n".join([title, *lines, *_mentions(b, "\n".join(lines))]) + "\n"
    lines = [title, "=" * min(len(title), 60), f"{long_date(b.day)} - {b.author}", ""]
    if _NOTES.search(art) or b.artifact.path.lower().endswith(".txt"):
        lines += (
            [f"- {p}" for p in points(b, 5)]
            + ["", "TODO"]
            + [f"  [ ] {a} - {o} by {d}" for a, o, d in actions(b, 3)]
        )
    else:
        lines += [opening(b), "", background(b), ""] + [f"* {p}" for p in points(b, 4)]
    lines += [p.replace("\n", " ") for p in _quoted(b)]
    text = "\n".join(lines)
    return text + "\n" + "\n".join(_mentions(b, text)) + "\n"


def rst(b: Brief) -> str:
    title = title_case(b.title)
    lines = [
        title,
        "=" * len(title),
        "",
        f":Author: {b.author}",
        f":Date: {b.day.isoformat()}",
        "",
        "Summary",
        "-------",
        "",
        opening(b),
        "",
    ]
    lines += ["Figures", "-------", ""] + [f"* {fact(b, e)}" for e in b.entities] + [""]
    lines += ["Actions", "-------", ""] + [f"#. {a} ({o}, {d})" for a, o, d in actions(b, 3)]
    return "\n".join(lines) + "\n"


def _tex(text: str) -> str:
    out = text.replace("\\", r"\textbackslash{}")
    for ch in "&%$#_{}":
        out = out.replace(ch, "\\" + ch)
    return out.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def latex(b: Brief) -> str:
    if b.artifact.path.lower().endswith(".bib"):
        key = re.sub(r"[^a-z0-9]", "", b.author.split()[-1].lower()) + str(b.day.year)
        return f"@article{{{key},\n  title = {{{_tex(title_case(b.title))}}},\n  author = {{{_tex(b.author)}}},\n  year = {{{b.day.year}}},\n  note = {{{_tex('; '.join(e.name for e in b.entities))}}}\n}}\n"
    rows = [
        f"{_tex(e.name)} & {_tex(amount_text(e) or (long_date(e.date) if e.date else e.type))} \\\\"
        for e in b.entities
    ]
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        f"\\title{{{_tex(title_case(b.title))}}}",
        f"\\author{{{_tex(b.author)}}}",
        f"\\date{{{long_date(b.day)}}}",
        r"\begin{document}",
        r"\maketitle",
        r"\section{Introduction}",
        _tex(opening(b)),
        "",
        _tex(background(b)),
        r"\section{Key figures}",
        r"\begin{tabular}{ll}",
        r"\hline",
        r"Item & Figure \\",
        r"\hline",
        *rows,
        r"\hline",
        r"\end{tabular}",
        r"\section{Discussion}",
        r"\begin{itemize}",
        *[f"\\item {_tex(p)}" for p in points(b, 4)],
        r"\end{itemize}",
        r"\end{document}",
        "",
    ]
    return "\n".join(lines)


def page(b: Brief) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(x.name)}</td><td>{e(amount_text(x) or (long_date(x.date) if x.date else x.type))}</td></tr>"
        for x in b.entities
    )
    items = "".join(f"<li>{e(p)}</li>" for p in points(b, 4))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title_case(b.title))}</title>\n<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto}}"
        "table{border-collapse:collapse}td{border:1px solid #ccc;padding:4px 8px}</style>\n</head>\n<body>\n"
        f"<h1>{e(title_case(b.title))}</h1>\n<p><em>{e(b.author)}, {e(long_date(b.day))}</em></p>\n<p>{e(opening(b))}</p>\n"
        f"<h2>Figures</h2>\n<table>{rows}</table>\n<h2>Notes</h2>\n<ul>{items}</ul>\n</body>\n</html>\n"
    )


def stylesheet(b: Brief) -> str:
    colour = b.rng.choice(("#1f4e79", "#2e7d32", "#6a1b9a", "#c62828", "#00695c"))
    names = "; ".join(x.name for x in b.entities).replace("*/", "* /")
    return (
        f"/* {title_case(b.title)} - {b.author}, {b.day.isoformat()} */\n/* Used on pages about: {names} */\n"
        f":root {{\n  --brand: {colour};\n  --text: #222;\n  --muted: #666;\n}}\n\n"
        "body {\n  font-family: system-ui, sans-serif;\n  color: var(--text);\n  line-height: 1.5;\n}\n\n"
        "h1, h2 {\n  color: var(--brand);\n}\n\ntable.figures td {\n  border-bottom: 1px solid #ddd;\n  padding: 0.3em 0.6em;\n}\n"
    )

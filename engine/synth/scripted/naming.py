"""File names as this user would type them, and the versions they leave behind.

The profile's naming style decides the shape ('2024-03-04 Budget review.xlsx',
'SRIP25_suitability-report.docx', 'Document3.docx'); the version habit decides what a
second and third version are called ('_v2', '_FINAL', '_FINAL_v2', a date). Code and
configuration files follow their ecosystem's conventions instead, and downloads keep
the publisher's name, with the '(1)' a second download gets.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random

from engine.schema.profile import WorkHabits
from engine.synth.scripted.common import cap, slug
from engine.synth.scripted.folders import clean

__all__ = ["clean"]
from engine.synth.scripted.world import CODE_KINDS, DATA_KINDS

_DEFAULT_NAMES = {
    "docx": ("Document{n}", "Doc{n}"),
    "xlsx": ("Book{n}",),
    "pptx": ("Presentation{n}",),
    "pdf": ("Scan_{n:04d}", "document ({n})"),
    "png": ("Screenshot {n}", "image{n}"),
    "txt": ("New Text Document", "notes{n}"),
}
_CODE_NOUNS = {
    "py": ("report", "check", "export", "summary", "utils", "loader"),
    "r": ("analysis", "plots", "model"),
    "sql": ("query", "extract", "monthly"),
    "sh": ("deploy", "backup", "sync"),
}
_CODE_NOUNS = {
    "py": ("report", "check", "export", "summary", "utils", "loader"),
    "r": ("analysis", "plots", "model"),
    "sql": ("query", "extract", "monthly"),
    "sh": ("deploy", "backup", "sync"),
}
_CONFIG_NAMES = {
    "toml": ("pyproject", "settings", "config"),
    "yaml": ("config", "docker-compose", "pipeline", "openapi"),
    "ini": ("settings", "app", "setup"),
    "json": ("config", "package", "settings"),
}


_DANGLING = {"and", "of", "the", "for", "to", "a", "an", "in", "on", "due", "with", "by"}


def title_for(artefact: str, topic: str) -> str:
    """'lesson plan' + 'rates of reaction' -> 'Rates of reaction lesson plan'."""
    topic = topic.strip()
    last = artefact.lower().split()[-1] if artefact.strip() else ""
    if not topic or artefact.lower() in topic.lower() or (last and last in topic.lower().split()):
        return cap(topic or artefact)
    if len(topic) > 55:
        words = topic.split()
        while len(" ".join(words)) > 55 or words[-1].lower() in _DANGLING:
            words = words[:-1]
        topic = " ".join(words) or topic[:55]
    words = artefact.split()
    while words and topic.lower().split()[-1:] == [words[0].lower()]:
        words = words[1:]  # 'Income Fund' + 'fund factsheet' -> 'Income Fund factsheet'
    return cap(f"{topic} {' '.join(words)}".strip())


def version_suffix(habits: WorkHabits, step: int, day: dt.date, rng: Random) -> str:
    """The suffix of the `step`-th version (0 = the first file, which usually has none)."""
    habit = habits.version_suffix_habit
    if habit == "mixed":
        habit = rng.choice(("v_numbers", "final_suffixes", "dates"))
    if step == 0:
        return "_draft" if habit == "final_suffixes" and rng.random() < 0.4 else ""
    if habit == "v_numbers":
        return f"_v{step + 1}"
    if habit == "final_suffixes":
        return ("_FINAL", "_FINAL_v2", "_FINAL_final")[min(step - 1, 2)]
    if habit == "dates":
        return f"_{day:%Y-%m-%d}"
    return f" ({step + 1})" if habit == "none" else f"_v{step + 1}"


def file_name(
    title: str,
    kind: str,
    habits: WorkHabits,
    day: dt.date,
    rng: Random,
    *,
    suffix: str = "",
    code: str = "",
    n: int = 1,
) -> str:
    """A file name (no folder) for a user-made file of `kind` titled `title`."""
    if kind in CODE_KINDS or (kind in DATA_KINDS and kind not in ("csv", "tsv", "json")):
        return code_name(title, kind, rng)
    style = habits.naming_style
    if style == "mixed":
        style = rng.choice(("descriptive", "descriptive", "dated_prefix", "default_names", "lower"))
    if style == "default_names" and rng.random() < 0.45 and kind in _DEFAULT_NAMES:
        base = rng.choice(_DEFAULT_NAMES[kind]).format(n=n)
        return clean(f"{base}{suffix}.{kind}")
    if style == "dated_prefix":
        stamp = day.strftime(rng.choice(("%Y-%m-%d", "%Y%m%d", "%Y-%m-%d")))
        base = f"{stamp} {title}"
    elif style == "project_code" and code:
        base = f"{code}_{slug(title, '-', 48)}"
    elif style in ("lower", "default_names"):
        base = slug(title, rng.choice(("_", "-", " ")), 60)
    else:
        base = title
    return clean(f"{base}{suffix}.{kind}")


def code_name(title: str, kind: str, rng: Random, *, folder: str = "", artefact: str = "") -> str:
    """'Billing reconciliation job' -> 'billing_reconciliation.py', configs keep stock names."""
    if kind in _CONFIG_NAMES and rng.random() < 0.5:
        stem = rng.choice(_CONFIG_NAMES[kind])
        return f"{stem}.{'yml' if kind == 'yaml' and rng.random() < 0.5 else kind}"
    skip = {"the", "for", "and", "of", "a", "to", "team"}
    words = [w for w in re.findall(r"[a-z0-9]+", slug(title, " ", 80)) if w not in skip]
    if kind in _CODE_NOUNS and rng.random() < 0.5:
        words = [*words[:2], rng.choice(_CODE_NOUNS[kind])]
    stem = "_".join(words[:3]) or "script"
    if kind == "py" and ("test" in artefact.lower() or "/tests" in folder.lower()):
        stem = f"test_{stem}"
    if kind in ("js", "ts"):
        stem = words[0] + "".join(w.capitalize() for w in words[1:3]) if words else "index"
    if kind == "sh":
        stem = stem.replace("_", "-")
    return f"{stem}.{kind}"


def download_name(title: str, kind: str, rng: Random, *, copy: bool = False) -> str:
    """A publisher's file name as it lands in Downloads: 'fund-factsheet-2024-q4.pdf'."""
    sep = rng.choice(("-", "_", "-"))
    base = slug(title, sep, 60)
    if rng.random() < 0.3:
        base = "_".join(w.capitalize() for w in base.split(sep))
    dup = " (1)" if copy else ""
    return clean(f"{base}{dup}.{kind}")


def project_code(name: str, start: dt.date, index: int) -> str:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", name)[:4]).upper()
    return f"{initials}{start:%y}-{index:02d}"


def with_suffix(file: str, suffix: str) -> str:
    """'Budget.xlsx' + '_v2' -> 'Budget_v2.xlsx' (an existing version suffix is replaced)."""
    stem, dot, ext = file.rpartition(".")
    stem = re.sub(r"(_v\d+|_FINAL(_v2|_final)?|_draft|_\d{4}-\d{2}-\d{2}| \(\d+\))$", "", stem)
    return clean(f"{stem}{suffix}{dot}{ext}")


def with_kind(file: str, kind: str) -> str:
    """The same name with another extension: the PDF export of 'Report_v2.docx'."""
    stem = file.rpartition(".")[0] or file
    return clean(f"{stem}.{kind}")

"""What the scripted responders read out of a request's context: people, figures, files.

Small pure helpers shared by the objectives and collaborator responders, so
both speak about the same entities in the same formats (a budget is always
'£4,850.00', never '4850 GBP' in one place and '£4,850' in another).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any

from engine.schema.profile import Collaborator, Entity, Project, UserProfile

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥"}
DOC_KINDS = ("docx", "xlsx", "pptx", "pdf", "md", "csv", "txt")
_WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    "the a an of and for with to in on at by from into your our their this that these those is are "
    "be will can new next last year term plan review work draft final version file files every "
    "rather than then unless asked more most first top early late before after over under one "
    "two any all each them they what when where which while would could should about".split()
)


def money(amount: float, currency: str | None) -> str:
    """An amount as the user's files write it: '£4,850.00', '$12,400.00', '1,200.00 CHF'."""
    if currency is None:
        return f"{amount:,.2f}"
    sym = SYMBOLS.get(currency)
    return f"{sym}{amount:,.2f}" if sym else f"{amount:,.2f} {currency}"


def words(text: str) -> set[str]:
    """Content words of `text`, lower case, without the commonest short words."""
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP}


def first_name(full: str) -> str:
    return full.split()[0] if full.split() else full


def entity_figure(ent: Entity) -> str | None:
    """What a file quotes for an entity: its amount, its date, or a numeric attribute."""
    if ent.amount is not None:
        return money(ent.amount, ent.currency)
    if ent.date is not None:
        return ent.date.strftime("%d %B %Y").lstrip("0")
    return None


def describe_entity(ent: Entity) -> str:
    """One sentence a collaborator can say about an entity, with its exact figure."""
    fig = entity_figure(ent)
    attrs = "; ".join(f"{a.key.replace('_', ' ')}: {a.value}" for a in ent.attributes[:3])
    if ent.amount is not None and ent.type in ("budget", "metric", "contract", "account"):
        text = f"The {ent.name} is {fig}."
    elif ent.amount is not None:
        text = f"{ent.name}: {fig}."
    elif ent.date is not None:
        text = f"The {ent.name} is on {fig}."
    elif ent.description:
        text = f"{ent.name}: {ent.description.rstrip('.')}."
    elif attrs:
        return f"{ent.name}: {attrs}."
    else:
        return f"{ent.name} ({ent.type.replace('_', ' ')})."
    return text[:-1] + f" ({attrs})." if attrs else text


def project_entities(profile: UserProfile, project: Project) -> list[Entity]:
    return [e for e in (profile.fact_sheet.get(i) for i in project.entities) if e is not None]


def amounts(entities: Iterable[Entity]) -> list[Entity]:
    return [e for e in entities if e.amount is not None]


def attribute(ent: Entity, *keys: str) -> str | None:
    for a in ent.attributes:
        if a.key.lower() in keys:
            return a.value
    return None


def project_files(
    tree: Sequence[dict[str, Any]],
    project: Project,
    hint: str = "",
    limit: int = 4,
) -> list[str]:
    """Files this project's work would start from: its own, then its entities', then by name.

    Within each group, files whose names share words with `hint` (the deliverable's
    title and outputs) come first, then the most recently modified.
    """
    want = words(hint)

    def docs(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        found = [e for e in entries if e["kind"] in DOC_KINDS]
        return sorted(
            found,
            key=lambda e: (
                len(want & words(PurePosixPath(e["path"]).stem)),
                e.get("modified", ""),
                e["path"],
            ),
            reverse=True,
        )

    own = docs(e for e in tree if project.id in e.get("projects", []))
    ents = set(project.entities)
    shared = docs(e for e in tree if ents & set(e.get("entities", [])))
    name_words = words(project.name)
    named = docs(e for e in tree if name_words & words(PurePosixPath(e["path"]).stem))
    picked: list[str] = []
    for entry in [*own, *shared, *named, *docs(tree)]:
        if entry["path"] not in picked:
            picked.append(entry["path"])
        if len(picked) >= limit:
            break
    return picked


def output_folder(paths: Sequence[str], documents: str) -> str:
    """Where a deliverable's files go: beside its sources in Documents, else Documents."""
    parents = Counter(
        str(PurePosixPath(p).parent) for p in paths if p.lower().startswith(documents.lower() + "/")
    )
    return parents.most_common(1)[0][0] if parents else documents


def collaborator_for(
    people: Sequence[Collaborator], relations: Sequence[str], project: Project | None
) -> Collaborator | None:
    """The person who would ask for this: on the project with a wanted relationship, then anyone with it."""
    for rel in relations:
        for c in people:
            if c.relationship == rel and project is not None and project.id in c.projects:
                return c
    for rel in relations:
        for c in people:
            if c.relationship == rel:
                return c
    return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Words a clipped name should not end on ('..._for_Iain_and' reads as cut off).
_DANGLING = frozenset("a an and at by for from in into of on or the to with vs per".split())


def clip_words(text: str, limit: int, sep: str = " ") -> str:
    """`text` cut to at most `limit` characters between words, never inside one.

    Words are split on `sep`; the words kept are whole, and trailing small words
    ('and', 'for', 'of'...) go too. Only a first word longer than `limit` is cut.
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    words = [w for w in text.split(sep) if w]
    kept: list[str] = []
    size = 0
    for w in words:
        need = len(w) + (len(sep) if kept else 0)
        if size + need > limit:
            break
        kept.append(w)
        size += need
    while len(kept) > 1 and kept[-1].lower() in _DANGLING:
        kept.pop()
    out = sep.join(kept).rstrip(" ,;:-–—")
    return out or (words[0][:limit] if words else "")


def clip_file_name(name: str, limit: int) -> str:
    """A file name of at most `limit` characters: its stem clipped between words, its
    extension kept."""
    p = PurePosixPath(name)
    suffix = p.suffix if 0 < len(p.suffix) <= 6 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    if len(name) <= limit:
        return name
    return clip_words(stem, max(1, limit - len(suffix))) + suffix

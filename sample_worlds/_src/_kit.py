"""Shared shapes for the hand-written sample-world sources.

A source module (`_src/<slug>.py`) defines one `World`: the persona, the profile,
the folders (with what the user keeps in each) and every file with its content
spec written out in full. `build.py` turns a `World` into a folder of real files
and a `.synthcomp/world.json`.

Paths in a source are relative to the user's home folder (`Documents/...`), as
the person would think of them; the builder prefixes `C/Users/<username>/`.

The short block constructors (`H`, `P`, `B`, `T`, `R`) only save typing: a
source reads like the document it describes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.schema.persona import Persona
from engine.schema.plans import PlannedProject
from engine.schema.profile import UserProfile
from engine.schema.specs import (
    Bullets,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    TextRun,
)

Origin = Literal["user_created", "web_download", "shared", "system_generated"]
Relation = Literal["derived_from", "version_of", "extracted_from", "references"]
Area = Literal["work", "personal", "archive", "downloads", "system"]


def d(text: str) -> dt.datetime:
    """'2025-03-05 14:20' -> a naive wall-clock datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class File:
    """One planned file and its content, as the user made it (or received it)."""

    path: str  # relative to the home folder, '/' separated, with its extension
    purpose: str  # what the file is, specific enough for a reader of world.json
    created: dt.datetime
    spec: Any  # DocSpec | PdfSpec | SheetSpec | DeckSpec | TextSpec | EmlSpec | ImageSpec
    modified: dt.datetime | None = None  # defaults to `created`
    origin: Origin = "user_created"
    author: str | None = None  # defaults to the user's full name
    projects: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    links: tuple[tuple[Relation, str], ...] = ()  # (relation, home-relative path of an older file)
    # For an email: attachment file name -> home-relative path of the file whose bytes it carries.
    attachments: dict[str, str] = field(default_factory=dict)

    @property
    def last_modified(self) -> dt.datetime:
        return self.modified or self.created


@dataclass(frozen=True)
class World:
    slug: str
    seed: int
    created_at: dt.datetime  # when the world "is": just after the newest file
    persona: Persona
    profile: UserProfile
    # home-relative folder -> (what the user keeps there, area). Every folder that holds a
    # file, and every folder between it and the home folder, must be described here.
    folders: dict[str, tuple[str, Area]]
    projects: list[PlannedProject]
    files: list[File]


# --- block shorthands ----------------------------------------------------------------------


def H(text: str, level: int = 1) -> Heading:
    return Heading(text=text, level=level)


def P(text: str) -> Paragraph:
    return Paragraph(text=text)


def R(*parts: str | tuple[str, str]) -> Paragraph:
    """A paragraph of runs: plain strings, or ('b', text) / ('i', text) for bold / italic."""
    runs = []
    for part in parts:
        if isinstance(part, tuple):
            style, text = part
            runs.append(TextRun(text=text, bold="b" in style, italic="i" in style))
        else:
            runs.append(TextRun(text=part))
    return Paragraph(runs=runs)


def B(*items: str, numbered: bool = False) -> Bullets:
    return Bullets(items=list(items), numbered=numbered)


def N(*items: str) -> Bullets:
    return Bullets(items=list(items), numbered=True)


def T(header: list[str], rows: list[list[Any]]) -> Table:
    return Table(header=header, rows=rows)


def BR() -> PageBreak:
    return PageBreak()


# --- number formatting as a person types it ---------------------------------------------------


def money(value: float, symbol: str = "£", pence: bool = False) -> str:
    """12345.6 -> '£12,346' (or '£12,345.60' with pence)."""
    if pence:
        return f"{symbol}{value:,.2f}"
    return f"{symbol}{round(value):,}"


def pct(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}%"

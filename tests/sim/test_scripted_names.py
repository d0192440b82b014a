"""Names the scripted people make are cut between words, never inside one.

A deliverable called 'Annual review pack for Iain and Shona Ferguson ...' must
not become 'Annual_review_pack_for_Iain_and_Shona_Fe.docx', and a long private
file name must keep its extension.
"""

from __future__ import annotations

import re

import pytest

from engine.sim.scripted._world import clip_file_name, clip_words
from engine.sim.scripted.worker import (
    STEM_LIMIT,
    Brief,
    Context,
    Memory,
    _dlv_of_path,
    _planned_paths,
)

FOLDER = "C:/Users/cmoffat/Documents/Clients/Ferguson, Iain & Shona"
TITLE = "Annual review pack for Iain and Shona Ferguson with the 2025 cashflow forecast"


@pytest.mark.parametrize(
    ("text", "limit", "sep", "expected"),
    [
        ("Annual review pack", 40, " ", "Annual review pack"),  # short enough: as is
        (
            "Annual review pack for Iain and Shona Ferguson",
            40,
            " ",
            "Annual review pack for Iain and Shona",
        ),
        ("Annual_review_pack_for_Iain_and_Shona_Ferguson", 36, "_", "Annual_review_pack_for_Iain"),
        ("Costs, budget and risks of the move", 22, " ", "Costs, budget"),  # no ', and'
        ("Supercalifragilistic expialidocious", 10, " ", "Supercalif"),  # one long word: cut
    ],
)
def test_clip_words(text: str, limit: int, sep: str, expected: str) -> None:
    assert clip_words(text, limit, sep) == expected


def test_clip_file_name_keeps_the_extension() -> None:
    name = "Iain and Shona Ferguson - pension transfer working figures and assumptions 2025.xlsx"
    clipped = clip_file_name(name, 60)
    assert clipped == "Iain and Shona Ferguson - pension transfer working.xlsx"
    assert len(clipped) <= 60
    assert clip_file_name("Short.xlsx", 60) == "Short.xlsx"


def _brief(*outputs: tuple[str, str, str]) -> Brief:
    return Brief(id="DLV_001", title=TITLE, requester="Iain Ferguson", outputs=list(outputs))


def test_deliverable_files_are_named_with_whole_words() -> None:
    brief = _brief(
        ("docx", FOLDER, "the review letter"),
        ("xlsx", FOLDER, "the cashflow workbook with projections to age ninety"),
        ("xlsx", FOLDER, "the fee schedule"),
    )
    paths = _planned_paths(brief, Memory())
    stem = "Annual_review_pack_for_Iain_and_Shona_Ferguson_with_the_2025"
    assert len(stem) <= STEM_LIMIT
    assert paths == [
        f"{FOLDER}/{stem}.docx",
        # Two workbooks in one folder: each adds the start of its description, whole words.
        f"{FOLDER}/{stem}_the_cashflow_workbook.xlsx",
        f"{FOLDER}/{stem}_the_fee_schedule.xlsx",
    ]
    words = set(re.findall(r"[A-Za-z0-9]+", TITLE + " " + " ".join(d for _, _, d in brief.outputs)))
    for path in paths:
        name = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        assert set(name.split("_")) <= words, name  # no word cut short
    ctx = Context(briefs=[brief])
    assert all(_dlv_of_path(ctx, Memory(), p) == "DLV_001" for p in paths)

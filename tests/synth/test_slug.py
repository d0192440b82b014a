"""The synth slug (file names, ids, domains) is cut between words, never inside one."""

from __future__ import annotations

import pytest

from engine.synth.scripted.common import slug


@pytest.mark.parametrize(
    ("text", "sep", "limit", "expected"),
    [
        (
            "Annual review pack for Iain and Shona Ferguson",
            "-",
            40,
            "annual-review-pack-for-iain-and-shona",
        ),
        ("Annual review pack for Iain and Shona Ferguson", "_", 22, "annual_review_pack_for"),
        ("Annual review pack", "-", 40, "annual-review-pack"),
        ("Exactly ten", "-", 11, "exactly-ten"),
        ("Supercalifragilisticexpialidocious report", "-", 10, "supercalif"),  # one long word
        ("Lothian and Forth Wealth", "", 12, "lothianandfo"),  # no separator: cut
        ("!!!", "-", 10, "item"),
    ],
)
def test_slug_cuts_between_words(text: str, sep: str, limit: int, expected: str) -> None:
    out = slug(text, sep, limit)
    assert out == expected and len(out) <= limit

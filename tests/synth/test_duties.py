"""The work a persona names becomes the scripted profile's first projects."""

from __future__ import annotations

import pytest

from engine.synth.scripted.duties import persona_duties
from tests.synth.test_scripted_profile import profile_for


@pytest.mark.parametrize(
    ("persona", "duties"),
    [
        (
            "A hospital pharmacist in Glasgow who runs the antibiotic stewardship audits",
            ["antibiotic stewardship audits"],
        ),
        (
            "A bookkeeper at a family bakery in Leeds who keeps the accounts and the payroll.",
            ["accounts", "payroll"],
        ),
        (
            "A senior product manager in Dublin responsible for the payments app and its "
            "onboarding flow",
            ["payments app", "onboarding flow"],
        ),
        (
            "A teacher who runs the school's Duke of Edinburgh programme",
            ["school's Duke of Edinburgh programme"],
        ),
        ("A chemistry teacher who writes careful risk assessments.", ["risk assessments"]),
        ("An adviser who is preparing for a promotion review.", ["promotion review"]),
        # habits, pronouns and no duty at all give nothing
        ("A self-employed electrician in Dublin who keeps every version of every document.", []),
        ("An engineer who manages it", []),
        ("high-school chemistry teacher in Leeds", []),
    ],
)
def test_duties_are_read_from_the_persona(persona: str, duties: list[str]) -> None:
    assert persona_duties(persona) == duties


async def test_the_named_work_is_the_first_project() -> None:
    persona = "A hospital pharmacist in Glasgow who runs the antibiotic stewardship audits"
    profile = await profile_for(persona, seed=1)
    names = [p.name for p in profile.current_projects]
    assert names[0] == "Antibiotic stewardship audits"
    assert len(names) >= 2  # the occupation's own work is still there
    assert profile.identity.location.startswith("Glasgow")

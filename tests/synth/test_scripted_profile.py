"""The scripted synth.profile responder, called the way the pipeline calls it: through a real
scripted `LLM`, with the stage's own messages (`engine.synth.prompts`).

Also home to the helpers the other `test_scripted_*` modules share (personas, `ask`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel

import engine.synth.scripted  # noqa: F401  (registers the responders)
from engine.config import ModelSettings
from engine.llm import LLM, CallContext, make_llm
from engine.schema.profile import UserProfile
from engine.synth import prompts
from engine.synth.occupations import find_occupation, load_cities
from engine.synth.scripted.common import names_data

T = TypeVar("T", bound=BaseModel)
TODAY = dt.date(2025, 6, 2)

# persona text -> (family the profile must belong to, city it must live in, currency)
PERSONAS: dict[str, tuple[str, str, str]] = {
    "A high-school chemistry teacher in Leeds who writes careful risk assessments.": (
        "school_teaching",
        "Leeds",
        "GBP",
    ),
    "A senior financial advisor at a mid-sized wealth-management firm in Boston who is preparing "
    "for a promotion review.": ("financial_advisory", "Boston", "USD"),
    "A software engineer at a SaaS company in Berlin who maintains a popular open-source library "
    "in their spare time.": ("software_engineering", "Berlin", "EUR"),
    "A registered nurse on a surgical ward at a public hospital in Sydney who mentors two junior "
    "colleagues.": ("nursing_midwifery", "Sydney", "AUD"),
    "A corporate lawyer at a law firm in Toronto who is about to take over a departing colleague's "
    "work.": ("legal_practice", "Toronto", "CAD"),
    "A self-employed electrician in Dublin who keeps every version of every document.": (
        "skilled_trades",
        "Dublin",
        "EUR",
    ),
}


def hint(persona: str) -> dict[str, str] | None:
    match = find_occupation(persona)
    if match is None:
        return None
    return {
        "title": match.occupation.title,
        "family": match.family.id,
        "industry": match.occupation.industry,
    }


async def ask(llm: LLM, task: str, ctx: dict[str, Any], output: type[T], purpose: str) -> T:
    """One structured call, exactly as world creation makes it."""
    return await llm.structured(
        prompts.build_messages(task, ctx), output, context=CallContext(purpose=purpose)
    )


def scripted(seed: int) -> LLM:
    return make_llm(ModelSettings(backend="scripted", seed=seed))


async def profile_for(persona: str, seed: int = 1, *, with_hint: bool = True) -> UserProfile:
    ctx = {
        "persona": persona,
        "occupation": hint(persona) if with_hint else None,
        "today": TODAY,
        "seed": seed,
    }
    async with scripted(seed) as llm:
        return await ask(llm, prompts.profile_task(), ctx, UserProfile, "synth.profile")


@pytest.mark.parametrize("persona", list(PERSONAS))
async def test_profile_fits_the_persona(persona: str) -> None:
    family, city, currency = PERSONAS[persona]
    profile = await profile_for(persona)
    match = find_occupation(profile.identity.role)
    assert match is not None and match.family.id == family, profile.identity.role
    assert profile.identity.location.startswith(city)
    assert 2 <= len(profile.current_projects) <= 5
    assert 4 <= len(profile.collaborators) <= 10
    assert 10 <= len(profile.fact_sheet.entities) <= 25
    money = [e for e in profile.fact_sheet.entities if e.currency]
    assert money and {e.currency for e in money} == {currency}
    for e in profile.fact_sheet.entities:
        if e.date is not None:
            assert TODAY - dt.timedelta(days=2 * 366) <= e.date <= TODAY + dt.timedelta(days=400)
    ids = profile.fact_sheet.ids()
    for project in profile.current_projects:
        assert project.entities and set(project.entities) <= ids
        assert project.start_date <= TODAY
    user = profile.identity
    assert profile.filesystem.home.rsplit("/", 1)[-1] == user.username
    assert user.email.split("@")[1] in {c.email.split("@")[1] for c in profile.collaborators}
    text = profile.model_dump_json().lower()
    assert "lorem" not in text and "example corp" not in text and "tbd" not in text.split()


async def test_profile_career_is_consistent_with_seniority() -> None:
    persona = next(p for p in PERSONAS if "senior financial advisor" in p)
    profile = await profile_for(persona, seed=4)
    assert profile.identity.role.startswith("Senior")
    assert profile.identity.career_stage in ("senior", "late_career")
    history = profile.career_history
    assert (
        history[-1].end_year is None and history[-1].organization == profile.identity.organization
    )
    assert [r.start_year for r in history] == sorted(r.start_year for r in history)
    assert TODAY.year - history[0].start_year <= profile.identity.years_experience + 1
    assert "promotion review" in profile.biography


async def test_same_request_same_profile_other_seed_other_profile() -> None:
    persona = next(iter(PERSONAS))
    first = await profile_for(persona, seed=7)
    again = await profile_for(persona, seed=7)
    other = await profile_for(persona, seed=8)
    assert first == again
    assert other.identity.full_name != first.identity.full_name or other != first


async def test_profile_without_hint_or_occupation() -> None:
    named = await profile_for(
        "Maria Forsythe, a chemistry teacher in Leeds who runs the lab inventory.",
        with_hint=False,
    )
    assert named.identity.full_name == "Maria Forsythe"
    assert named.identity.username in ("mforsythe", "maria.forsythe", "mariaf", "forsythem")
    vague = await profile_for("A history buff who loves castles.", with_hint=False)
    assert vague.identity.role and len(vague.current_projects) >= 2


async def test_name_pools_follow_the_place() -> None:
    # Tokyo and Lagos staff rooms are not named Hughes and Clarke.
    tokyo = await profile_for("An accountant at an accounting firm in Tokyo.", seed=3)
    lagos = await profile_for("A marketing manager at an advertising agency in Lagos.", seed=3)
    assert {c.country for c in load_cities() if c.city == "Tokyo"} == {"Japan"}
    assert {e.currency for e in tokyo.fact_sheet.entities if e.currency} == {"JPY"}
    assert {e.currency for e in lagos.fact_sheet.entities if e.currency} == {"NGN"}
    japanese = set(names_data()["regions"]["ja"]["last"])
    staff = [c for c in tokyo.collaborators if c.organization == tokyo.identity.organization]
    assert staff and all(c.name.split()[-1] in japanese for c in staff)
    assert tokyo.identity.full_name.split()[-1] in japanese


async def test_machines_are_mostly_windows_some_macs() -> None:
    persona = "A data analyst at a retail chain in Denver."
    systems = []
    for seed in range(24):
        profile = await profile_for(persona, seed=seed)
        fs = profile.filesystem
        systems.append(fs.os)
        if fs.os == "windows":
            assert re.fullmatch(r"C:/Users/[a-z][a-z0-9._-]+", fs.home)
        else:
            assert fs.home.startswith("/Users/") and fs.volumes[0].label == "Macintosh HD"
    assert systems.count("windows") > systems.count("macos") > 0

"""Personas: read them from PersonaHub-style JSONL, or sample them from the taxonomy.

The paper seeds its computers with rows of a large public persona collection,
sampled across occupations. `parse_personas_jsonl` reads such a file; when none
is at hand, `sample_personas` writes comparable one-line personas itself, seeded
and deterministic, spread across industries, and varied by seniority, employer,
city and a trait, so a batch of worlds does not come out as forty accountants.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from engine.errors import NotFound, SynthcompError
from engine.schema.persona import Persona, PersonaSource
from engine.synth.occupations import (
    City,
    Occupation,
    find_occupation,
    load_cities,
    load_taxonomy,
)


class PersonaFileError(SynthcompError):
    """A persona file could not be read; the message names the file and line."""


# --- reading -----------------------------------------------------------------------------


def persona_from_text(
    text: str,
    *,
    source: PersonaSource = "text",
    source_ref: str | None = None,
    seed: int | None = None,
) -> Persona:
    """A persona from free text, with its occupation filled in when the text names one."""
    match = find_occupation(text)
    return Persona(
        text=text,
        occupation=match.occupation.title if match else None,
        occupation_family=match.family.id if match else None,
        industry=match.occupation.industry if match else None,
        seed=seed,
        source=source,
        source_ref=source_ref,
    )


def iter_personas_jsonl(path: str | Path, *, limit: int | None = None) -> Iterator[Persona]:
    """Personas from a JSONL file of `{"persona": "..."}` rows, one at a time.

    Blank lines are skipped. Anything else that is not such a row stops the read
    with a `PersonaFileError` naming the line, because a silently skipped row
    would change which personas a seeded batch picks. Files are read line by line,
    so a PersonaHub dump of hundreds of thousands of rows can be sampled with `limit`.
    """
    p = Path(path)
    if not p.exists():
        raise NotFound(f"There is no persona file at {p}.")
    if p.is_dir():
        raise PersonaFileError(f"{p} is a folder; give the path of a .jsonl file.")
    count = 0
    try:
        with p.open(encoding="utf-8-sig") as fh:  # -sig: tolerate a BOM from Windows editors
            for lineno, line in enumerate(fh, start=1):
                if limit is not None and count >= limit:
                    return
                if not line.strip():
                    continue
                yield _row_to_persona(line, p, lineno)
                count += 1
    except UnicodeDecodeError as exc:
        raise PersonaFileError(
            f"{p} is not UTF-8 text ({exc.reason} at byte {exc.start})."
        ) from exc


def parse_personas_jsonl(path: str | Path, *, limit: int | None = None) -> list[Persona]:
    """All personas of a JSONL file (see `iter_personas_jsonl`)."""
    return list(iter_personas_jsonl(path, limit=limit))


def _row_to_persona(line: str, path: Path, lineno: int) -> Persona:
    where = f"{path.name} line {lineno}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise PersonaFileError(
            f'{where} is not valid JSON ({exc.msg}); each line must be an object like {{"persona": "..."}}.'
        ) from exc
    if not isinstance(row, dict):
        raise PersonaFileError(f'{where} is not a JSON object; expected {{"persona": "..."}}.')
    text = row.get("persona")
    if not isinstance(text, str) or not text.strip():
        raise PersonaFileError(f'{where} has no "persona" text.')
    try:
        return persona_from_text(text, source="jsonl", source_ref=f"{path.name}:{lineno}")
    except ValidationError as exc:
        first = exc.errors()[0]["msg"]
        raise PersonaFileError(f"{where} is not a usable persona: {first}.") from exc


# --- sampling ----------------------------------------------------------------------------

_LEVEL_WORD = {
    "trainee": "trainee",
    "junior": "junior",
    "mid": "",
    "senior": "senior",
    "lead": "lead",
    "manager": "",
    "director": "",
    "executive": "",
    "self_employed": "",
}
_YEARS = {
    "trainee": (0, 1),
    "junior": (1, 3),
    "mid": (4, 9),
    "senior": (10, 20),
    "lead": (8, 16),
    "manager": (8, 20),
    "director": (12, 25),
    "executive": (15, 30),
    "self_employed": (5, 25),
}
# Titles that already say how senior they are take no extra adjective.
_RANKED_TITLE_WORDS = frozenset(
    "head chief lead director dean senior junior trainee deputy president partner owner founder principal "
    "candidate apprentice intern".split()
)
_SELF_EMPLOYED_TITLE_WORDS = frozenset({"freelance", "owner", "founder", "self-employed"})
_KEEP_CASE = frozenset(
    "English French Spanish German Salesforce Microsoft Android Linux Lloyd's Big Four SaaS".split()
)
_SIZES = (
    "small",
    "mid-sized",
    "large",
    "growing",
    "well-established",
    "busy",
    "family-owned",
    "100-person",
)
# Traits anyone can have, then traits that assume an employer (not for the self-employed).
GENERIC_TRAITS: tuple[str, ...] = (
    "keeps meticulous notes on everything",
    "is juggling work with caring for an elderly parent",
    "has just returned from parental leave",
    "is known for colour-coded spreadsheets",
    "is studying for a part-time master's degree",
    "is learning Python in the evenings",
    "struggles to keep their inbox under control",
    "volunteers at a local food bank on weekends",
    "prefers paper notes but is slowly going digital",
    "saves everything to the desktop and means to tidy it one day",
    "is training for a spring marathon",
    "speaks three languages and often translates for others",
    "is sceptical of new software until it saves them time",
    "keeps every version of every document",
    "writes clear emails that others forward as examples",
    "is moving house at the busiest time of the year",
    "has a reputation for never missing a deadline",
    "recently returned to work after a career break",
    "runs a small craft business online on the side",
    "is writing a book about their field in spare moments",
)
EMPLOYEE_TRAITS: tuple[str, ...] = (
    "mentors two junior colleagues",
    "recently moved from a much larger organisation",
    "is three months into a new job",
    "is about to take over a departing colleague's work",
    "works remotely three days a week",
    "is the unofficial IT helper for their team",
    "is preparing for a promotion review",
    "is leading a small internal change project",
    "has worked at the same organisation for over a decade",
    "is planning to go freelance next year",
    "is covering for a manager on long-term leave",
    "is pushing the team towards cloud-based tools",
)
# Employers that a size adjective would make odd ("a mid-sized city council").
_NO_SIZE_WORDS = frozenset(
    "department team service services council authority agency office force forces government "
    "parliament embassy administration ministry regulator district household court unit".split()
)
_HOOK_SHARE = (
    0.65  # how often the trait comes from the occupation family rather than the generic list
)


def sample_personas(n: int, seed: int = 0) -> list[Persona]:
    """`n` distinct one-line personas, the same for the same `seed`.

    Industries are visited round-robin in a seeded order (each block of 28
    personas covers every industry once), a family within the industry is chosen
    uniformly, then a title of that family; seniority, employer type, city and
    trait vary per persona. Each persona carries its own derived seed for the
    stages that grow it into a computer.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    rng = random.Random(seed)
    tax = load_taxonomy()
    cities = load_cities()
    by_industry = tax.by_industry()
    industries = sorted(by_industry)
    cycle: list[str] = []
    seen: set[str] = set()
    out: list[Persona] = []
    while len(out) < n:
        if not cycle:
            cycle = industries[:]
            rng.shuffle(cycle)
        industry = cycle.pop()
        pool = by_industry[industry]
        families = sorted({o.family for o in pool})
        text = ""
        occ: Occupation | None = None
        for _ in range(50):
            fam_id = rng.choice(families)
            occ = rng.choice([o for o in pool if o.family == fam_id])
            text = compose_persona(occ, rng, cities)
            if text not in seen:
                break
        assert occ is not None
        seen.add(text)
        out.append(
            Persona(
                text=text,
                occupation=occ.title,
                occupation_family=occ.family,
                industry=occ.industry,
                seed=rng.randrange(2**31),
                source="sampled",
            )
        )
    return out


def compose_persona(
    occ: Occupation, rng: random.Random, cities: tuple[City, ...] | None = None
) -> str:
    """One PersonaHub-style sentence for an occupation, drawing every choice from `rng`."""
    cities = cities or load_cities()
    tax = load_taxonomy()
    level = rng.choice(occ.seniority_levels)
    place = rng.choice(cities)
    employer = rng.choice(tax.employers_for(occ))
    size = rng.choice(_SIZES)
    if rng.random() < 0.5 and not set(employer.lower().split()) & _NO_SIZE_WORDS:
        employer = f"{size} {employer}"
    hooks = tax.hooks_for(occ)
    traits = GENERIC_TRAITS if level == "self_employed" else GENERIC_TRAITS + EMPLOYEE_TRAITS
    hook = rng.choice(hooks) if hooks and rng.random() < _HOOK_SHARE else rng.choice(traits)
    title = _title_in_sentence(occ.title)
    city = place.city if place.country_code == "US" else f"{place.city}, {place.country}"
    if level == "self_employed":
        # "a self-employed freelance writer" says it twice; such titles speak for themselves.
        lead = (
            "" if set(occ.title.lower().split()) & _SELF_EMPLOYED_TITLE_WORDS else "self-employed "
        )
        forms = (
            f"{_a(lead + title)} {lead}{title} in {city} who {hook}",
            f"{_a(lead + title)} {lead}{title} based in {city} who {hook}",
        )
        return _sentence(rng.choice(forms))
    word = _LEVEL_WORD[level]
    if word and not set(occ.title.lower().split()) & _RANKED_TITLE_WORDS:
        title = f"{word} {title}"
    lo, hi = _YEARS[level]
    years = rng.randint(lo, hi)
    forms = (
        f"{_a(title)} {title} at {_a(employer)} {employer} in {city} who {hook}",
        f"{_a(title)} {title} working for {_a(employer)} {employer} in {city}, who {hook}",
        f"{_a(title)} {title} based in {city}, at {_a(employer)} {employer}, who {hook}",
        f"{_a(title)} {title} with {_years(years)} at {_a(employer)} {employer} in {city} who {hook}",
    )
    return _sentence(rng.choice(forms))


def _years(years: int) -> str:
    if years == 0:
        return "less than a year of experience"
    return f"{years} year{'s' if years != 1 else ''} of experience"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _title_in_sentence(title: str) -> str:
    """'Chemistry Teacher' -> 'chemistry teacher', keeping acronyms (SEO, iOS) and proper nouns."""
    words = []
    for word in title.split():
        parts = word.split("-")
        keep = (
            word in _KEEP_CASE
            or any(len(p) > 1 and p.isupper() for p in parts)
            or any(ch.isupper() for p in parts for ch in p[1:])
            or any(ch.isdigit() for ch in word)
        )
        words.append(word if keep else word.lower())
    return " ".join(words)


_VOWEL_SOUND_LETTERS = set(
    "AEFHILMNORSX"
)  # acronyms read letter by letter: an SEO, an HR, an MLOps
_SPOKEN_ACRONYMS = frozenset(
    {"SOC", "SENCO", "SEN", "SaaS", "NATO"}
)  # read as words: a SOC analyst


def _a(phrase: str) -> str:
    """'a' or 'an' for the phrase that follows, by how its first word sounds."""
    word = phrase.split()[0] if phrase else ""
    if not word:
        return "a"
    letters = word.replace("-", "")
    if letters in _SPOKEN_ACRONYMS:
        return "a"
    if len(letters) > 1 and letters[:2].isupper():  # an acronym: SEO, HR, UX, MLOps
        return "an" if letters[0] in _VOWEL_SOUND_LETTERS else "a"
    low = word.lower()
    if low.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if low.startswith(("hour", "honest", "heir")):
        return "an"
    return "an" if low[0] in "aeiou" else "a"

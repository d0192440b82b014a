"""The occupation taxonomy: what people do, and what that puts on their computer.

A synthetic computer should look like its owner's job. Writing that shape for
hundreds of titles one by one would be both huge and inconsistent, so the
taxonomy has two layers, both shipped as JSON under `engine/synth/data/`:

- `occupation_families.json`: ~60 *families* (school teaching, financial advice,
  civil engineering, skilled trades...) carrying the rich shape that drives
  procedural content: employer types, typical artefacts and their file kinds,
  document-kind weights, software, collaborator roles, counterparties, the kind
  of facts files share, folder shapes and persona hooks.
- `occupations.json`: ~950 distinct concrete *titles*, each with its family,
  its industry, its seniority ladder when it differs from the family's, and
  aliases (other spellings people use: "financial adviser", "GP", "pentester").
- `industries.json`: the 28 industries, with fallback employer types.

Employer types and persona hooks may be tagged with industries, so a title
outside its family's main industry (a school nurse, a hospital finance manager)
is only paired with employers and situations that fit it.

The title list was written for this project rather than taken from Faker's job
provider. Faker's 639 titles are UK-census flavoured: a quarter are inverted
("Engineer, civil (consulting)"), one job often appears under three spellings
("Civil engineer, consulting", "Consulting civil engineer"), there is no industry,
and modern software, data and product roles are nearly absent. Mapping it
reliably onto families would have needed a hand-written table of the same size
anyway, and Faker is not a project dependency.

`find_occupation` reads free persona text and picks the best title by
deterministic keyword scoring (title and alias phrases weighted by rarity, plus
family keywords for context). It returns None when the text names no work at all
("a history buff who loves castles"): callers decide what to do then.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.schema.plans import ARTIFACT_KINDS, ArtifactKind, blend_kind_weights

Seniority = Literal[
    "trainee",
    "junior",
    "mid",
    "senior",
    "lead",
    "manager",
    "director",
    "executive",
    "self_employed",
]

# Placeholders a family's folder shapes may use; the folder planner fills them.
FOLDER_PLACEHOLDERS = frozenset({"year", "quarter", "month", "project", "client"})


class Industry(BaseModel):
    """An industry, and the employers a title in it works for when its family says nothing better."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z_]+$")
    name: str
    employer_types: tuple[str, ...] = Field(min_length=2)


class EmployerType(BaseModel):
    """A kind of employer; `industries` limits it to titles in those industries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=2)
    industries: tuple[str, ...] = ()


class PersonaHook(BaseModel):
    """A 'who ...' clause for a persona; `industries` limits it to titles in those industries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=5)
    industries: tuple[str, ...] = ()


class ArtifactType(BaseModel):
    """A kind of work product, e.g. 'lesson plan' written as docx (usually) or pdf."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=2)
    kinds: tuple[ArtifactKind, ...] = Field(
        min_length=1, description="File kinds it is kept as, most usual first."
    )


class OccupationFamily(BaseModel):
    """A group of occupations whose computers look alike, with everything needed to fill one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z_]+$")
    name: str
    description: str
    industries: tuple[str, ...] = Field(min_length=1)
    seniority_levels: tuple[Seniority, ...] = Field(min_length=1)
    employer_types: tuple[EmployerType, ...] = Field(min_length=3)
    keywords: tuple[str, ...] = Field(min_length=5)
    kind_weights: dict[str, float] = Field(
        description="Percent for kinds where this job differs from the paper's mix; 0 removes a kind."
    )
    artifacts: tuple[ArtifactType, ...] = Field(min_length=6)
    software: tuple[str, ...] = Field(min_length=5)
    collaborator_roles: tuple[str, ...] = Field(min_length=5)
    counterparties: tuple[str, ...] = Field(min_length=1)
    key_facts: tuple[str, ...] = Field(min_length=3)
    folder_shapes: tuple[str, ...] = Field(min_length=4)
    persona_hooks: tuple[PersonaHook, ...] = Field(min_length=3)

    @model_validator(mode="after")
    def _check(self) -> OccupationFamily:
        for kind, weight in self.kind_weights.items():
            if kind not in ARTIFACT_KINDS:
                raise ValueError(f"family {self.id}: unknown kind {kind!r} in kind_weights")
            if weight < 0:
                raise ValueError(f"family {self.id}: negative weight for {kind!r}")
        for shape in self.folder_shapes:
            unknown = set(re.findall(r"\{(\w+)\}", shape)) - FOLDER_PLACEHOLDERS
            if unknown:
                raise ValueError(
                    f"family {self.id}: folder shape {shape!r} uses unknown placeholders {sorted(unknown)}"
                )
        return self

    def kind_mix(self, strength: float = 0.6) -> dict[str, float]:
        """This family's document-kind percentages: the paper's mix pulled towards the job's."""
        return blend_kind_weights(self.kind_weights, strength)


class Occupation(BaseModel):
    """One concrete job title."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=2)
    family: str
    industry: str
    seniority_levels: tuple[Seniority, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    employer_types: tuple[str, ...] = Field(
        default=(),
        description="Where this title works, for titles whose family is too broad to say.",
    )


class Taxonomy(BaseModel):
    """Families and titles, checked against each other when loaded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    industries: tuple[Industry, ...]
    families: tuple[OccupationFamily, ...]
    occupations: tuple[Occupation, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Taxonomy:
        industry_ids = {i.id for i in self.industries}
        fam_ids = [f.id for f in self.families]
        if len(set(fam_ids)) != len(fam_ids):
            raise ValueError("two occupation families share an id")
        known = set(fam_ids)
        titles: set[str] = set()
        used: set[str] = set()
        for occ in self.occupations:
            key = occ.title.lower()
            if key in titles:
                raise ValueError(f"title {occ.title!r} appears twice")
            titles.add(key)
            if occ.family not in known:
                raise ValueError(f"title {occ.title!r} names unknown family {occ.family!r}")
            if occ.industry not in industry_ids:
                raise ValueError(f"title {occ.title!r} names unknown industry {occ.industry!r}")
            used.add(occ.family)
        for fam in self.families:
            tagged = [
                *fam.industries,
                *(i for e in fam.employer_types for i in e.industries),
                *(i for h in fam.persona_hooks for i in h.industries),
            ]
            unknown = sorted({i for i in tagged if i not in industry_ids})
            if unknown:
                raise ValueError(f"family {fam.id} names unknown industries {unknown}")
        unused = known - used
        if unused:
            raise ValueError(f"families with no titles: {sorted(unused)}")
        return self

    def family(self, family_id: str) -> OccupationFamily:
        for fam in self.families:
            if fam.id == family_id:
                return fam
        raise KeyError(f"no occupation family {family_id!r}")

    def occupation(self, title: str) -> Occupation:
        key = title.lower()
        for occ in self.occupations:
            if occ.title.lower() == key:
                return occ
        raise KeyError(f"no occupation titled {title!r}")

    def industry(self, industry_id: str) -> Industry:
        for ind in self.industries:
            if ind.id == industry_id:
                return ind
        raise KeyError(f"no industry {industry_id!r}")

    def industry_ids(self) -> list[str]:
        """Industries that have at least one title, sorted."""
        return sorted({o.industry for o in self.occupations})

    def employers_for(self, occ: Occupation) -> list[str]:
        """Employer types that fit this title: its own, else its family's for its industry, else its industry's.

        A family's untagged employer types describe its main industry; a title from
        another industry (a school nurse in a nursing family) only gets employer types
        tagged for that industry, so it never lands in a hospital-only list by accident.
        """
        if occ.employer_types:
            return list(occ.employer_types)
        fam = self.family(occ.family)
        primary = fam.industries[0]
        fits = [
            e.name
            for e in fam.employer_types
            if occ.industry in e.industries or (not e.industries and occ.industry == primary)
        ]
        return fits or list(self.industry(occ.industry).employer_types)

    def hooks_for(self, occ: Occupation) -> list[str]:
        """Persona hooks of the title's family that fit its industry (untagged hooks fit all)."""
        fam = self.family(occ.family)
        return [
            h.text for h in fam.persona_hooks if not h.industries or occ.industry in h.industries
        ]

    def by_industry(self) -> dict[str, list[Occupation]]:
        out: dict[str, list[Occupation]] = defaultdict(list)
        for occ in self.occupations:
            out[occ.industry].append(occ)
        return dict(sorted(out.items()))

    def in_family(self, family_id: str) -> list[Occupation]:
        return [o for o in self.occupations if o.family == family_id]


class City(BaseModel):
    """A place a persona lives, with what the profile needs for money and clocks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    city: str
    country: str
    country_code: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    timezone: str


def _read_json(name: str) -> Any:
    return json.loads(
        resources.files("engine.synth").joinpath("data", name).read_text(encoding="utf-8")
    )


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy, read and checked once per process (the models are frozen)."""
    industries = [
        Industry.model_validate(row) for row in _read_json("industries.json")["industries"]
    ]
    fam_rows = _read_json("occupation_families.json")["families"]
    families = [OccupationFamily.model_validate(row) for row in fam_rows]
    ladders = {f.id: f.seniority_levels for f in families}
    occupations = []
    for row in _read_json("occupations.json")["occupations"]:
        row = dict(row)
        row.setdefault("seniority_levels", ladders.get(row.get("family", ""), ("mid",)))
        occupations.append(Occupation.model_validate(row))
    return Taxonomy(
        industries=tuple(industries), families=tuple(families), occupations=tuple(occupations)
    )


@lru_cache(maxsize=1)
def load_cities() -> tuple[City, ...]:
    """Cities personas live in, across several countries, with currency and time zone."""
    return tuple(City.model_validate(row) for row in _read_json("places.json")["cities"])


# --- matching free text ------------------------------------------------------------------

_STOPWORDS = frozenset(
    """a an the of at in for and or who whose with to on by from is are was be been as their her his
    they she he it its that this these those has have had based works work working someone person
    people year years old also very into about across over while after our my i me we you your
    who's which where when what how than then there here just currently now new""".split()
) - {"me"}  # "M&E" becomes "me"; personas are written in the third person anyway
# Words that say how senior someone is more than what they do: weak evidence for a title.
_RANK_WORDS = frozenset(
    "senior junior lead head chief principal assistant associate deputy trainee graduate executive".split()
)
_SPELLING = {
    "adviser": "advisor",
    "organisation": "organization",
    "organiser": "organizer",
    "paediatric": "pediatric",
    "paediatrician": "pediatrician",
    "centre": "center",
    "programme": "program",
    "colour": "color",
    "colourist": "colorist",
    "defence": "defense",
    "counsellor": "counselor",
    "counselling": "counseling",
    "jeweller": "jeweler",
    "modeller": "modeler",
    "harbour": "harbor",
    "theatre": "theater",
    "catalogue": "catalog",
    "licence": "license",
    "labour": "labor",
    "organisational": "organizational",
    "gynaecologist": "gynecologist",
    "anaesthetist": "anesthetist",
    "dietician": "dietitian",
    "optimisation": "optimization",
}
PHRASE_FACTOR = 2.0  # a title found word for word counts double
MISSING_ROLE_FACTOR = 0.5  # a partial match without the role noun counts half
FAMILY_WEIGHT = 0.75  # per family keyword found


def tokens(text: str) -> list[str]:
    """Normalised word tokens: accents folded, '&' acronyms joined (A&E -> ae), plurals and UK spellings unified."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = folded.replace("\u2019", "'")
    folded = re.sub(r"(\w)&(\w)", r"\1\2", folded)
    folded = re.sub(r"'s\b", "", folded)
    out = []
    for raw in re.findall(r"[a-z0-9]+", folded):
        if len(raw) < 2 or raw in _STOPWORDS:
            continue
        tok = _stem(raw)
        out.append(_SPELLING.get(tok, tok))
    return out


_NO_STEM = frozenset({"saas", "paas", "iaas", "news", "lens", "series", "species", "chassis"})


def _stem(tok: str) -> str:
    # Just enough to match plurals ("nurses", "accountants") without a stemming library;
    # both sides of every comparison go through it, so odd stems cancel out.
    if tok in _NO_STEM:
        return tok
    if len(tok) > 4 and tok.endswith("ies"):
        return tok[:-3] + "y"
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith(("ss", "us", "is", "ics")):
        return tok[:-1]
    return tok


def _contains(haystack: list[str], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(tuple(haystack[i : i + n]) == needle for i in range(len(haystack) - n + 1))


class OccupationMatch(BaseModel):
    """The best reading of a persona's text against the taxonomy."""

    model_config = ConfigDict(frozen=True)

    occupation: Occupation
    family: OccupationFamily
    score: float
    title_matched: bool = Field(
        description="False when only family keywords matched and the title is the family's first."
    )
    matched_terms: tuple[str, ...]
    seniority: Seniority | None


@dataclass(frozen=True)
class _Index:
    names: tuple[tuple[tuple[str, ...], int], ...]  # (tokens, occupation index)
    idf: dict[str, float]
    family_keywords: dict[str, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=1)
def _index() -> _Index:
    tax = load_taxonomy()
    names: list[tuple[tuple[str, ...], int]] = []
    for i, occ in enumerate(tax.occupations):
        for name in (occ.title, *occ.aliases):
            toks = tuple(tokens(name))
            if toks:
                names.append((toks, i))
    df: dict[str, int] = defaultdict(int)
    for toks, _ in names:
        for tok in set(toks):
            df[tok] += 1
    n = len(names)
    idf = {
        tok: math.log(1 + n / count) * (0.3 if tok in _RANK_WORDS else 1.0)
        for tok, count in df.items()
    }
    fam_kw = {
        f.id: tuple(t for t in (tuple(tokens(k)) for k in f.keywords) if t) for f in tax.families
    }
    return _Index(names=tuple(names), idf=idf, family_keywords=fam_kw)


def find_occupation(text: str) -> OccupationMatch | None:
    """The taxonomy title that best fits free text, or None when nothing in it names a job.

    Scoring (deterministic; ties go to the earlier title in the taxonomy):
    - each title and alias scores the rarity-weighted sum of its words found in the
      text, times the share of its weight found (so a fully matched 'chemistry
      teacher' beats a half matched 'science teacher'), doubled when its words
      appear in order; a partial match needs the title's role noun or its family's
      context, so 'history enthusiast' is not a history teacher;
    - every keyword of the title's family found in the text adds a little, which
      breaks ties towards the context ('wealth-management firm' -> financial advice).
    """
    toks = tokens(text)
    if not toks:
        return None
    tax = load_taxonomy()
    idx = _index()
    present = set(toks)
    fam_hits: dict[str, tuple[tuple[str, ...], ...]] = {}
    for fam_id, keywords in idx.family_keywords.items():
        hits = tuple(k for k in keywords if _contains(toks, k))
        if hits:
            fam_hits[fam_id] = hits
    fam_score = {
        f: (FAMILY_WEIGHT * len(h), tuple(" ".join(k) for k in h)) for f, h in fam_hits.items()
    }
    best_name: dict[int, tuple[float, tuple[str, ...]]] = {}
    for name_toks, occ_i in idx.names:
        matched = [t for t in name_toks if t in present]
        if not matched:
            continue
        full = len(matched) == len(name_toks)
        # A partial match counts only if it has the role noun ("teacher" in "history
        # teacher") or other words of the family's context are present: "history" alone
        # is a hobby, and "planning" alone is not a planning consultant.
        if not full and name_toks[-1] not in present:
            context = fam_hits.get(tax.occupations[occ_i].family, ())
            if not any(set(k) - set(matched) for k in context):
                continue
        total = sum(idx.idf[t] for t in name_toks)
        got = sum(idx.idf[t] for t in matched)
        score = got * (got / total)
        if full and _contains(toks, name_toks):
            score *= PHRASE_FACTOR
        elif name_toks[-1] not in present:
            score *= MISSING_ROLE_FACTOR
        if score > best_name.get(occ_i, (0.0, ()))[0]:
            best_name[occ_i] = (score, tuple(matched))
    if not best_name and not fam_score:
        return None
    best: tuple[float, int] | None = None
    for occ_i, occ in enumerate(tax.occupations):
        total = best_name.get(occ_i, (0.0, ()))[0] + fam_score.get(occ.family, (0.0, ()))[0]
        if total > 0 and (best is None or total > best[0]):
            best = (total, occ_i)
    if best is None:
        return None
    score, occ_i = best
    occ = tax.occupations[occ_i]
    name_hit = best_name.get(occ_i, (0.0, ()))[1]
    fam_hit = fam_score.get(occ.family, (0.0, ()))[1]
    terms = tuple(dict.fromkeys((*name_hit, *fam_hit)))
    return OccupationMatch(
        occupation=occ,
        family=tax.family(occ.family),
        score=round(score, 4),
        title_matched=bool(name_hit),
        matched_terms=terms,
        seniority=detect_seniority(text),
    )


_SENIORITY_PATTERNS: tuple[tuple[Seniority, str], ...] = (
    (
        "executive",
        r"\b(chief \w+ officer|ceo|cfo|coo|cto|vice[- ]president|vp|managing director|partner at)\b",
    ),
    ("director", r"\b(director|head of)\b"),
    (
        "self_employed",
        r"\b(self[- ]employed|freelance|freelancer|runs (his|her|their) own|own (small )?business|sole trader)\b",
    ),
    ("senior", r"\b(senior|veteran|seasoned|experienced)\b"),
    ("lead", r"\b(lead|principal)\b"),
    ("manager", r"\bmanag(er|es)\b"),
    ("junior", r"\b(junior|entry[- ]level|graduate|newly[- ]qualified|recent(ly)? graduated?)\b"),
    ("trainee", r"\b(trainee|apprentice|intern|student)\b"),
)


def detect_seniority(text: str) -> Seniority | None:
    """The seniority a text states outright ('senior', 'head of', 'self-employed'...), or None."""
    low = text.lower()
    for level, pattern in _SENIORITY_PATTERNS:
        if re.search(pattern, low):
            return level
    return None

"""The occupation taxonomy: its size and spread, its shape, and free-text matching."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from engine.schema.plans import ARTIFACT_KINDS, KIND_DISTRIBUTION
from engine.synth.occupations import (
    FOLDER_PLACEHOLDERS,
    detect_seniority,
    find_occupation,
    load_cities,
    load_taxonomy,
    tokens,
)

RANK_PREFIX = re.compile(
    r"^(senior|junior|lead|principal|chief|head|assistant|deputy|trainee)\b", re.I
)


def test_taxonomy_has_500_distinct_titles_across_15_industries():
    tax = load_taxonomy()
    titles = [o.title.lower() for o in tax.occupations]
    assert len(set(titles)) == len(titles) >= 500
    # Distinct jobs, not seniority prefixes multiplied over a short list: strip a rank word
    # and the titles are still (almost all) distinct and still over 500.
    stripped = {RANK_PREFIX.sub("", t).strip() for t in titles}
    assert len(stripped) >= 500
    assert sum(bool(RANK_PREFIX.match(t)) for t in titles) < 0.05 * len(titles)
    assert len(tax.industry_ids()) >= 15


def test_every_family_is_used_and_rich():
    tax = load_taxonomy()
    per_family = Counter(o.family for o in tax.occupations)
    assert 40 <= len(tax.families) <= 60
    assert set(per_family) == {f.id for f in tax.families}
    assert min(per_family.values()) >= 5
    for fam in tax.families:
        assert (
            len(fam.artifacts) >= 6 and len(fam.software) >= 5 and len(fam.collaborator_roles) >= 5
        )
        assert all(k in ARTIFACT_KINDS for a in fam.artifacts for k in a.kinds)
        for shape in fam.folder_shapes:
            assert set(re.findall(r"\{(\w+)\}", shape)) <= FOLDER_PLACEHOLDERS
        mix = fam.kind_mix()
        assert sum(mix.values()) == pytest.approx(100.0)
        # A kind the family sets to zero never appears, whatever the paper's mix says.
        assert all(k not in mix for k, w in fam.kind_weights.items() if w == 0)


def test_kind_mix_follows_the_job():
    tax = load_taxonomy()
    teaching = tax.family("school_teaching").kind_mix()
    software = tax.family("software_engineering").kind_mix()
    assert "py" not in teaching and "toml" not in teaching
    assert teaching["pptx"] > KIND_DISTRIBUTION["pptx"]
    assert software["py"] > KIND_DISTRIBUTION["py"]


def test_titles_outside_a_family_main_industry_get_fitting_employers():
    tax = load_taxonomy()
    for occ in tax.occupations:
        employers = tax.employers_for(occ)
        assert employers, occ.title
        fam = tax.family(occ.family)
        if occ.industry != fam.industries[0] and not occ.employer_types:
            untagged = {e.name for e in fam.employer_types if not e.industries}
            assert not set(employers) & untagged, occ.title
    nurse = tax.occupation("School Nurse")
    assert all("hospital" not in e for e in tax.employers_for(nurse))


def test_cities_span_several_countries():
    cities = load_cities()
    assert len(cities) >= 50
    assert len({c.country for c in cities}) >= 15


FAMILY_TABLE = [
    ("high-school chemistry teacher in Leeds", "school_teaching", "Chemistry Teacher"),
    (
        "senior financial advisor at a wealth-management firm",
        "financial_advisory",
        "Financial Advisor",
    ),
    ("A registered nurse working night shifts in an ICU", "nursing_midwifery", "Registered Nurse"),
    ("backend software engineer building payment APIs", "software_engineering", None),
    ("corporate lawyer specializing in mergers", "legal_practice", "Corporate Lawyer"),
    ("an electrician who runs a small business in Cork", "skilled_trades", "Electrician"),
    ("A data scientist at a retail chain forecasting demand", "data_analytics", "Data Scientist"),
    ("A site manager for a housebuilder", "construction_management", "Site Manager"),
    ("An agronomist advising arable farms in Iowa", "agriculture", "Agronomist"),
    (
        "A policy analyst at the Department for Education",
        "public_policy_administration",
        "Policy Analyst",
    ),
    ("A hotel manager in Lisbon", "hospitality_food", "Hotel Manager"),
    ("A grant writer for an animal-welfare charity", "nonprofit_programs", "Grant Writer"),
    (
        "A supply chain analyst at a freight company",
        "logistics_supply_chain",
        "Supply Chain Analyst",
    ),
    ("A UX researcher at a fintech startup", "product_ux", "UX Researcher"),
    (
        "A clinical research associate monitoring oncology trials",
        "clinical_research",
        "Clinical Research Associate",
    ),
    ("A junior doctor in A&E", "physicians", "Junior Doctor"),
    ("A paralegal at a family-law firm", "legal_practice", "Paralegal"),
    ("A freelance graphic designer", "creative_media", "Graphic Designer"),
    ("A warehouse manager", "logistics_supply_chain", "Warehouse Manager"),
    ("An actuary pricing motor insurance", "insurance", "Actuary"),
    ("Someone who teaches maths to 11-16 year olds", "school_teaching", "Mathematics Teacher"),
    ("A product manager at a SaaS company", "product_ux", "Product Manager"),
    ("the CFO of a manufacturing business", "corporate_finance", "Chief Financial Officer"),
    ("A penetration tester", "cybersecurity", "Penetration Tester"),
    ("A vet in a rural practice", "veterinary_animal", "Veterinarian"),
    ("A paediatric nurse in Glasgow", "nursing_midwifery", "Paediatric Nurse"),
    ("A pediatric nurse in Boston", "nursing_midwifery", "Paediatric Nurse"),
    ("A Java developer at a bank", "software_engineering", None),
    ("A café owner in Porto", "hospitality_food", "Café Owner"),
    ("a mortgage adviser at a building society", "banking_lending", "Mortgage Advisor"),
    ("An archivist cataloguing a county record office", "libraries_heritage", "Archivist"),
    ("A civil engineer designing flood defences", "civil_engineering", "Civil Engineer"),
    ("A police officer in Manchester", "public_safety_defence", "Police Officer"),
    ("an HR business partner at a retailer", "human_resources", "HR Business Partner"),
]


@pytest.mark.parametrize(("text", "family", "title"), FAMILY_TABLE)
def test_find_occupation_maps_persona_text(text, family, title):
    match = find_occupation(text)
    assert match is not None
    assert match.family.id == family
    if title is not None:
        assert match.occupation.title == title
    assert match.title_matched


@pytest.mark.parametrize(
    "text", ["A history enthusiast who loves castles", "A cat lover who enjoys knitting", "", "!!!"]
)
def test_find_occupation_returns_none_without_a_job(text):
    assert find_occupation(text) is None


def test_find_occupation_is_deterministic():
    texts = [t for t, _, _ in FAMILY_TABLE]
    first = [find_occupation(t) for t in texts]
    again = [find_occupation(t) for t in reversed(texts)][::-1]
    assert first == again


def test_almost_every_title_finds_itself():
    tax = load_taxonomy()
    same_family = sum(find_occupation(o.title).family.id == o.family for o in tax.occupations)
    same_title = sum(find_occupation(o.title).occupation == o for o in tax.occupations)
    assert same_family >= 0.98 * len(tax.occupations)
    assert same_title >= 0.95 * len(tax.occupations)


def test_family_context_alone_still_finds_a_family():
    match = find_occupation("Spends the week marking GCSE mock papers and planning lessons")
    assert match is not None and match.family.id == "school_teaching"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("A senior financial advisor", "senior"),
        ("a junior doctor", "junior"),
        ("A self-employed plumber", "self_employed"),
        ("the CFO of a retailer", "executive"),
        ("Head of Science at a school", "director"),
        ("a trainee solicitor", "trainee"),
        ("a chemistry teacher", None),
    ],
)
def test_detect_seniority(text, level):
    assert detect_seniority(text) == level


def test_tokens_fold_spelling_plurals_and_ampersands():
    assert tokens("Paediatric nurses in A&E") == ["pediatric", "nurse", "ae"]
    assert tokens("Financial Adviser") == tokens("financial advisors")
    assert tokens("Café") == ["cafe"]

"""Personas: the seeded sampler, the JSONL reader and reading occupation from text."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from pydantic import ValidationError

from engine.errors import NotFound, SynthcompError
from engine.schema.persona import Persona
from engine.synth.occupations import find_occupation, load_cities, load_taxonomy
from engine.synth.personas import (
    PersonaFileError,
    _a,
    _title_in_sentence,
    parse_personas_jsonl,
    persona_from_text,
    sample_personas,
)


def test_sampler_is_deterministic_per_seed():
    a = sample_personas(30, seed=3)
    b = sample_personas(30, seed=3)
    c = sample_personas(30, seed=4)
    assert a == b
    assert [p.text for p in a] != [p.text for p in c]
    # A longer batch starts with the shorter one: a seed names one stream of personas.
    assert sample_personas(40, seed=3)[:30] == a


def test_sampler_spreads_across_industries_families_and_places():
    tax = load_taxonomy()
    industries = tax.industry_ids()
    personas = sample_personas(2 * len(industries), seed=11)
    counts = Counter(p.industry for p in personas)
    assert set(counts) == set(industries)
    assert set(counts.values()) == {2}  # round-robin: every industry twice

    many = sample_personas(300, seed=5)
    assert len({p.text for p in many}) == 300
    assert len({p.occupation_family for p in many}) >= 50
    assert len({p.occupation for p in many}) >= 200
    cities = {c.city for c in load_cities()}
    seen_cities = {c for p in many for c in cities if f" {c}" in p.text}
    assert len(seen_cities) >= 40
    assert len({p.seed for p in many}) == 300


def test_sampled_personas_read_like_persona_rows():
    for p in sample_personas(100, seed=2):
        assert p.source == "sampled" and p.seed is not None and p.seed >= 0
        assert p.text[0].isupper() and p.text.endswith(".")
        assert p.text.startswith(("A ", "An ")), p.text
        assert " who " in p.text or " and " in p.text
        assert "  " not in p.text
        assert "self-employed self-employed" not in p.text


def test_sampled_personas_name_their_occupation_recoverably():
    personas = sample_personas(400, seed=9)
    recovered = sum(
        (m := find_occupation(p.text)) is not None and m.family.id == p.occupation_family
        for p in personas
    )
    assert recovered >= 0.95 * len(personas)


def test_sampler_rejects_negative_n_and_allows_zero():
    assert sample_personas(0, seed=1) == []
    with pytest.raises(ValueError):
        sample_personas(-1)


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("SEO specialist", "an"),
        ("UX designer", "a"),
        ("HR manager", "an"),
        ("iOS developer", "an"),
        ("university lecturer", "a"),
        ("actuary", "an"),
        ("SOC analyst", "a"),
        ("3D artist", "a"),
        ("M&A analyst", "an"),
        ("e-commerce manager", "an"),
        ("hotel manager", "a"),
    ],
)
def test_articles(phrase, article):
    assert _a(phrase) == article


def test_titles_are_lowercased_except_acronyms_and_names():
    assert _title_in_sentence("Chemistry Teacher") == "chemistry teacher"
    assert _title_in_sentence("SEO Specialist") == "SEO specialist"
    assert _title_in_sentence("iOS Developer") == "iOS developer"
    assert _title_in_sentence("English Teacher") == "English teacher"
    assert _title_in_sentence("Fit-Out Manager") == "fit-out manager"
    assert _title_in_sentence("Microsoft 365 Administrator") == "Microsoft 365 administrator"


def _write(tmp_path, lines, name="personas.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_parse_jsonl_reads_rows_and_skips_blank_lines(tmp_path):
    path = _write(
        tmp_path,
        [
            json.dumps(
                {"persona": "A senior financial advisor at a wealth-management firm in Boston."}
            ),
            "",
            "   ",
            json.dumps({"persona": "A history buff who restores old clocks.", "id": 7}),
            json.dumps({"persona": "  A high-school chemistry teacher\nin Leeds  "}),
        ],
    )
    personas = parse_personas_jsonl(path)
    assert [p.source_ref for p in personas] == [
        "personas.jsonl:1",
        "personas.jsonl:4",
        "personas.jsonl:5",
    ]
    assert all(p.source == "jsonl" for p in personas)
    assert personas[0].occupation_family == "financial_advisory"
    assert personas[1].occupation is None
    assert personas[2].text == "A high-school chemistry teacher in Leeds"
    assert personas[2].occupation == "Chemistry Teacher"
    assert parse_personas_jsonl(path, limit=2) == personas[:2]


def test_parse_jsonl_tolerates_a_bom_and_a_line_separator_inside_a_string(tmp_path):
    path = tmp_path / "bom.jsonl"
    row = json.dumps({"persona": "A nurse\u2028who works nights."}, ensure_ascii=False)
    path.write_bytes(b"\xef\xbb\xbf" + row.encode("utf-8") + b"\r\n")
    [p] = parse_personas_jsonl(path)
    assert p.text == "A nurse who works nights."


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ('{"persona": "A nurse", ', "line 3 is not valid JSON"),
        ('["A nurse"]', "line 3 is not a JSON object"),
        ('{"text": "A nurse"}', 'line 3 has no "persona" text'),
        ('{"persona": "   "}', 'line 3 has no "persona" text'),
        ('{"persona": 12}', 'line 3 has no "persona" text'),
    ],
)
def test_parse_jsonl_names_the_bad_line(tmp_path, bad, words):
    path = _write(tmp_path, [json.dumps({"persona": "A plumber in Cork."}), "", bad])
    with pytest.raises(PersonaFileError) as exc:
        parse_personas_jsonl(path)
    assert words in str(exc.value)
    assert "personas.jsonl" in str(exc.value)
    assert isinstance(exc.value, SynthcompError)


def test_parse_jsonl_reports_missing_files_and_bad_encodings(tmp_path):
    with pytest.raises(NotFound, match="no persona file"):
        parse_personas_jsonl(tmp_path / "nope.jsonl")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"persona": "Un caf\xe9"}\n'.encode("latin-1"))
    with pytest.raises(PersonaFileError, match="not UTF-8"):
        parse_personas_jsonl(latin)
    with pytest.raises(PersonaFileError, match="folder"):
        parse_personas_jsonl(tmp_path)


def test_persona_from_text_fills_occupation():
    p = persona_from_text(
        "A senior financial advisor at a mid-sized wealth-management firm in Boston"
    )
    assert (p.occupation, p.occupation_family, p.industry, p.source) == (
        "Financial Advisor",
        "financial_advisory",
        "finance",
        "text",
    )
    assert persona_from_text("Someone who loves long walks").occupation is None


def test_persona_model_refuses_empty_text_and_unknown_fields():
    with pytest.raises(ValidationError):
        Persona(text="   ")
    with pytest.raises(ValidationError):
        Persona.model_validate({"text": "A nurse in Leeds", "mood": "happy"})

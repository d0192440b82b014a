"""The spec models: what they accept, what they refuse (with a message a model can act on)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from engine.schema.specs import (
    ChartSpec,
    Column,
    DateCell,
    DeckSpec,
    DocSpec,
    EmlSpec,
    FormulaCell,
    ImageSpec,
    NumberCell,
    PdfSpec,
    Series,
    Sheet,
    SheetSpec,
    Slide,
    TableData,
    TextCell,
    TextSpec,
)

ALL_SPECS = [DocSpec, PdfSpec, SheetSpec, DeckSpec, TextSpec, EmlSpec, ImageSpec]


@pytest.mark.parametrize("model", ALL_SPECS, ids=lambda m: m.__name__)
def test_json_schema_is_generated_and_closed(model) -> None:
    schema = model.model_json_schema()
    text = json.dumps(schema)
    assert schema["type"] == "object"
    assert schema.get("additionalProperties") is False
    # No free-form dicts: every object in the schema lists its properties.
    for name, sub in schema.get("$defs", {}).items():
        if sub.get("type") == "object":
            assert "properties" in sub, name
    if model in (DocSpec, PdfSpec, SheetSpec, ImageSpec):
        assert "discriminator" in text


def test_doc_blocks_are_a_discriminated_union_from_json() -> None:
    spec = DocSpec.model_validate_json(
        json.dumps(
            {
                "title": "Memo",
                "blocks": [
                    {"type": "heading", "level": 2, "text": "Intro"},
                    {
                        "type": "paragraph",
                        "runs": [{"text": "Bold", "bold": True}, {"text": " tail"}],
                    },
                    {"type": "bullets", "items": ["a", "b"], "numbered": True},
                    {"type": "table", "header": ["A", "B"], "rows": [["1", 2]]},
                    {"type": "page_break"},
                ],
            }
        )
    )
    assert [b.type for b in spec.blocks] == [
        "heading",
        "paragraph",
        "bullets",
        "table",
        "page_break",
    ]
    assert spec.blocks[1].plain() == "Bold tail"
    assert spec.blocks[3].rows == [["1", "2"]]  # numbers a model writes become text


def test_unknown_block_type_and_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="heading"):
        DocSpec.model_validate({"blocks": [{"type": "headline", "text": "x"}]})
    with pytest.raises(ValidationError, match="Extra inputs"):
        DocSpec.model_validate({"titel": "typo"})


def test_table_rows_wider_than_header_are_refused() -> None:
    with pytest.raises(ValidationError, match="row 1 has 3 cells but the header has 2"):
        TableData(header=["a", "b"], rows=[["1", "2", "3"]])


def test_timestamps_default_to_a_fixed_moment_not_now() -> None:
    a, b = DocSpec(), DocSpec()
    assert a.created_utc() == b.created_utc()
    assert a.created_utc().year == 2024
    naive = DocSpec(created=dt.datetime(2023, 5, 1, 12, 0))
    assert naive.created_utc().tzinfo is not None
    assert naive.modified_utc() == naive.created_utc()


def test_sheet_cells_accept_scalars_and_typed_cells() -> None:
    sheet = Sheet(
        name="Data",
        columns=[Column(header=h) for h in "ABCDEF"],
        rows=[[1, 2.5, "text", "=A2+B2", dt.date(2024, 1, 2), None]],
    )
    kinds = [type(c) for c in sheet.rows[0]]
    assert kinds[:5] == [NumberCell, NumberCell, TextCell, FormulaCell, DateCell]
    assert sheet.rows[0][5].type == "empty"
    assert sheet.rows[0][0].value == 1 and isinstance(sheet.rows[0][0].value, int)


@pytest.mark.parametrize("name", ["a/b", "x[1]", "what?", "'quoted'", "", "x" * 32])
def test_illegal_sheet_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        Sheet(name=name, columns=[Column(header="A")])


def test_sheet_rows_wider_than_columns_and_duplicate_names_are_refused() -> None:
    with pytest.raises(ValidationError, match="row 2 has 2 cells but only 1 columns"):
        Sheet(name="S", columns=[Column(header="A")], rows=[[1, 2]])
    s = Sheet(name="Same", columns=[Column(header="A")])
    with pytest.raises(ValidationError, match="two sheets are named"):
        SheetSpec(sheets=[s, s.model_copy(update={"name": "same"})])


def test_formula_cells_must_start_with_equals() -> None:
    with pytest.raises(ValidationError):
        FormulaCell(formula="SUM(A1:A3)")


def test_chart_shapes_are_checked() -> None:
    with pytest.raises(ValidationError, match="has 2 values but there are 3 categories"):
        ChartSpec(categories=["a", "b", "c"], series=[Series(name="s", values=[1, 2])])
    with pytest.raises(ValidationError, match="exactly one series"):
        ChartSpec(
            type="pie",
            categories=["a"],
            series=[Series(name="s", values=[1]), Series(name="t", values=[2])],
        )
    with pytest.raises(ValidationError, match="negative"):
        ChartSpec(type="pie", categories=["a", "b"], series=[Series(name="s", values=[1, -2])])


def test_table_and_chart_slides_need_their_data() -> None:
    with pytest.raises(ValidationError, match="needs a `table`"):
        Slide(layout="table", title="T")
    with pytest.raises(ValidationError, match="needs a `chart`"):
        Slide(layout="chart", title="C")
    with pytest.raises(ValidationError):
        DeckSpec(slides=[])


def test_email_uses_from_as_its_json_name_and_checks_addresses() -> None:
    spec = EmlSpec.model_validate({"from": "Ann <ann@x.org>", "to": ["bob@y.org"]})
    assert spec.sender == "Ann <ann@x.org>"
    assert spec.model_dump(by_alias=True)["from"] == "Ann <ann@x.org>"
    assert "from" in EmlSpec.model_json_schema()["properties"]
    with pytest.raises(ValidationError, match="not an email address"):
        EmlSpec.model_validate({"from": "Ann", "to": ["bob@y.org"]})
    with pytest.raises(ValidationError, match="plain file name"):
        EmlSpec.model_validate({"from": "a@b.c", "to": ["d@e.f"], "attachments": ["../x.txt"]})


def test_image_colours_are_hex() -> None:
    with pytest.raises(ValidationError):
        ImageSpec(background="white")
    ImageSpec.model_validate(
        {"shapes": [{"type": "rect", "x": 1, "y": 1, "width": 5, "height": 5}]}
    )

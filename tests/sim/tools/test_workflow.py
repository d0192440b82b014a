"""write_notes, submit_deliverable, end_day."""

from __future__ import annotations

import hashlib

from engine.computer.formats import render
from engine.schema.events import SubmissionPayload
from tests.sim.tools.test_documents import DOC


async def test_notes_append_and_replace(env, call) -> None:
    first = await call("write_notes", text="- Ana wants EUR")
    assert first.ok
    (ev,) = first.events
    assert ev.kind == "note_written" and ev.actor == "agent"
    assert ev.payload == {"mode": "append", "text": "- Ana wants EUR", "added": "- Ana wants EUR"}
    await call("write_notes", text="- Tom is away Friday")
    assert env.notes_text == "- Ana wants EUR\n- Tom is away Friday"
    out = await call("write_notes", text="Clean slate", mode="replace")
    assert out.ok and env.notes_text == "Clean slate"


async def test_notes_are_bounded(env, call) -> None:
    env.notes_text = "x" * 19_990
    out = await call("write_notes", text="one more line of notes")
    assert not out.ok and out.error_kind == "notes_too_long" and "replace" in out.observation
    assert not out.events


async def test_submit_a_deliverable(env, call) -> None:
    await call("write_document", path="Documents/Reports/Q1 summary.docx", spec=DOC)
    out = await call(
        "submit_deliverable",
        deliverable_id="DLV_001",
        files=["Documents/Reports/Q1 summary.docx"],
        summary="The two-page summary.",
    )
    assert out.ok, out.observation
    (ev,) = out.events
    assert ev.kind == "deliverable_submitted"
    sub = SubmissionPayload.model_validate(ev.payload)
    assert sub.deliverable_id == "DLV_001" and sub.files == ["Documents/Reports/Q1 summary.docx"]
    data = (env.computer.root / "Documents/Reports/Q1 summary.docx").read_bytes()
    assert ev.payload["sha256"] == {sub.files[0]: hashlib.sha256(data).hexdigest()}
    assert "Note" not in out.observation


async def test_submit_notes_a_missing_kind_and_lateness(env, call) -> None:
    env.day = 7
    out = await call(
        "submit_deliverable", deliverable_id="DLV_001", files=["Notes/todo.md"], summary="Early"
    )
    assert out.ok
    assert "expects .docx" in out.observation and "due on day 5" in out.observation


async def test_submit_refuses_bad_files(env, call) -> None:
    (env.computer.root / "Documents/empty.docx").write_bytes(b"")
    empty = await call(
        "submit_deliverable", deliverable_id="DLV_001", files=["Documents/empty.docx"], summary="x"
    )
    assert not empty.ok and empty.error_kind == "empty_file"
    broken = await call(
        "submit_deliverable", deliverable_id="DLV_001", files=["Finance/broken.xlsx"], summary="x"
    )
    assert not broken.ok and broken.error_kind == "unreadable"
    missing = await call(
        "submit_deliverable", deliverable_id="DLV_001", files=["Documents/nope.docx"], summary="x"
    )
    assert not missing.ok and missing.error_kind == "not_found"
    folder = await call(
        "submit_deliverable", deliverable_id="DLV_001", files=["Finance"], summary="x"
    )
    assert not folder.ok and folder.error_kind == "path_conflict"


async def test_submit_an_unknown_deliverable(env, call) -> None:
    (env.computer.root / "Documents/x.docx").write_bytes(render("docx", DOC))
    out = await call(
        "submit_deliverable", deliverable_id="DLV_009", files=["Documents/x.docx"], summary="x"
    )
    assert not out.ok and out.error_kind == "unknown_deliverable"
    assert "DLV_001 (Q1 status summary for leadership)" in out.observation


async def test_end_day(call) -> None:
    out = await call("end_day", summary="Drafted the summary; waiting for Ana.")
    assert out.ok and out.ends_day and not out.events
    assert "Day 3 (2024-03-06) ends" in out.observation and "waiting for Ana" in out.observation

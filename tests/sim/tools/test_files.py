"""Changing files: write_text, edit_text, move, copy, make_folder, delete — on disk and as events."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from engine.schema.events import FileChangedPayload


def changed(outcome) -> list[FileChangedPayload]:
    assert all(e.kind == "file_changed" and e.actor == "agent" for e in outcome.events)
    return [FileChangedPayload.model_validate(e.payload) for e in outcome.events]


async def test_write_text_creates_the_file_and_an_event(env, call) -> None:
    out = await call("write_text", path="Notes/Meetings/2024-03-06.md", text="# Ana\n\n- budget\n")
    assert out.ok, out.observation
    path = env.computer.root / "Notes/Meetings/2024-03-06.md"
    assert path.read_text() == "# Ana\n\n- budget\n"
    (ev,) = changed(out)
    assert ev.path == "Notes/Meetings/2024-03-06.md" and ev.change == "created" and ev.by == "agent"
    assert ev.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() and ev.size == 16
    assert out.events[0].day == 3 and out.events[0].turn == 41
    # dated on the simulated calendar, not the host's
    assert dt.datetime.fromtimestamp(os.stat(path).st_mtime).date() == dt.date(2024, 3, 6)


async def test_write_text_refuses_to_replace_without_overwrite_and_suggests_a_version(
    env, call
) -> None:
    out = await call("write_text", path="Notes/todo.md", text="new")
    assert not out.ok and out.error_kind == "exists"
    assert "Notes/todo_v2.md" in out.observation and "overwrite" in out.observation
    assert (env.computer.root / "Notes/todo.md").read_text().startswith("# To do")

    again = await call("write_text", path="Notes/todo.md", text="new", overwrite=True)
    assert again.ok and changed(again)[0].change == "modified"
    assert (env.computer.root / "Notes/todo.md").read_text() == "new"


async def test_write_text_checks_structured_kinds_and_refuses_office_kinds(call) -> None:
    bad = await call("write_text", path="Data/config.json", text="{not json")
    assert not bad.ok and bad.error_kind == "format_error" and "Invalid JSON" in bad.observation
    office = await call("write_text", path="Documents/plan.docx", text="hello")
    assert not office.ok and office.error_kind == "wrong_kind"
    assert "write_document" in office.observation


async def test_edit_text_replaces_once(env, call) -> None:
    out = await call(
        "edit_text", path="Notes/todo.md", old="Call Ana about the budget", new="Budget agreed"
    )
    assert out.ok, out.observation
    text = (env.computer.root / "Notes/todo.md").read_text()
    assert "- Budget agreed\n" in text and "Call Ana" not in text
    (ev,) = changed(out)
    assert ev.change == "modified" and ev.sha256


async def test_edit_text_needs_a_unique_match_or_replace_all(env, call) -> None:
    twice = await call("edit_text", path="Notes/todo.md", old="Call", new="Phone")
    assert not twice.ok and twice.error_kind == "not_unique"
    assert "2 times" in twice.observation and "lines 3, 5" in twice.observation
    every = await call("edit_text", path="Notes/todo.md", old="Call", new="Phone", replace_all=True)
    assert every.ok
    assert (env.computer.root / "Notes/todo.md").read_text().count("Phone") == 2


async def test_edit_text_not_found_shows_the_nearest_lines(call) -> None:
    out = await call("edit_text", path="Notes/todo.md", old="- Review the kick-off deck", new="x")
    assert not out.ok and out.error_kind == "no_match"
    assert "line 4: - Review the kickoff deck" in out.observation
    spacing = await call("edit_text", path="Notes/todo.md", old="Call  Tom", new="x")
    assert "different spaces" in spacing.observation


async def test_edit_text_keeps_windows_line_endings(env, call) -> None:
    path = env.computer.root / "Notes/win.txt"
    path.write_bytes(b"alpha\r\nbeta\r\ngamma\r\n")
    out = await call("edit_text", path="Notes/win.txt", old="alpha\nbeta", new="one\ntwo")
    assert out.ok, out.observation
    assert path.read_bytes() == b"one\r\ntwo\r\ngamma\r\n"


async def test_edit_text_refuses_a_file_that_is_not_utf8(env, call) -> None:
    (env.computer.root / "Notes/latin.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    out = await call("edit_text", path="Notes/latin.txt", old="au", new="with")
    assert not out.ok and out.error_kind == "wrong_kind" and "not UTF-8" in out.observation


async def test_edit_text_on_an_office_file_points_at_the_right_tool(call) -> None:
    out = await call("edit_text", path="Finance/expenses.xlsx", old="a", new="b")
    assert not out.ok and out.error_kind == "wrong_kind" and "edit_cells" in out.observation


async def test_move_a_file_and_a_folder(env, call) -> None:
    out = await call("move", src="Data/clients.csv", dest="Archive")
    assert out.ok, out.observation
    assert (env.computer.root / "Archive/clients.csv").is_file()
    (ev,) = changed(out)
    assert (ev.path, ev.change, ev.dest_path) == (
        "Data/clients.csv",
        "moved",
        "Archive/clients.csv",
    )
    assert ev.sha256 and ev.size

    folder = await call("move", src="Documents/Reports", dest="Archive/Reports 2024")
    assert folder.ok
    evs = changed(folder)
    assert {e.dest_path for e in evs} == {
        "Archive/Reports 2024/status memo.docx",
        "Archive/Reports 2024/annual report.pdf",
    }
    clash = await call("move", src="Notes/todo.md", dest="Archive/clients.csv")
    assert not clash.ok and clash.error_kind == "path_conflict"


async def test_copy_makes_created_events(env, call) -> None:
    out = await call("copy", src="Finance/expenses.xlsx", dest="Finance/expenses_v2.xlsx")
    assert out.ok
    (ev,) = changed(out)
    assert ev.path == "Finance/expenses_v2.xlsx" and ev.change == "created"
    root = env.computer.root
    assert (root / "Finance/expenses_v2.xlsx").read_bytes() == (
        root / "Finance/expenses.xlsx"
    ).read_bytes()
    over = await call("copy", src="Notes/todo.md", dest="Finance/expenses_v2.xlsx", overwrite=True)
    assert changed(over)[0].change == "modified"
    tree = await call("copy", src="Finance", dest="Backup")
    assert len(changed(tree)) == 3 and (root / "Backup/expenses.xlsx").exists()


async def test_make_folder(env, call) -> None:
    out = await call("make_folder", path="Projects/Q2/Drafts")
    assert out.ok and (env.computer.root / "Projects/Q2/Drafts").is_dir()
    (ev,) = changed(out)
    assert ev.change == "created" and ev.sha256 is None
    again = await call("make_folder", path="Projects/Q2/Drafts")
    assert again.ok and not again.events and "already exists" in again.observation
    on_file = await call("make_folder", path="Notes/todo.md/sub")
    assert not on_file.ok and on_file.error_kind == "path_conflict"


async def test_delete_moves_to_the_trash(env, call) -> None:
    out = await call("delete", path="Documents/Reports")
    assert out.ok and "trash" in out.observation
    assert not (env.computer.root / "Documents/Reports").exists()
    assert {e.path for e in changed(out)} == {
        "Documents/Reports/status memo.docx",
        "Documents/Reports/annual report.pdf",
    }
    assert len(await env.computer.list_trash()) == 1
    gone = await call("delete", path="Documents/Reports")
    assert not gone.ok and gone.error_kind == "not_found"

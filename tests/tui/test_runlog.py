"""The run log folded into turn rows, inbox threads and file marks (no screen involved)."""

from __future__ import annotations

from typing import Any

from engine.store import EventRecord
from tui.runlog import RunLog, filtered, fit_args, short_args, short_path


def ev(seq: int, kind: str, d: int = 1, t: int = 0, actor: str = "agent", **p: Any) -> EventRecord:
    return EventRecord(run_id="r", seq=seq, day=d, turn=t, kind=kind, actor=actor,
                       payload=p, ts=0.0)  # fmt: skip


def a_day() -> list[EventRecord]:
    return [
        ev(1, "run_started", 0, 0, "engine", backend="scripted", model="scripted-1",
           agent="Ana", options={"days": 2}),
        ev(2, "objectives_set", 0, 0, "engine", objectives={"summary": "s", "deliverables": []}),
        ev(3, "turn_started", 0, 1, "engine", day=1, turn=1),
        ev(4, "day_started", 0, 1, "engine", day=1, date="2025-03-10"),
        ev(5, "model_call", 1, 1, call_id=7, status="ok", prompt_tokens=100, completion_tokens=10,
           cached_tokens=50),
        ev(6, "tool_started", 1, 1, call_id="c1", tool="write_text",
           arguments={"path": "C:/Users/ana/Documents/plan.md", "text": "x"}),
        ev(7, "file_changed", 1, 1, path="C:/Users/ana/Documents/plan.md", change="created",
           by="agent"),
        ev(8, "tool_result", 1, 1, "engine", call_id="c1", tool="write_text", ok=True,
           observation="Wrote plan.md"),
        ev(9, "message_received", 1, 2, "Dana Lee", id="m1", sender="Dana Lee", to=["Ana"],
           subject="Budget", body="Use Q3.", attachments=["C:/Users/ana/Downloads/q3.xlsx"]),
        ev(10, "turn_started", 1, 2, "engine", day=1, turn=2),
        ev(11, "model_call", 1, 2, call_id=8, status="ok", prompt_tokens=120, completion_tokens=5),
        ev(12, "tool_started", 1, 2, call_id="c2", tool="edit_cells", arguments={"path": "b.xlsx"}),
        ev(13, "tool_result", 1, 2, "engine", call_id="c2", tool="edit_cells", ok=False,
           observation="ERROR: no sheet Q1", error_kind="bad_argument"),
        ev(14, "paused", 1, 3, "user", reason="paused by a person"),
    ]  # fmt: skip


def test_a_turn_is_one_row_and_a_day_starts_above_it() -> None:
    log = RunLog("r")
    log.apply(a_day())
    kinds = [(r.kind, r.day, r.turn) for r in log.rows]
    assert kinds == [
        ("run_started", 0, 0),
        ("day_started", 1, 1),
        ("turn", 1, 1),
        ("message_received", 1, 2),
        ("turn", 1, 2),
        ("paused", 1, 3),
    ]
    first = log.rows[2]
    assert (
        first.tool == "write_text"
        and first.args.startswith("C:/Users/ana/Documents/plan.md")
        and not first.error
    )
    assert first.call_ids == [7] and first.seqs == [3, 5, 6, 7, 8]
    second = log.rows[4]
    assert second.error and second.outcome.startswith("bad_argument: no sheet Q1")
    assert (log.day, log.turn, log.errors) == (1, 2, 1)
    assert (log.backend, log.model, log.agent_name) == ("scripted", "scripted-1", "Ana")
    assert log.tokens == 235 and log.cached_tokens == 50
    assert log.status == "paused" and log.reason == "paused by a person"
    assert log.index_of_turn(1) == 1 and log.index_of_turn(1, 2) == 4


def test_inbox_files_and_fork_points() -> None:
    log = RunLog("r")
    log.apply(a_day())
    threads = log.threads()
    assert list(threads) == ["Dana Lee"] and log.unread("Dana Lee") == 1
    assert threads["Dana Lee"][0].attachments == ["C:/Users/ana/Downloads/q3.xlsx"]
    mark = log.files["C:/Users/ana/Documents/plan.md"]
    assert (mark.by, mark.change, mark.seen) == ("agent", "created", False)
    # a fork after turn 1 starts after every event tagged turn 1 (the whole batch)
    assert log.fork_seq(log.rows[2]) == 8


def test_replaying_a_page_twice_changes_nothing() -> None:
    log = RunLog("r")
    events = a_day()
    log.apply(events[:8])
    delta = log.apply(events)  # the live stream may repeat what the replay read
    assert len(log.rows) == 6 and delta.rows_added == 3


def test_filters_and_short_text() -> None:
    log = RunLog("r")
    log.apply(a_day())
    assert [log.rows[i].kind for i in filtered(log.rows, errors_only=True)] == ["turn"]
    assert [log.rows[i].tool for i in filtered(log.rows, tool="write_text")] == ["write_text"]
    assert [log.rows[i].kind for i in filtered(log.rows, actor="Dana Lee")] == ["message_received"]
    assert short_path("C:/Users/ana/Documents/Very long folder name/plan.md", 20) == "…/plan.md"
    args = short_args({"path": "C:/Users/ana/Documents/Projects/Q3/plan.md", "text": "x"})
    assert args == "…/ana/Documents/Projects/Q3/plan.md  text=x"
    assert fit_args(args, 12) == "…/Q3/plan.md"  # a file's name outlasts its folders
    to = short_args({"to": ["Dana Lee", "Sam Roe"], "subject": "Budget"})
    assert to == "Dana Lee, Sam Roe  subject=Budget"


def a_turn(seq: int, turn: int, *calls: tuple[str, bool]) -> list[EventRecord]:
    """A turn making `calls` (tool, ok) in order, each started then answered."""
    out = [ev(seq, "turn_started", 1, turn, "engine", day=1, turn=turn)]
    for i, (tool, ok) in enumerate(calls):
        n = seq + 1 + 2 * i
        out.append(ev(n, "tool_started", 1, turn, call_id=f"k{n}", tool=tool,
                      arguments={"path": f"C:/Users/ana/{tool}.md"}))  # fmt: skip
        out.append(ev(n + 1, "tool_result", 1, turn, "engine", call_id=f"k{n}", tool=tool, ok=ok,
                      observation=("" if ok else "ERROR: ") + f"{tool} done"))  # fmt: skip
    return out


def test_a_turn_is_named_by_its_main_call_not_its_first() -> None:
    log = RunLog("r")
    log.apply(a_turn(1, 1, ("write_notes", True), ("write_document", True)))
    log.apply(a_turn(10, 2, ("read_file", True), ("send_message", True), ("write_notes", True)))
    log.apply(a_turn(20, 3, ("write_notes", True), ("read_file", True)))
    log.apply(a_turn(30, 4, ("write_text", True), ("submit_deliverable", True)))
    log.apply(a_turn(40, 5, ("write_notes", True)))
    log.apply(a_turn(50, 6, ("list_dir", True), ("search_files", True)))  # a tie: the first
    log.apply(a_turn(60, 7, ("write_notes", True), ("edit_cells", False)))
    rows = {r.turn: r for r in log.rows}
    assert rows[1].tool == "write_document +1"
    assert rows[1].args.endswith("write_document.md") and rows[1].outcome == "write_document done"
    assert rows[2].tool == "send_message +2" and rows[2].outcome == "send_message done"
    assert rows[3].tool == "read_file +1" and rows[3].outcome == "read_file done"
    assert rows[4].tool == "submit_deliverable +1"
    assert rows[5].tool == "write_notes" and rows[5].outcome == "write_notes done"
    assert rows[6].tool == "list_dir +1" and rows[6].outcome == "list_dir done"
    assert rows[7].tool == "edit_cells +1" and rows[7].error
    assert rows[7].outcome.startswith("error: edit_cells done")
    # the filter still finds a turn by any of its calls
    assert [log.rows[i].turn for i in filtered(log.rows, tool="write_notes")] == [1, 2, 3, 5, 7]


def test_weights_put_actions_above_reading_and_bookkeeping() -> None:
    from tui.runlog import tool_weight

    order = ["submit_deliverable", "write_document", "move", "read_file", "write_notes"]
    assert [tool_weight(t) for t in order] == sorted((tool_weight(t) for t in order), reverse=True)
    assert tool_weight("send_message") > tool_weight("read_inbox") > tool_weight("end_day")
    assert tool_weight("no_such_tool") == tool_weight("read_file")  # an attempt, not bookkeeping

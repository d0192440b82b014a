"""A computer with a drive (`C:/...` logical paths): tools speak the paths the agent sees."""

from __future__ import annotations

from pathlib import Path

from engine.computer import Computer
from engine.sim.tools import default_tools, execute
from tests.sim.tools.conftest import Env, deliverable


async def test_tools_use_logical_paths_on_a_computer_with_a_drive(tmp_path: Path) -> None:
    root = tmp_path / "pc"
    (root / "C/Users/dana/Documents").mkdir(parents=True)
    env = Env(computer=Computer(root, volumes={"C": "C"}), work=[deliverable()])
    tools = default_tools()

    out = await execute(
        env, tools, "write_text", {"path": "C:/Users/dana/Documents/plan.md", "text": "# Plan\n"}
    )
    assert out.ok, out.observation
    assert out.events[0].payload["path"] == "C:/Users/dana/Documents/plan.md"
    assert (root / "C/Users/dana/Documents/plan.md").read_text() == "# Plan\n"

    listing = await execute(env, tools, "list_dir", {"path": "C:/Users/dana", "recursive": True})
    assert "C:/Users/dana/Documents/plan.md" in listing.observation

    moved = await execute(
        env, tools, "move", {"src": "C:/Users/dana/Documents", "dest": "C:/Users/dana/Docs"}
    )
    assert moved.ok and moved.events[0].payload["dest_path"] == "C:/Users/dana/Docs/plan.md"

    other = await execute(env, tools, "read_file", {"path": "D:/secret.txt"})
    assert not other.ok and other.error_kind == "path_outside" and "drive D:" in other.observation


async def test_read_file_sees_a_rewrite_within_the_same_turn(env, call) -> None:
    first = await call("read_file", path="Notes/todo.md")
    assert "Call Ana" in first.observation
    env.turn -= 1  # the same turn again: the same simulated time, the same size
    await call("edit_text", path="Notes/todo.md", old="Call Ana", new="Mail Ana")
    env.turn -= 1
    second = await call("read_file", path="Notes/todo.md")
    assert "Mail Ana" in second.observation and "Call Ana" not in second.observation

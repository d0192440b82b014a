"""run_python: output captured, files recorded, timeouts and errors reported, off by default."""

from __future__ import annotations

import time

from engine.schema.events import FileChangedPayload
from engine.sim.tools import default_tools, execute


async def test_run_python_captures_output_in_the_computer_folder(env, call) -> None:
    code = "import csv\nrows = list(csv.reader(open('Data/clients.csv')))\nprint(len(rows) - 1, 'clients')"
    out = await call("run_python", code=code)
    assert out.ok, out.observation
    assert "2 clients" in out.observation and not out.events


async def test_the_program_does_not_see_the_engines_environment(env, call, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-test")
    out = await call("run_python", code="import os; print(sorted(os.environ))")
    assert out.ok and "OPENAI_API_KEY" not in out.observation


async def test_files_it_writes_become_events(env, call) -> None:
    code = (
        "open('Notes/out.txt', 'w').write('hello')\n"
        "open('Notes/todo.md', 'a').write('- one more\\n')\n"
        "import os; os.remove('Data/clients.csv')\n"
    )
    out = await call("run_python", code=code)
    assert out.ok, out.observation
    evs = {e.payload["path"]: FileChangedPayload.model_validate(e.payload) for e in out.events}
    assert evs["Notes/out.txt"].change == "created" and evs["Notes/out.txt"].size == 5
    assert evs["Notes/todo.md"].change == "modified"
    assert evs["Data/clients.csv"].change == "deleted"
    assert all(e.actor == "agent" and e.kind == "file_changed" for e in out.events)
    assert "created 'Notes/out.txt'" in out.observation


async def test_a_script_on_the_computer_runs_too(env, call) -> None:
    (env.computer.root / "Scripts").mkdir()
    (env.computer.root / "Scripts/count.py").write_text(
        "import sys\nprint('args', sys.argv)\nraise ValueError('bad figure')\n"
    )
    out = await call("run_python", path="Scripts/count.py")
    assert not out.ok and out.error_kind == "python_error"
    assert "ValueError: bad figure" in out.observation
    assert 'File "Scripts/count.py", line 3' in out.observation
    assert str(env.computer.root) not in out.observation


async def test_an_exception_shows_a_traceback_of_the_agents_code(call) -> None:
    out = await call("run_python", code="x = 1\ny = x / 0\n")
    assert not out.ok and out.error_kind == "python_error"
    assert "ZeroDivisionError" in out.observation
    assert 'File "<run_python>", line 2' in out.observation and "y = x / 0" in out.observation
    assert "exec(compile" not in out.observation  # the bootstrap's own frame is hidden


async def test_timeout_is_enforced_and_kills_the_program(env, call) -> None:
    started = time.monotonic()
    out = await call(
        "run_python",
        code="import time\nprint('started', flush=True)\nopen('Notes/t.txt','w').write('x')\n"
        "time.sleep(30)",
        timeout_s=1.5,
    )
    assert time.monotonic() - started < 15
    assert not out.ok and out.error_kind == "timeout"
    assert "stopped after 1.5 s" in out.observation and "started" in out.observation
    assert [e.payload["path"] for e in out.events] == ["Notes/t.txt"]


async def test_memory_is_limited(call) -> None:
    out = await call("run_python", code="x = bytearray(4 * 1024 ** 3)\nprint('allocated')")
    assert not out.ok and "MemoryError" in out.observation


async def test_long_output_is_trimmed(call) -> None:
    out = await call("run_python", code="for i in range(200000): print('line', i)")
    assert out.ok
    assert "line 0" in out.observation and "line 199999" in out.observation
    assert "output cut" in out.observation and len(out.observation) < 12_000


async def test_code_or_path_not_both(call) -> None:
    out = await call("run_python", code="print(1)", path="x.py")
    assert not out.ok and out.error_kind == "bad_arguments"


async def test_run_python_is_absent_unless_allowed(env) -> None:
    assert "run_python" not in {t.name for t in default_tools()}
    assert "run_python" in {t.name for t in default_tools(allow_code=True)}
    out = await execute(env, default_tools(), "run_python", {"code": "print(1)"})
    assert not out.ok and out.error_kind == "unknown_tool"
    assert "read_file" in out.observation and "run_python" not in out.observation.split("tools:")[1]

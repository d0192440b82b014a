"""`synthcomp run` and `synthcomp runs ...` as a user runs them: real processes, a real workspace."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.sim.test_run_support import make_world

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^day\s+(\d+)\s+turn\s+(\d+)\s+\S")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYNTHCOMP_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
        cwd=ROOT,
        check=False,
    )


def run_id_of(stdout: str) -> str:
    hit = re.search(r"^Run ([0-9a-f]{12})", stdout, re.MULTILINE)
    assert hit, stdout
    return hit.group(1)


def test_run_then_inspect_fork_and_resume(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    ws = str(tmp_path / "ws")
    out = cli(
        "run", str(world), "--days", "1", "--turns-per-day", "8", "--no-watch", "--workspace", ws
    )
    assert out.returncode == 0, out.stderr
    run_id = run_id_of(out.stdout)
    turns = [LINE.match(ln) for ln in out.stdout.splitlines()]
    assert [int(m.group(2)) for m in turns if m] == list(range(1, 9))
    assert "tree" in out.stdout and "prompt" in out.stdout and "cached" in out.stdout
    assert f"Run {run_id} finished" in out.stdout

    listed = cli("runs", "list", "--workspace", ws)
    assert listed.returncode == 0 and run_id in listed.stdout and "finished" in listed.stdout

    shown = cli("runs", "show", run_id, "--workspace", ws)
    assert shown.returncode == 0, shown.stderr
    assert "status     finished" in shown.stdout and "day 1, turn 8" in shown.stdout

    logged = cli("runs", "turns", run_id, "--from", "3", "--workspace", ws)
    assert logged.returncode == 0
    numbers = [int(m.group(2)) for m in map(LINE.match, logged.stdout.splitlines()) if m]
    assert numbers == list(range(3, 9))
    # The log view and the live view print the same lines.
    live = [
        ln for ln in out.stdout.splitlines() if LINE.match(ln) and int(LINE.match(ln).group(2)) >= 3
    ]  # type: ignore[union-attr]
    assert logged.stdout.splitlines() == live

    inbox = cli("runs", "inbox", run_id, "--workspace", ws)
    assert inbox.returncode == 0 and ("->" in inbox.stdout or "no messages" in inbox.stdout)

    seq = _seq_of_turn_start(ws, run_id, 5)
    forked = cli("runs", "fork", run_id, "--at", str(seq + 2), "--workspace", ws)
    assert forked.returncode == 0, forked.stderr
    child = re.search(r"as run ([0-9a-f]{12})", forked.stdout).group(1)  # type: ignore[union-attr]
    assert "(turn 4)" in forked.stdout
    resumed = cli("runs", "resume", child, "--workspace", ws)
    assert resumed.returncode == 0, resumed.stderr
    again = [int(m.group(2)) for m in map(LINE.match, resumed.stdout.splitlines()) if m]
    assert again == list(range(5, 9))
    assert "fork of" in cli("runs", "show", child, "--workspace", ws).stdout


def _seq_of_turn_start(ws: str, run_id: str, turn: int) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{ws}/workspace.db?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT seq FROM events WHERE run_id = ? AND kind = 'turn_started' AND turn = ?",
            (run_id, turn),
        ).fetchone()
    conn.close()
    return int(row[0])


def test_ctrl_c_pauses_and_resume_goes_on(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    ws = str(tmp_path / "ws")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine.cli",
            "run",
            str(world),
            "--days",
            "2",
            "--turns-per-day",
            "15",
            "--no-watch",
            "--workspace",
            ws,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if LINE.match(line) and int(LINE.match(line).group(2)) >= 3:  # type: ignore[union-attr]
            proc.send_signal(signal.SIGINT)
            break
    rest, err = proc.communicate(timeout=60)
    lines += rest.splitlines()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    run_id = run_id_of("\n".join(lines))
    assert any("paused after turn" in ln for ln in lines)
    shown = cli("runs", "show", run_id, "--workspace", ws)
    assert "status     paused: interrupted from the command line (Ctrl-C)" in shown.stdout

    last = max(int(m.group(2)) for m in map(LINE.match, lines) if m)
    resumed = cli("runs", "resume", run_id, "--workspace", ws)
    assert resumed.returncode == 0, resumed.stderr
    numbers = [int(m.group(2)) for m in map(LINE.match, resumed.stdout.splitlines()) if m]
    assert numbers and numbers[0] == last + 1
    assert f"Run {run_id} finished" in resumed.stdout

"""The `synthcomp` command as a user runs it: a real process, a real workspace folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from engine import __version__


def run_cli(*args: str, env_extra: dict[str, str] | None = None, timeout: float = 120):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYNTHCOMP_", "OPENAI_"))}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_version() -> None:
    out = run_cli("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"synthcomp {__version__}"


def test_doctor_on_a_fresh_workspace(tmp_path: Path) -> None:
    ws = tmp_path / "fresh"
    out = run_cli("doctor", "--workspace", str(ws))
    assert out.returncode == 0, out.stderr
    assert str(ws) in out.stdout
    assert "schema version" in out.stdout
    assert "scripted backend" in out.stdout and "answers" in out.stdout
    assert "LibreOffice" in out.stdout
    assert (ws / "workspace.db").is_file() and (ws / "worlds").is_dir() and (ws / "runs").is_dir()


def test_workspace_from_environment(tmp_path: Path) -> None:
    ws = tmp_path / "from-env"
    out = run_cli("doctor", env_extra={"SYNTHCOMP_WORKSPACE": str(ws)})
    assert out.returncode == 0, out.stderr
    assert (ws / "workspace.db").is_file()


def test_global_option_before_the_command(tmp_path: Path) -> None:
    ws = tmp_path / "before"
    out = run_cli("--workspace", str(ws), "doctor")
    assert out.returncode == 0, out.stderr
    assert (ws / "workspace.db").is_file()


def test_doctor_reports_a_corrupt_database_plainly(tmp_path: Path) -> None:
    ws = tmp_path / "bad"
    ws.mkdir()
    (ws / "workspace.db").write_bytes(b"this is not a database at all" * 100)
    out = run_cli("doctor", "--workspace", str(ws))
    assert out.returncode == 1
    assert "FAIL" in out.stdout and "workspace.db" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_a_user_error_is_one_plain_line(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    out = run_cli("doctor", "--workspace", str(not_a_dir))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    # doctor reports in its table; the workspace line names the path
    assert str(not_a_dir) in out.stdout


def test_unknown_backend_from_environment_is_a_plain_error(tmp_path: Path) -> None:
    out = run_cli(
        "doctor", "--workspace", str(tmp_path / "w"), env_extra={"SYNTHCOMP_BACKEND": "nope"}
    )
    assert out.returncode == 1
    assert out.stderr.strip().startswith("synthcomp: error: unknown backend 'nope'")
    assert len(out.stderr.strip().splitlines()) == 1

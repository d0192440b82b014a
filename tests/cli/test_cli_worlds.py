"""`synthcomp create` and `synthcomp worlds` as a user runs them: real processes, a real workspace."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run_cli


def test_create_then_list_show_stats_export_import_delete(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    out = run_cli(
        "create",
        "--workspace",
        ws,
        "--persona",
        "hospital staff nurse in Glasgow",
        "--seed",
        "2",
        "--files",
        "24",
        "--name",
        "Nurse",
    )
    assert out.returncode == 0, out.stderr
    slug, status, path = out.stdout.strip().splitlines()[-1].split("\t")
    assert status == "complete" and Path(path).is_dir()
    assert "files" in out.stderr  # one progress line per stage

    listed = run_cli("worlds", "list", "--workspace", ws)
    assert slug in listed.stdout and "complete" in listed.stdout

    shown = run_cli("worlds", "show", slug, "--workspace", ws)
    assert shown.returncode == 0 and "24 written of 24 planned" in shown.stdout

    stats = run_cli("worlds", "stats", slug, "--workspace", ws)
    assert stats.returncode == 0
    assert (
        "files        24" in stats.stdout and "kinds" in stats.stdout and "entities" in stats.stdout
    )

    dest = tmp_path / "exported"
    exported = run_cli("worlds", "export", slug, str(dest), "--workspace", ws)
    assert exported.returncode == 0, exported.stderr
    exported_root = Path(exported.stdout.strip())
    assert json.loads((exported_root / ".synthcomp" / "world.json").read_text())["seed"] == 2

    other = str(tmp_path / "ws2")
    imported = run_cli("worlds", "import", str(exported_root), "--workspace", other)
    assert imported.returncode == 0, imported.stderr
    assert (
        run_cli("worlds", "stats", imported.stdout.split("\t")[0], "--workspace", other).returncode
        == 0
    )

    deleted = run_cli("worlds", "delete", slug, "--workspace", ws)
    assert deleted.returncode == 0 and not Path(path).exists()
    gone = run_cli("worlds", "show", slug, "--workspace", ws)
    assert gone.returncode == 1 and "Traceback" not in gone.stderr
    assert gone.stderr.startswith("synthcomp: error:")


def test_import_of_a_folder_that_is_not_a_world_is_refused_plainly(tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.txt").write_text("hello")
    out = run_cli("worlds", "import", str(junk), "--workspace", str(tmp_path / "ws"))
    assert out.returncode == 1
    assert out.stderr.startswith("synthcomp: error:") and len(out.stderr.strip().splitlines()) == 1


def test_a_bad_personas_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "p.jsonl"
    bad.write_text('{"persona": "a nurse in Leeds"}\nnot json\n')
    out = run_cli("create", "--personas", str(bad), "--workspace", str(tmp_path / "ws"))
    assert out.returncode == 1
    assert "line 2" in out.stderr and "Traceback" not in out.stderr

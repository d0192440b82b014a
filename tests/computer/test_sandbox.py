"""Every hostile path is refused with one readable sentence; every legal path resolves inside."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.computer import Computer, Sandbox
from engine.errors import PathOutsideComputer

HOSTILE = [
    pytest.param("../secret.txt", "climbs above", id="dotdot"),
    pytest.param("..", "climbs above", id="dotdot-alone"),
    pytest.param("a/../../x", "climbs above", id="dotdot-after-name"),
    pytest.param("a/b/../../../x", "climbs above", id="dotdot-deep"),
    pytest.param("..\\x", "climbs above", id="dotdot-backslash"),
    pytest.param("a\\..\\..\\x", "climbs above", id="dotdot-backslash-deep"),
    pytest.param("a/..\\../x", "climbs above", id="dotdot-mixed-separators"),
    pytest.param("/etc/passwd", "absolute path", id="posix-absolute"),
    pytest.param("/", "absolute path", id="posix-root"),
    pytest.param("C:\\Windows\\system32", "drive C:", id="windows-drive-backslash"),
    pytest.param("C:/Users/x", "drive C:", id="windows-drive-slash"),
    pytest.param("c:x.txt", "drive C:", id="windows-drive-relative"),
    pytest.param("\\\\server\\share\\x", "network", id="unc-backslash"),
    pytest.param("//server/share/x", "network", id="unc-slash"),
    pytest.param("\\\\?\\C:\\x", "network", id="win32-long-path"),
    pytest.param("\\\\.\\PhysicalDrive0", "network", id="win32-device"),
    pytest.param("a\x00b.txt", "NUL", id="nul"),
    pytest.param("a\nb.txt", "control character", id="newline"),
    pytest.param("a\x1b[31mred", "control character", id="escape"),
    pytest.param("a\x7f", "control character", id="del"),
    pytest.param("a\u202etxt.exe", "control character", id="bidi-override"),
    pytest.param("x" * 256, "longer than 255 bytes", id="long-name"),
    pytest.param("é" * 128, "longer than 255 bytes", id="long-name-multibyte"),
    pytest.param("a/" * 2100 + "x", "longer than 4096 bytes", id="long-path"),
    pytest.param(".synthcomp/state.json", "internal area", id="internal-state"),
    pytest.param(".trash/x", "internal area", id="internal-trash"),
    pytest.param(".SynthComp/x", "internal area", id="internal-case"),
    pytest.param("a/../.trash", "internal area", id="internal-via-dotdot"),
    pytest.param("Docs/.synthcomp-tmp-abc", "internal area", id="internal-temp-file"),
    pytest.param("~/notes.txt", "'~'", id="home"),
    pytest.param("~", "'~'", id="home-alone"),
    pytest.param("~root/.ssh/id_rsa", "'~'", id="home-of-user"),
    pytest.param("$HOME/x", "environment variable", id="env-posix"),
    pytest.param("%USERPROFILE%\\x", "environment variable", id="env-windows"),
    pytest.param("", "empty", id="empty"),
    pytest.param("   ", "empty", id="blank"),
    pytest.param(".", "root folder", id="dot-as-file"),
    pytest.param("a/..", "root folder", id="back-to-root-as-file"),
    pytest.param("%2e%2e/x", "encoded", id="percent-dotdot"),
    pytest.param("..%2fx", "encoded", id="percent-slash"),
    pytest.param("%252e%252e%252fx", "encoded", id="double-percent"),
    pytest.param("%2Fetc%2Fpasswd", "encoded", id="percent-absolute"),
    pytest.param("．．/x", "encoded", id="fullwidth-dots"),
    pytest.param("a／．．／．．／x", "encoded", id="fullwidth-slashes"),
    pytest.param("file:///etc/passwd", "URL", id="url"),
    pytest.param("\udcff.txt", "not valid text", id="surrogate"),
]


def _assert_readable(exc: PathOutsideComputer) -> None:
    msg = str(exc)
    assert msg.startswith("The path ") or msg.startswith("A path ")
    assert msg.endswith(".")
    assert "\n" not in msg and "\x00" not in msg
    assert "such as" in msg  # says what a valid path looks like
    assert len(msg) < 400


@pytest.mark.parametrize(("path", "why"), HOSTILE)
def test_hostile_path_is_refused_with_a_sentence(tmp_path: Path, path: str, why: str) -> None:
    sb = Sandbox(tmp_path)
    with pytest.raises(PathOutsideComputer) as info:
        sb.resolve(path)
    _assert_readable(info.value)
    assert why in str(info.value)


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("D:/data.xlsx", "drive D:"),
        ("d:\\x", "drive D:"),
        ("C:x", "without a '/'"),
        ("C:/../x", "climbs above drive C:"),
        ("C:\\Users\\..\\..\\x", "climbs above drive C:"),
        ("/Users/me", "absolute path"),
        ("\\\\?\\C:\\Users", "network"),
        ("C:/.synthcomp-tmp-x", "internal area"),
    ],
)
def test_with_volumes_other_drives_and_escapes_are_still_refused(
    tmp_path: Path, path: str, why: str
) -> None:
    sb = Sandbox(tmp_path, volumes={"C": "C"})
    with pytest.raises(PathOutsideComputer) as info:
        sb.resolve(path)
    _assert_readable(info.value)
    assert why in str(info.value)
    assert "C:/" in str(info.value)  # the example is a path on the computer's own drive


LEGAL = [
    ("notes.txt", "notes.txt"),
    ("Documents/report.docx", "Documents/report.docx"),
    ("./Documents//report.docx", "Documents/report.docx"),
    ("Documents\\Projects\\plan.md", "Documents/Projects/plan.md"),
    ("Documents/", "Documents"),
    ("a/b/../c.txt", "a/c.txt"),
    ("Résumé 2024 — final.docx", "Résumé 2024 — final.docx"),
    ("日本語/ファイル.txt", "日本語/ファイル.txt"),
    ("Ünïcödé/emoji 🎉 party.md", "Ünïcödé/emoji 🎉 party.md"),
    ("~$report.docx", "~$report.docx"),
    ("a/~backup", "a/~backup"),
    ("100%.txt", "100%.txt"),
    ("My%20File.txt", "My%20File.txt"),
    ("...", "..."),
    ("..hidden", "..hidden"),
    (".hidden/config", ".hidden/config"),
    ("trash/x", "trash/x"),
    (".trashcan/x", ".trashcan/x"),
    ("Docs/.synthcomp/x", "Docs/.synthcomp/x"),
    ("C/Users/x", "C/Users/x"),
    ("price $5.txt", "price $5.txt"),
    ("x" * 255, "x" * 255),
    ("é" * 127, "é" * 127),
]


@pytest.mark.parametrize(("path", "rel"), LEGAL)
def test_legal_path_resolves_inside(tmp_path: Path, path: str, rel: str) -> None:
    sb = Sandbox(tmp_path)
    r = sb.resolve(path)
    assert r.rel == rel
    assert r.abs == sb.root / rel
    assert sb.display(r.rel) == rel


@pytest.mark.parametrize(
    ("path", "rel", "shown"),
    [
        (
            "C:/Users/me/Documents/a.docx",
            "C/Users/me/Documents/a.docx",
            "C:/Users/me/Documents/a.docx",
        ),
        ("c:\\Users\\me", "C/Users/me", "C:/Users/me"),
        ("C:", "C", "C:/"),
        ("C:/", "C", "C:/"),
        ("C:/Users/../Public/x", "C/Public/x", "C:/Public/x"),
        ("D:/Backups/2024.zip", "Data/Backups/2024.zip", "D:/Backups/2024.zip"),
        ("C/Users/me/x.txt", "C/Users/me/x.txt", "C:/Users/me/x.txt"),
        ("readme.txt", "readme.txt", "readme.txt"),
        (
            "C:/Users/Zoë/Bureau/café.md",
            "C/Users/Zoë/Bureau/café.md",
            "C:/Users/Zoë/Bureau/café.md",
        ),
    ],
)
def test_volume_paths_map_to_the_drive_folder(
    tmp_path: Path, path: str, rel: str, shown: str
) -> None:
    sb = Sandbox(tmp_path, volumes={"C": "C", "d": "Data"})
    r = sb.resolve(path, allow_root=True)
    assert r.rel == rel
    assert r.abs == sb.root / rel
    assert sb.display(r.rel) == shown


def test_root_is_allowed_only_where_a_folder_is_meant(tmp_path: Path) -> None:
    sb = Sandbox(tmp_path)
    assert sb.resolve(".", allow_root=True).is_root
    assert sb.resolve("", allow_root=True).abs == sb.root
    assert sb.display("") == "."


def test_resolution_is_lexical_and_needs_no_existing_files(tmp_path: Path) -> None:
    sb = Sandbox(tmp_path / "does-not-exist-yet")
    assert sb.parse("a/b/c.txt") == "a/b/c.txt"
    assert sb.resolve("a/b/c.txt").rel == "a/b/c.txt"


def test_bad_volume_configuration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Sandbox(tmp_path, volumes={"CD": "C"})
    with pytest.raises(PathOutsideComputer):
        Sandbox(tmp_path, volumes={"C": "../outside"})


# -- symbolic links -------------------------------------------------------------------

Setup = Callable[[Path, Path], None]


def _link_file_outside(root: Path, outside: Path) -> None:
    (root / "passwd").symlink_to(outside / "secret.txt")


def _link_dir_outside(root: Path, outside: Path) -> None:
    (root / "Documents").symlink_to(outside)


def _link_nested_dir_outside(root: Path, outside: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "up").symlink_to("../../../outside")


def _dangling(root: Path, outside: Path) -> None:
    (root / "ghost.txt").symlink_to(root / "nothing-here.txt")


def _dangling_outside(root: Path, outside: Path) -> None:
    (root / "later").symlink_to(outside / "will-exist-later")


def _chain_outside(root: Path, outside: Path) -> None:
    (root / "hop2").symlink_to(outside)
    (root / "hop1").symlink_to(root / "hop2")


def _loop(root: Path, outside: Path) -> None:
    (root / "loop1").symlink_to(root / "loop2")
    (root / "loop2").symlink_to(root / "loop1")


def _into_internal(root: Path, outside: Path) -> None:
    (root / ".synthcomp").mkdir()
    (root / "state").symlink_to(root / ".synthcomp")


SYMLINKS = [
    pytest.param(_link_file_outside, "passwd", "leads outside", id="file-link-outside"),
    pytest.param(_link_dir_outside, "Documents/secret.txt", "leads outside", id="parent-dir-link"),
    pytest.param(
        _link_dir_outside, "Documents/new.txt", "leads outside", id="parent-dir-link-new-file"
    ),
    pytest.param(
        _link_nested_dir_outside, "a/b/up/secret.txt", "leads outside", id="nested-relative-link"
    ),
    pytest.param(_dangling, "ghost.txt", "points nowhere", id="dangling-inside"),
    pytest.param(_dangling_outside, "later", "leads outside", id="dangling-outside"),
    pytest.param(_chain_outside, "hop1/secret.txt", "leads outside", id="link-chain"),
    pytest.param(_loop, "loop1/x", "points nowhere", id="link-loop"),
    pytest.param(_into_internal, "state/x", "internal area", id="link-into-internal"),
]


@pytest.mark.parametrize(("setup", "path", "why"), SYMLINKS)
def test_symlinks_that_leave_the_computer_are_refused(
    tmp_path: Path, setup: Setup, path: str, why: str
) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    setup(root, outside)
    sb = Sandbox(root)
    with pytest.raises(PathOutsideComputer) as info:
        sb.resolve(path)
    _assert_readable(info.value)
    assert why in str(info.value)


async def test_file_operations_refuse_symlink_escapes(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (root / "Documents").symlink_to(outside)
    c = Computer(root)
    with pytest.raises(PathOutsideComputer):
        await c.read_text("Documents/secret.txt")
    with pytest.raises(PathOutsideComputer):
        await c.write_text("Documents/planted.txt", "x")
    assert not (outside / "planted.txt").exists()
    # listing does not follow it either
    assert [e.path for e in await c.list(".", recursive=True)] == []


def test_symlink_inside_the_computer_is_fine(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "Projects" / "2024").mkdir(parents=True)
    (root / "current").symlink_to(root / "Projects" / "2024")
    sb = Sandbox(root)
    assert sb.resolve("current/plan.md").rel == "current/plan.md"


def test_root_behind_a_symlink_works(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    sb = Sandbox(tmp_path / "alias")
    assert sb.root == real.resolve()
    assert sb.resolve("x/y.txt").abs == real.resolve() / "x" / "y.txt"


def test_resolve_does_not_walk_the_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap resolution: never a directory listing, at most one lstat per component."""
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    sb = Sandbox(root)
    calls: list[str] = []
    real_lstat = os.lstat

    def counting_lstat(p, *a, **k):  # type: ignore[no-untyped-def]
        calls.append("lstat")
        return real_lstat(p, *a, **k)

    def no_scandir(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("resolve listed a directory")

    monkeypatch.setattr(os, "lstat", counting_lstat)
    monkeypatch.setattr(os, "scandir", no_scandir)
    sb.resolve("a/b/c/d.txt")
    assert calls.count("lstat") <= 4

"""File operations on a real folder: read, write, list, tree, move, copy, mkdir, trash."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.computer import Computer, PathConflict
from engine.errors import FormatError, NotFound, PathOutsideComputer


async def test_write_and_read_round_trip(computer: Computer) -> None:
    entry = await computer.write_text("Documents/Projects/plan.md", "# Plan\n\nShip it.\n")
    assert entry.path == "Documents/Projects/plan.md"
    assert entry.name == "plan.md"
    assert entry.kind == "md"
    assert entry.size == len(b"# Plan\n\nShip it.\n")
    assert not entry.is_dir
    assert await computer.read_text("Documents/Projects/plan.md") == "# Plan\n\nShip it.\n"
    assert (computer.root / "Documents" / "Projects" / "plan.md").is_file()


async def test_binary_round_trip_and_max_bytes(computer: Computer) -> None:
    data = bytes(range(256)) * 10
    await computer.write_bytes("bin/blob.dat", data)
    assert await computer.read_bytes("bin/blob.dat") == data
    assert await computer.read_bytes("bin/blob.dat", max_bytes=5) == data[:5]


async def test_write_sets_mtime(computer: Computer) -> None:
    when = datetime(2024, 3, 14, 9, 30, tzinfo=UTC)
    entry = await computer.write_text("old.txt", "from the past", mtime=when)
    assert entry.mtime == pytest.approx(when.timestamp())
    assert os.stat(computer.root / "old.txt").st_mtime == pytest.approx(when.timestamp())
    entry = await computer.write_text("older.txt", "x", mtime=1_000_000_000.5)
    assert entry.mtime == pytest.approx(1_000_000_000.5)


async def test_write_is_atomic_and_leaves_no_temp_files(computer: Computer) -> None:
    await computer.write_text("a.txt", "one")
    await computer.write_text("a.txt", "two")
    assert await computer.read_text("a.txt") == "two"
    assert sorted(os.listdir(computer.root)) == ["a.txt"]


async def test_overwrite_keeps_file_mode(computer: Computer) -> None:
    await computer.write_text("run.sh", "#!/bin/sh\n")
    os.chmod(computer.root / "run.sh", 0o750)
    await computer.write_text("run.sh", "#!/bin/sh\necho hi\n")
    assert os.stat(computer.root / "run.sh").st_mode & 0o777 == 0o750


async def test_read_text_refuses_binary_with_a_format_error(computer: Computer) -> None:
    await computer.write_bytes("photo.docx", b"PK\x03\x04\xff\xfe\x00garbage")
    with pytest.raises(FormatError, match="extract_text"):
        await computer.read_text("photo.docx")


async def test_read_text_drops_a_byte_order_mark(computer: Computer) -> None:
    await computer.write_bytes("bom.txt", b"\xef\xbb\xbfhello")
    assert await computer.read_text("bom.txt") == "hello"


async def test_missing_files_and_wrong_kinds(computer: Computer) -> None:
    with pytest.raises(NotFound, match=r"nope\.txt"):
        await computer.read_bytes("nope.txt")
    with pytest.raises(NotFound):
        await computer.info("nope/deeper.txt")
    await computer.mkdir("Folder")
    with pytest.raises(PathConflict, match="is a folder"):
        await computer.read_bytes("Folder")
    with pytest.raises(PathConflict, match="is a folder"):
        await computer.write_text("Folder", "x")
    await computer.write_text("file.txt", "x")
    with pytest.raises(PathConflict, match="is a file"):
        await computer.write_text("file.txt/inside.txt", "x")
    with pytest.raises(PathConflict, match="is a file"):
        await computer.list("file.txt")


async def test_list_hides_internal_folders_and_sorts_folders_first(computer: Computer) -> None:
    await computer.write_text("zeta.txt", "z")
    await computer.write_text("Alpha/one.md", "1")
    await computer.mkdir("beta")
    (computer.root / ".synthcomp").mkdir()
    (computer.root / ".synthcomp" / "state.json").write_text("{}")
    await computer.write_text("gone.txt", "x")
    await computer.delete("gone.txt")  # creates .trash/
    (computer.root / ".synthcomp-tmp-leftover").write_text("crash leftover")
    entries = await computer.list()
    assert [(e.path, e.is_dir, e.kind) for e in entries] == [
        ("Alpha", True, "folder"),
        ("beta", True, "folder"),
        ("zeta.txt", False, "txt"),
    ]
    everything = await computer.list(".", recursive=True)
    assert [e.path for e in everything] == ["Alpha", "Alpha/one.md", "beta", "zeta.txt"]
    assert [e.path for e in await computer.list("Alpha")] == ["Alpha/one.md"]


async def test_list_with_limit(computer: Computer) -> None:
    for i in range(5):
        await computer.write_text(f"f{i}.txt", "x")
    assert len(await computer.list(limit=3)) == 3
    assert len(await computer.list(recursive=True, limit=2)) == 2


async def test_info(computer: Computer) -> None:
    await computer.write_bytes("Data/sheet.xlsx", b"12345", mtime=1_700_000_000)
    info = await computer.info("Data/sheet.xlsx")
    assert (info.path, info.kind, info.size, info.is_dir) == ("Data/sheet.xlsx", "xlsx", 5, False)
    assert info.mtime == pytest.approx(1_700_000_000)
    folder = await computer.info("Data")
    assert folder.is_dir and folder.kind == "folder" and folder.size == 0
    assert await computer.exists("Data/sheet.xlsx")
    assert not await computer.exists("Data/other.xlsx")


async def test_tree(computer: Computer) -> None:
    await computer.write_text("Documents/Reports/q1.docx", "x")
    await computer.write_text("Documents/Reports/q2.docx", "x")
    await computer.write_text("Documents/notes.md", "x")
    await computer.write_text("Desktop/todo.txt", "x")
    text = await computer.tree(max_depth=3)
    assert text == "\n".join(
        [
            "./",
            "├── Desktop/",
            "│   └── todo.txt",
            "└── Documents/",
            "    ├── Reports/",
            "    │   ├── q1.docx",
            "    │   └── q2.docx",
            "    └── notes.md",
        ]
    )
    shallow = await computer.tree(max_depth=1)
    assert shallow == "./\n├── Desktop/ (1 item)\n└── Documents/ (2 items)"
    short = await computer.tree(max_depth=3, dir="Documents/Reports", max_entries=1)
    assert short == "Documents/Reports\n├── q1.docx\n└── … 1 more"


async def test_mkdir_is_idempotent(computer: Computer) -> None:
    e = await computer.mkdir("a/b/c")
    assert e.is_dir and e.path == "a/b/c"
    await computer.mkdir("a/b/c")
    assert (computer.root / "a" / "b" / "c").is_dir()


async def test_move_file_rename_and_into_folder(computer: Computer) -> None:
    await computer.write_text("draft.txt", "v1", mtime=1_600_000_000)
    e = await computer.move("draft.txt", "Reports/final.txt")
    assert e.path == "Reports/final.txt"
    assert e.mtime == pytest.approx(1_600_000_000)
    assert not (computer.root / "draft.txt").exists()
    await computer.mkdir("Archive")
    e = await computer.move("Reports/final.txt", "Archive")
    assert e.path == "Archive/final.txt"
    assert await computer.read_text("Archive/final.txt") == "v1"


async def test_move_refuses_to_overwrite_unless_asked(computer: Computer) -> None:
    await computer.write_text("a.txt", "a")
    await computer.write_text("b.txt", "b")
    with pytest.raises(PathConflict, match="already exists"):
        await computer.move("a.txt", "b.txt")
    await computer.move("a.txt", "b.txt", overwrite=True)
    assert await computer.read_text("b.txt") == "a"
    assert not await computer.exists("a.txt")


async def test_move_folder_and_not_into_itself(computer: Computer) -> None:
    await computer.write_text("Proj/a.txt", "a")
    await computer.write_text("Proj/sub/b.txt", "b")
    with pytest.raises(PathConflict, match="into itself"):
        await computer.move("Proj", "Proj/sub/deeper")
    e = await computer.move("Proj", "Archive/Proj-2023")
    assert e.is_dir
    assert await computer.read_text("Archive/Proj-2023/sub/b.txt") == "b"


async def test_move_and_copy_refuse_hostile_paths(computer: Computer) -> None:
    await computer.write_text("a.txt", "a")
    with pytest.raises(PathOutsideComputer):
        await computer.move("a.txt", "../a.txt")
    with pytest.raises(PathOutsideComputer):
        await computer.copy("a.txt", ".synthcomp/a.txt")
    with pytest.raises(PathOutsideComputer):
        await computer.move("../../etc/passwd", "p.txt")


async def test_copy_file_keeps_content_and_mtime(computer: Computer) -> None:
    await computer.write_text("budget_v1.xlsx", "numbers", mtime=1_650_000_000)
    e = await computer.copy("budget_v1.xlsx", "budget_v2.xlsx")
    assert e.path == "budget_v2.xlsx"
    assert e.mtime == pytest.approx(1_650_000_000)
    assert await computer.read_text("budget_v2.xlsx") == "numbers"
    assert await computer.read_text("budget_v1.xlsx") == "numbers"
    with pytest.raises(PathConflict):
        await computer.copy("budget_v1.xlsx", "budget_v2.xlsx")
    with pytest.raises(PathConflict, match="onto itself"):
        await computer.copy("budget_v1.xlsx", "budget_v1.xlsx")


async def test_copy_folder(computer: Computer) -> None:
    await computer.write_text("Src/a.txt", "a")
    await computer.write_text("Src/deep/b.txt", "b")
    await computer.mkdir("Dest")
    e = await computer.copy("Src", "Dest")
    assert e.path == "Dest/Src"
    assert await computer.read_text("Dest/Src/deep/b.txt") == "b"
    assert await computer.read_text("Src/deep/b.txt") == "b"
    assert not [n for n in os.listdir(computer.root / "Dest") if n.startswith(".")]


# -- trash -------------------------------------------------------------------------------


async def test_delete_moves_to_trash_and_restores(computer: Computer) -> None:
    await computer.write_text("Documents/old report.docx", "content", mtime=1_600_000_000)
    item = await computer.delete("Documents/old report.docx")
    assert item.original_path == "Documents/old report.docx"
    assert not item.is_dir and item.size == len("content")
    assert not await computer.exists("Documents/old report.docx")
    assert [e.path for e in await computer.list("Documents")] == []
    trash = await computer.list_trash()
    assert [t.trash_id for t in trash] == [item.trash_id]
    assert (computer.root / ".trash").is_dir()

    e = await computer.restore_from_trash(item.trash_id)
    assert e.path == "Documents/old report.docx"
    assert await computer.read_text("Documents/old report.docx") == "content"
    assert e.mtime == pytest.approx(1_600_000_000)
    assert await computer.list_trash() == []


async def test_delete_folder_and_restore_to_another_place(computer: Computer) -> None:
    await computer.write_text("Proj/a.txt", "aa")
    await computer.write_text("Proj/sub/b.txt", "bbb")
    item = await computer.delete("Proj")
    assert item.is_dir and item.size == 5
    assert not await computer.exists("Proj")
    await computer.write_text("Proj/new.txt", "someone made a new one")
    with pytest.raises(PathConflict, match="already exists"):
        await computer.restore_from_trash(item.trash_id)
    e = await computer.restore_from_trash(item.trash_id, to="Restored/Proj")
    assert e.path == "Restored/Proj"
    assert await computer.read_text("Restored/Proj/sub/b.txt") == "bbb"


async def test_same_name_deleted_twice_keeps_both(computer: Computer) -> None:
    await computer.write_text("x.txt", "first")
    first = await computer.delete("x.txt")
    await computer.write_text("x.txt", "second")
    second = await computer.delete("x.txt")
    assert first.trash_id != second.trash_id
    assert len(await computer.list_trash()) == 2
    await computer.restore_from_trash(first.trash_id)
    assert await computer.read_text("x.txt") == "first"


async def test_trash_ids_are_checked(computer: Computer) -> None:
    with pytest.raises(NotFound, match="trash"):
        await computer.restore_from_trash("../../etc/passwd")
    with pytest.raises(NotFound):
        await computer.restore_from_trash("20240101T000000-abcdef")


async def test_delete_refuses_root_internal_and_missing(computer: Computer) -> None:
    with pytest.raises(PathOutsideComputer):
        await computer.delete(".")
    with pytest.raises(PathOutsideComputer):
        await computer.delete(".trash")
    with pytest.raises(NotFound):
        await computer.delete("nothing.txt")


async def test_empty_trash(computer: Computer) -> None:
    await computer.write_text("a.txt", "a")
    await computer.write_text("b/c.txt", "c")
    await computer.delete("a.txt")
    await computer.delete("b")
    assert await computer.empty_trash() == 2
    assert await computer.list_trash() == []


async def test_paths_come_back_in_logical_form_with_volumes(tmp_path: Path) -> None:
    root = tmp_path / "pc"
    c = Computer(root, volumes={"C": "C"})
    e = await c.write_text("C:\\Users\\mforsythe\\Documents\\brief.md", "x")
    assert e.path == "C:/Users/mforsythe/Documents/brief.md"
    assert (root / "C" / "Users" / "mforsythe" / "Documents" / "brief.md").is_file()
    assert [x.path for x in await c.list("C:/Users")] == ["C:/Users/mforsythe"]
    assert [x.path for x in await c.list(".")] == ["C:/"]
    item = await c.delete("C:/Users/mforsythe/Documents/brief.md")
    assert item.original_path == "C:/Users/mforsythe/Documents/brief.md"
    assert c.agent_path("C/Users") == "C:/Users"
    with pytest.raises(PathOutsideComputer):
        await c.write_text("D:/x.txt", "x")


def _make_unaddressable_files(root: Path) -> None:
    with open(os.path.join(os.fsencode(root), b"bad\xff.txt"), "wb") as f:
        f.write(b"not utf-8 name")
    (root / "tab\there.txt").write_text("control character in the name")


async def test_names_no_agent_could_use_are_left_alone(computer: Computer) -> None:
    from tests.computer.conftest import DictBlobs

    _make_unaddressable_files(computer.root)
    await computer.write_text("ok.txt", "fine")
    assert [e.path for e in await computer.list(recursive=True)] == ["ok.txt"]
    assert [e.path for e in await computer.list()] == ["ok.txt"]
    manifest = await computer.snapshot(DictBlobs())
    assert list(manifest.files) == ["ok.txt"]
    assert await computer.search_names("*") == [await computer.info("ok.txt")]

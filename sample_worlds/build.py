"""Build the hand-curated sample worlds from their sources in `_src/`.

    python sample_worlds/build.py                  # rebuild every world in place
    python sample_worlds/build.py --out /tmp/w     # build into another folder
    python sample_worlds/build.py --touch          # only re-apply planned mtimes (after a git checkout)
    python sample_worlds/build.py chemistry_teacher_leeds   # one world

Each world becomes `<out>/<slug>/`: the computer root (files under
`C/Users/<username>/...`), with `.synthcomp/world.json` (a `WorldManifest`: profile,
folders, the file graph and each file's sha256 and size) and `.synthcomp/build.json`
(the library versions and font the bytes were made with).

The build is deterministic: every spec carries its own timestamps, files are written
in the order of the file graph, and world.json is written with a fixed `created_at`
and sorted keys, so the same sources and the same libraries give the same bytes.
PDF and PNG bytes also depend on the TrueType font found on the machine (see
`engine.computer.formats._fonts`); build.json records which one was used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src"

if str(SRC) not in sys.path:  # the sources import their shared shapes as `_kit`
    sys.path.insert(0, str(SRC))

import engine  # noqa: E402
from engine.computer.formats import kind_of, render  # noqa: E402
from engine.computer.formats._fonts import unicode_ttf  # noqa: E402
from engine.schema.plans import (  # noqa: E402
    WORLD_MANIFEST_PATH,
    ArtifactLink,
    ArtifactPlan,
    ArtifactPlanSet,
    FileRecord,
    FolderPlan,
    PlannedFolder,
    WorldManifest,
)
from engine.schema.specs import DeckSpec, DocSpec, EmlSpec, ImageSpec, SheetSpec  # noqa: E402

BUILD_INFO_PATH = ".synthcomp/build.json"
TOOLCHAIN_PACKAGES = ("python-docx", "openpyxl", "python-pptx", "fpdf2", "pillow", "lxml")


# --- loading sources -----------------------------------------------------------------------


def slugs() -> list[str]:
    """Every world with a source, in name order."""
    return sorted(p.stem for p in SRC.glob("*.py") if not p.stem.startswith("_"))


def load_source(slug: str) -> ModuleType:
    path = SRC / f"{slug}.py"
    if not path.is_file():
        raise SystemExit(f"no source for {slug!r}: expected {path}")
    spec = importlib.util.spec_from_file_location(f"sample_world_src_{slug}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if module.WORLD.slug != slug:
        raise SystemExit(f"{path.name} defines world {module.WORLD.slug!r}, not {slug!r}")
    return module


def load_world(slug: str):
    return load_source(slug).WORLD


# --- planning --------------------------------------------------------------------------------


def home_of(world) -> str:
    return world.profile.filesystem.to_disk(world.profile.filesystem.home)


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def folder_plan(world) -> FolderPlan:
    """Every folder that holds a file, with its parents, each with the purpose the source gives."""
    home = home_of(world)
    fs = world.profile.filesystem
    above_home = {
        home.split("/")[0]: (f"The {fs.volumes[0].label} system drive.", "system"),
        "/".join(home.split("/")[:2]): ("Windows user profiles.", "system"),
        home: (f"{world.profile.identity.full_name}'s home folder.", "work"),
    }
    needed: set[str] = set()
    for f in world.files:
        for anc in _ancestors(f"{home}/{f.path}"):
            needed.add(anc)
    described = {f"{home}/{rel}": v for rel, v in world.folders.items()}
    unused = sorted(set(described) - needed)
    if unused:
        raise ValueError(f"{world.slug}: folders described but holding no file: {unused}")
    folders = []
    for path in sorted(needed, key=lambda p: (p.count("/"), p.lower())):
        if path in described:
            purpose, area = described[path]
        elif path in above_home:
            purpose, area = above_home[path]
        else:
            raise ValueError(f"{world.slug}: folder {path!r} holds files but has no purpose")
        folders.append(PlannedFolder(path=path, purpose=purpose, area=area))
    return FolderPlan(folders=folders)


def artifact_plans(world) -> ArtifactPlanSet:
    home = home_of(world)
    user = world.profile.identity.full_name
    plans = []
    for f in world.files:
        kind = kind_of(f.path)
        plans.append(
            ArtifactPlan(
                path=f"{home}/{f.path}",
                kind=kind,
                purpose=f.purpose,
                author=f.author or user,
                created=f.created,
                modified=f.last_modified,
                origin=f.origin,
                projects=list(f.projects),
                entities=list(f.entities),
                links=[ArtifactLink(relation=r, target=f"{home}/{t}") for r, t in f.links],
            )
        )
    plans.sort(key=lambda a: a.path)
    return ArtifactPlanSet(projects=world.projects, artifacts=plans)


# --- rendering -------------------------------------------------------------------------------


def stamped(spec, f):
    """The spec with the file's planned times where the source left them out."""
    created, modified = f.created, f.last_modified
    if isinstance(spec, DocSpec | SheetSpec | DeckSpec):  # PdfSpec is a DocSpec
        update = {}
        if spec.created is None:
            update["created"] = created
        if spec.modified is None:
            update["modified"] = modified
        return spec.model_copy(update=update) if update else spec
    if isinstance(spec, EmlSpec) and spec.date is None:
        return spec.model_copy(update={"date": created})
    if isinstance(spec, ImageSpec) and spec.created is None:
        return spec.model_copy(update={"created": created})
    return spec


FORBIDDEN = ("lorem ipsum", "TBD", "placeholder text", "Insert text here")


def curation_problems(f) -> list[str]:
    """What a hand-curated file must not have: filler words, columns too narrow for their header."""
    problems = []
    dumped = f.spec.model_dump_json(by_alias=True)
    problems += [f"contains {word!r}" for word in FORBIDDEN if word in dumped]
    if isinstance(f.spec, SheetSpec):
        for sheet in f.spec.sheets:
            for col in sheet.columns:
                if col.width is not None and col.width < len(col.header):
                    problems.append(
                        f"sheet {sheet.name!r}: column {col.header!r} is narrower than its header"
                    )
    return problems


def render_file(f, rendered: dict[str, bytes]) -> bytes:
    kind = kind_of(f.path)
    problems = curation_problems(f)
    if problems:
        raise ValueError(f"{f.path}: " + "; ".join(problems))
    spec = stamped(f.spec, f)
    if kind == "eml":
        names = set(spec.attachments)
        if names != set(f.attachments):
            raise ValueError(f"{f.path}: attachments named in the spec and the file differ")
        files = {}
        for name, src in f.attachments.items():
            if src not in rendered:
                raise ValueError(f"{f.path}: attachment {src!r} is not an older planned file")
            files[name] = rendered[src]
        return render(kind, spec, attachments=files)
    return render(kind, spec)


def _epoch(moment: dt.datetime) -> float:
    """A plan's wall-clock time as a file time: naive times are read as UTC, as specs do."""
    return moment.replace(tzinfo=dt.UTC).timestamp()


def toolchain() -> dict[str, str]:
    info = {}
    for pkg in TOOLCHAIN_PACKAGES:
        try:
            info[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            info[pkg] = "absent"
    ttf = unicode_ttf()
    if ttf is None:
        info["font"] = "core"
    else:
        digest = hashlib.sha256(ttf.regular.read_bytes()).hexdigest()
        info["font"] = f"{ttf.regular.name} sha256:{digest[:16]}"
    return info


def manifest_for(world, records: dict[str, FileRecord]) -> WorldManifest:
    return WorldManifest(
        world_id=f"sample-{world.slug}",
        seed=world.seed,
        creator_version=engine.__version__,
        created_at=world.created_at,
        persona=world.persona,
        profile=world.profile,
        folders=folder_plan(world),
        artifacts=artifact_plans(world),
        files=dict(sorted(records.items())),
    )


def build_world(slug: str, out: Path) -> Path:
    """Render one world into `out/<slug>`; returns the world folder."""
    world = load_world(slug)
    home = home_of(world)
    plans = artifact_plans(world)  # validates the graph before anything is written
    folder_plan(world)
    by_path = {f.path: f for f in world.files}
    root = out / slug
    if root.exists() and not (root / WORLD_MANIFEST_PATH).is_file() and any(root.iterdir()):
        raise SystemExit(f"{root} exists and is not a sample world; not replacing it")
    # Build beside the old world and swap at the end, so a failed build leaves the old one intact.
    final, root = root, out / f".{slug}.building"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)

    rendered: dict[str, bytes] = {}
    records: dict[str, FileRecord] = {}
    for plan in plans.topological_order():
        rel = plan.path[len(home) + 1 :]
        f = by_path[rel]
        data = render_file(f, rendered)
        rendered[rel] = data
        target = root / plan.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        t = _epoch(plan.modified)
        os.utime(target, (t, t))
        records[plan.path] = FileRecord(
            status="written", sha256=hashlib.sha256(data).hexdigest(), size=len(data)
        )

    manifest = manifest_for(world, records)
    assert manifest.is_complete()
    state = root / ".synthcomp"
    state.mkdir(exist_ok=True)
    doc = json.loads(manifest.model_dump_json())
    (root / WORLD_MANIFEST_PATH).write_text(
        json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (root / BUILD_INFO_PATH).write_text(
        json.dumps(toolchain(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    touch(root)
    if final.exists():
        shutil.rmtree(final)
    root.rename(final)
    return final


def touch(root: Path) -> int:
    """Set every planned file's mtime from world.json, and each folder's to its newest file."""
    manifest = WorldManifest.model_validate_json((root / WORLD_MANIFEST_PATH).read_text("utf-8"))
    newest: dict[str, float] = {}
    count = 0
    for art in manifest.artifacts.artifacts:
        p = root / art.path
        if not p.is_file():
            continue
        t = _epoch(art.modified)
        os.utime(p, (t, t))
        count += 1
        for anc in _ancestors(art.path):
            newest[anc] = max(newest.get(anc, 0.0), t)
    for folder, t in sorted(newest.items(), key=lambda kv: -kv[0].count("/")):
        if (root / folder).is_dir():
            os.utime(root / folder, (t, t))
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("slugs", nargs="*", help="worlds to build (default: all)")
    ap.add_argument("--out", type=Path, default=HERE, help="folder to build into")
    ap.add_argument("--touch", action="store_true", help="only re-apply planned mtimes")
    args = ap.parse_args(argv)
    for slug in args.slugs or slugs():
        if args.touch:
            n = touch(args.out / slug)
            print(f"{slug}: {n} mtimes set")
            continue
        root = build_world(slug, args.out)
        files = sum(1 for p in root.rglob("*") if p.is_file() and ".synthcomp" not in p.parts)
        print(f"{slug}: {files} files -> {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

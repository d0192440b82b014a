"""Plans for a synthetic computer: its folders, its files and the graph between them.

The paper's joint plan is a project index, a file list and a file graph. Its
public release had broken graphs in a third of its computers and planned paths
that were never written; the validators here exist so ours have neither:

- `FolderPlan` refuses duplicate, orphaned, illegal or implausibly shallow/deep folders.
- `ArtifactPlanSet` refuses links to files that are not planned, cycles, a child
  older than its parent, and (given the folder plan) files outside planned folders.
- `WorldManifest` ties profile, folders, files and per-file write status together
  and checks every cross-reference, so `.synthcomp/world.json` is always coherent.

Paths are relative to the computer's root and use `/`: a Windows user's documents
live under `C/Users/<username>/Documents`, a Mac user's under
`Macintosh HD/Users/<username>/Documents` (see `FilesystemPolicy.to_disk`).

Everything a model fills (`FolderPlan`, `ArtifactPlanSet`) is JSON-schema friendly:
closed objects, `Literal` enums, bounded lists, no recursion.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable, Mapping
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from engine.schema.persona import Persona
from engine.schema.profile import UserProfile

# --- file kinds --------------------------------------------------------------------------

ArtifactKind = Literal[
    "docx",
    "xlsx",
    "pptx",
    "pdf",
    "png",
    "eml",
    "txt",
    "md",
    "rst",
    "csv",
    "tsv",
    "json",
    "jsonl",
    "toml",
    "yaml",
    "py",
    "js",
    "ts",
    "html",
    "css",
    "xml",
    "sql",
    "sh",
    "r",
    "java",
    "c",
    "cpp",
    "go",
    "rs",
    "rb",
    "ini",
    "tex",
]
ARTIFACT_KINDS: tuple[str, ...] = get_args(ArtifactKind)

# Extensions a planned file of each kind may carry, the usual one first. This mirrors
# `engine.computer.formats.kind_of` (a test keeps the two in step) without importing
# the file-format layer into the schema layer.
KIND_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "docx": (".docx",),
    "xlsx": (".xlsx", ".xlsm"),
    "pptx": (".pptx",),
    "pdf": (".pdf",),
    "png": (".png",),
    "eml": (".eml",),
    "txt": (".txt", ".log", ".text"),
    "md": (".md", ".markdown"),
    "rst": (".rst",),
    "csv": (".csv",),
    "tsv": (".tsv",),
    "json": (".json", ".ipynb"),
    "jsonl": (".jsonl", ".ndjson"),
    "toml": (".toml",),
    "yaml": (".yaml", ".yml"),
    "py": (".py",),
    "js": (".js", ".mjs", ".jsx"),
    "ts": (".ts", ".tsx"),
    "html": (".html", ".htm"),
    "css": (".css",),
    "xml": (".xml", ".svg"),
    "sql": (".sql",),
    "sh": (".sh", ".bash"),
    "r": (".r",),
    "java": (".java",),
    "c": (".c", ".h"),
    "cpp": (".cpp", ".hpp"),
    "go": (".go",),
    "rs": (".rs",),
    "rb": (".rb",),
    "ini": (".ini", ".cfg", ".conf", ".env"),
    "tex": (".tex", ".bib"),
}

# The paper's measured mix over 1,000 computers, in percent. Its "others" (6.6 %) is
# spread over the kinds a working disk plausibly holds beyond the named eleven.
KIND_DISTRIBUTION: dict[str, float] = {
    "docx": 34.8,
    "xlsx": 15.8,
    "pdf": 13.9,
    "py": 8.5,
    "txt": 5.9,
    "pptx": 3.3,
    "png": 2.9,
    "json": 2.4,
    "md": 2.3,
    "toml": 1.9,
    "jsonl": 1.7,
    # others: 6.6
    "csv": 2.0,
    "eml": 1.6,
    "yaml": 1.0,
    "html": 0.6,
    "sql": 0.4,
    "sh": 0.4,
    "js": 0.3,
    "ini": 0.3,
}


def blend_kind_weights(
    family_weights: Mapping[str, float] | None = None, strength: float = 0.6
) -> dict[str, float]:
    """The kind mix for one user: the paper's mix, pulled towards their job's.

    `family_weights` are an occupation family's percentages for the kinds where that job
    differs; kinds it does not name follow the paper, and a weight of 0 removes a kind
    outright ("unless the user's job calls for otherwise": a chemistry teacher has no
    `.toml` files however common they are overall). `strength` is how far to move from
    the paper's mix (0 = the paper, 1 = the family). Returns percentages summing to 100.
    """
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"strength must be between 0 and 1, not {strength}")
    base = _normalise(KIND_DISTRIBUTION)
    if not family_weights:
        return {k: v * 100 for k, v in base.items()}
    for kind, weight in family_weights.items():
        if kind not in KIND_EXTENSIONS:
            raise ValueError(f"unknown file kind {kind!r} in kind weights")
        if weight < 0:
            raise ValueError(f"kind weight for {kind!r} is negative")
    full = {
        k: family_weights.get(k, KIND_DISTRIBUTION.get(k, 0.0))
        for k in KIND_DISTRIBUTION.keys() | family_weights.keys()
    }
    fam = _normalise(full)
    blended = {
        k: 0.0
        if family_weights.get(k) == 0
        else (1 - strength) * base.get(k, 0.0) + strength * fam.get(k, 0.0)
        for k in full
    }
    out = _normalise(blended)
    return {k: v * 100 for k, v in sorted(out.items(), key=lambda kv: (-kv[1], kv[0])) if v > 0}


def _normalise(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("kind weights sum to zero")
    return {k: v / total for k, v in weights.items()}


# --- paths -------------------------------------------------------------------------------

MIN_MAX_DEPTH = 3  # the deepest folder must reach at least this many levels
MAX_DEPTH = 7  # and no folder may go deeper
MAX_SEGMENT = 120
MAX_PATH = 400
ENGINE_DIR = ".synthcomp"  # where the engine keeps world.json; never a planned folder

_ILLEGAL = re.compile(r'[<>:"|?*\\\x00-\x1f]')
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def path_problem(path: str) -> str | None:
    """Why `path` is not a legal relative path on every OS we imitate, or None if it is.

    Windows is the strictest host the user's disk pretends to be, so its rules apply
    to all: no `<>:"|?*\\`, no trailing dot or space, no CON/PRN/NUL/COM1... names.
    """
    if not path:
        return "the path is empty"
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return f"{path!r} is absolute; plan paths relative to the computer root, e.g. 'C/Users/...'"
    if len(path) > MAX_PATH:
        return f"{path!r} is longer than {MAX_PATH} characters"
    for seg in path.split("/"):
        if seg in ("", ".", ".."):
            return f"{path!r} has an empty, '.' or '..' segment"
        if len(seg) > MAX_SEGMENT:
            return f"{path!r} has a name longer than {MAX_SEGMENT} characters"
        bad = _ILLEGAL.search(seg)
        if bad:
            return (
                f"{path!r} contains {bad.group()!r}, which is not allowed in a file or folder name"
            )
        if seg != seg.strip() or seg.endswith("."):
            return f"{path!r} has a name that starts or ends with a space, or ends with a dot"
        if seg.split(".")[0].lower() in _RESERVED:
            return f"{path!r} uses the reserved name {seg!r}"
    if path.split("/")[0] == ENGINE_DIR:
        return f"{path!r} is inside {ENGINE_DIR}/, which the engine keeps for itself"
    return None


def _norm_path(value: str) -> str:
    # Models write Windows separators and trailing slashes; neither changes the meaning.
    return value.replace("\\", "/").rstrip("/")


def _parent(path: str) -> str | None:
    return path.rsplit("/", 1)[0] if "/" in path else None


def depth(path: str) -> int:
    """Number of path segments: 'C/Users/ana' is 3 deep."""
    return path.count("/") + 1


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- folders -----------------------------------------------------------------------------

FolderArea = Literal["work", "personal", "archive", "downloads", "system"]


class PlannedFolder(_Closed):
    path: str = Field(
        min_length=1,
        max_length=MAX_PATH,
        description="Path from the computer root with '/' separators, e.g. 'C/Users/mforsythe/Documents/Clients/Hartwell'.",
    )
    purpose: str = Field(min_length=3, max_length=300, description="What the user keeps here.")
    area: FolderArea = Field(
        description="work, personal, archive, downloads or system (OS and program folders)."
    )
    date: dt.date | None = Field(
        default=None,
        description="For dated folders (a year, a month, an event): the date it stands for.",
    )

    @field_validator("path")
    @classmethod
    def _legal(cls, value: str) -> str:
        value = _norm_path(value)
        problem = path_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class FolderPlan(_Closed):
    """The computer's folder hierarchy. Every parent is listed, so the tree is explicit."""

    folders: list[PlannedFolder] = Field(
        min_length=3,
        max_length=300,
        description="Every folder, parents included (list 'C', 'C/Users', 'C/Users/ana' before deeper ones). "
        f"The deepest should be {MIN_MAX_DEPTH} to {MAX_DEPTH} levels.",
    )

    @model_validator(mode="after")
    def _tree(self) -> FolderPlan:
        seen: dict[str, str] = {}
        for folder in self.folders:
            key = folder.path.lower()
            if key in seen:
                raise ValueError(
                    f"folder {folder.path!r} is listed twice"
                    + (
                        f" (as {seen[key]!r}; names differ only in case)"
                        if seen[key] != folder.path
                        else ""
                    )
                )
            seen[key] = folder.path
        paths = {f.path for f in self.folders}
        for folder in self.folders:
            parent = _parent(folder.path)
            if parent is not None and parent not in paths:
                raise ValueError(
                    f"folder {folder.path!r} has no parent {parent!r} in the plan; list every parent folder"
                )
        deepest = max(self.folders, key=lambda f: depth(f.path))
        if depth(deepest.path) < MIN_MAX_DEPTH:
            raise ValueError(
                f"the deepest folder, {deepest.path!r}, is {depth(deepest.path)} levels deep; "
                f"a realistic hierarchy reaches at least {MIN_MAX_DEPTH}"
            )
        too_deep = [f.path for f in self.folders if depth(f.path) > MAX_DEPTH]
        if too_deep:
            raise ValueError(
                f"folder {too_deep[0]!r} is {depth(too_deep[0])} levels deep; the limit is {MAX_DEPTH}"
            )
        return self

    def paths(self) -> set[str]:
        return {f.path for f in self.folders}

    def get(self, path: str) -> PlannedFolder | None:
        return next((f for f in self.folders if f.path == path), None)

    def children(self, path: str) -> list[PlannedFolder]:
        return [f for f in self.folders if _parent(f.path) == path]


def fill_parents(folders: Iterable[PlannedFolder]) -> list[PlannedFolder]:
    """Add any missing parent folders (as containers of their child's area), parents first.

    For planners that think in leaves: a model or the scripted backend can list the folders
    it cares about and let this make the tree explicit before `FolderPlan` checks it.
    """
    by_path: dict[str, PlannedFolder] = {}
    for folder in folders:
        by_path.setdefault(folder.path, folder)
    for folder in list(by_path.values()):
        parent = _parent(folder.path)
        while parent is not None and parent not in by_path:
            by_path[parent] = PlannedFolder(
                path=parent, purpose="container folder", area=folder.area
            )
            parent = _parent(parent)
    return sorted(by_path.values(), key=lambda f: (depth(f.path), f.path))


# --- files and their graph ---------------------------------------------------------------

Origin = Literal["user_created", "web_download", "shared", "system_generated"]
LinkRelation = Literal["derived_from", "version_of", "extracted_from", "references"]


class ArtifactLink(_Closed):
    relation: LinkRelation = Field(
        description="derived_from (built from it), version_of (a later version of it), "
        "extracted_from (an export or excerpt of it, e.g. a PDF of a docx), references (cites or uses it)."
    )
    target: str = Field(
        min_length=1, max_length=MAX_PATH, description="Path of the older file this one links to."
    )

    @field_validator("target")
    @classmethod
    def _norm_target(cls, value: str) -> str:
        return _norm_path(value)


class PlannedProject(_Closed):
    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{1,47}$",
        description="Same id as the profile's project, or a new one for past work.",
    )
    name: str = Field(min_length=3, max_length=120)
    status: Literal["current", "past", "personal"]
    summary: str = Field(default="", max_length=400)


class ArtifactPlan(_Closed):
    path: str = Field(
        min_length=1,
        max_length=MAX_PATH,
        description="File path from the computer root, with its extension.",
    )
    kind: ArtifactKind
    purpose: str = Field(
        min_length=5,
        max_length=600,
        description="What this file is and what is in it, specific enough to write it.",
    )
    author: str = Field(
        min_length=2,
        max_length=120,
        description="Who made it: the user, a collaborator's name, or the publishing organisation for downloads.",
    )
    created: dt.datetime = Field(
        description="When it was created, on the user's clock, e.g. '2024-03-04T09:12:00'."
    )
    modified: dt.datetime = Field(description="Last modification; not before created.")
    origin: Origin
    projects: list[str] = Field(
        default_factory=list, max_length=5, description="Project ids from the plan's project index."
    )
    entities: list[str] = Field(
        default_factory=list, max_length=12, description="Fact-sheet entity ids this file mentions."
    )
    links: list[ArtifactLink] = Field(
        default_factory=list,
        max_length=8,
        description="Edges to older files this one comes from or uses.",
    )

    @field_validator("path")
    @classmethod
    def _clean_path(cls, value: str) -> str:
        return _norm_path(value)

    @field_validator("created", "modified")
    @classmethod
    def _wall_clock(cls, value: dt.datetime) -> dt.datetime:
        # Times are the user's wall clock; an offset a model adds is dropped so that
        # every comparison is between naive times.
        return value.replace(tzinfo=None)

    @model_validator(mode="after")
    def _self_consistent(self) -> ArtifactPlan:
        problem = path_problem(self.path)
        if problem:
            raise ValueError(problem)
        exts = KIND_EXTENSIONS[self.kind]
        if not self.path.lower().endswith(exts):
            raise ValueError(
                f"{self.path!r} is planned as {self.kind} but does not end in {' or '.join(exts)}"
            )
        if self.modified < self.created:
            raise ValueError(
                f"{self.path!r} is modified ({self.modified}) before it was created ({self.created})"
            )
        targets = [(ln.relation, ln.target) for ln in self.links]
        if len(set(targets)) != len(targets):
            raise ValueError(f"{self.path!r} lists the same link twice")
        if any(ln.target == self.path for ln in self.links):
            raise ValueError(f"{self.path!r} links to itself")
        return self


class ArtifactPlanSet(_Closed):
    """The file list and its graph: every link points at a planned, older file, and there are no cycles.

    Validate with `context={"folder_plan": plan}` (or call `check_folders`) to also require
    every file to sit in a planned folder; `WorldManifest` always does.
    """

    projects: list[PlannedProject] = Field(
        min_length=1,
        max_length=30,
        description="The project index: current projects from the profile plus past and personal ones files belong to.",
    )
    artifacts: list[ArtifactPlan] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _graph(self, info: ValidationInfo) -> ArtifactPlanSet:
        project_ids = [p.id for p in self.projects]
        if len(set(project_ids)) != len(project_ids):
            raise ValueError("two projects in the index share an id")
        seen: dict[str, str] = {}
        for art in self.artifacts:
            key = art.path.lower()
            if key in seen:
                raise ValueError(f"file {art.path!r} is planned twice")
            seen[key] = art.path
        by_path = {a.path: a for a in self.artifacts}
        known_projects = set(project_ids)
        for art in self.artifacts:
            unknown = [p for p in art.projects if p not in known_projects]
            if unknown:
                raise ValueError(
                    f"file {art.path!r} belongs to {unknown}, which are not in the project index"
                )
            for link in art.links:
                parent = by_path.get(link.target)
                if parent is None:
                    raise ValueError(
                        f"file {art.path!r} is {link.relation} {link.target!r}, which is not in the file list"
                    )
                if art.created < parent.created:
                    raise ValueError(
                        f"file {art.path!r} (created {art.created:%Y-%m-%d %H:%M}) is {link.relation} "
                        f"{parent.path!r} (created {parent.created:%Y-%m-%d %H:%M}): a file cannot be older than its parent"
                    )
        cycle = _find_cycle(self.artifacts)
        if cycle:
            raise ValueError("the file links form a cycle: " + " -> ".join(cycle))
        context = info.context if isinstance(info.context, Mapping) else None
        if context and context.get("folder_plan") is not None:
            self.check_folders(context["folder_plan"])
        return self

    def check_folders(self, folders: FolderPlan | Iterable[str]) -> None:
        """Raise ValueError unless every file sits directly in a planned folder."""
        planned = folders.paths() if isinstance(folders, FolderPlan) else set(folders)
        for art in self.artifacts:
            parent = _parent(art.path)
            if parent is None or parent not in planned:
                where = (
                    "at the computer root"
                    if parent is None
                    else f"in {parent!r}, which is not a planned folder"
                )
                raise ValueError(f"file {art.path!r} is {where}")
            if art.path in planned:
                raise ValueError(f"{art.path!r} is planned both as a folder and as a file")

    def get(self, path: str) -> ArtifactPlan | None:
        return next((a for a in self.artifacts if a.path == path), None)

    def paths(self) -> set[str]:
        return {a.path for a in self.artifacts}

    def topological_order(self) -> list[ArtifactPlan]:
        """Files in an order where every parent comes before its children.

        Among files that are ready at the same time, the older (then the
        alphabetically first) comes first, so the order is deterministic and
        roughly chronological, as the files were made.
        """
        by_path = {a.path: a for a in self.artifacts}
        waiting = {a.path: len({ln.target for ln in a.links}) for a in self.artifacts}
        children: dict[str, list[str]] = {a.path: [] for a in self.artifacts}
        for art in self.artifacts:
            for target in {ln.target for ln in art.links}:
                children[target].append(art.path)
        ready = [(a.created, a.path) for a in self.artifacts if waiting[a.path] == 0]
        heapq.heapify(ready)
        order: list[ArtifactPlan] = []
        while ready:
            _, path = heapq.heappop(ready)
            order.append(by_path[path])
            for child in children[path]:
                waiting[child] -= 1
                if waiting[child] == 0:
                    heapq.heappush(ready, (by_path[child].created, child))
        # Unreachable after validation; kept for objects built with model_construct.
        if len(order) != len(self.artifacts):
            raise ValueError("the file links form a cycle")
        return order


def _find_cycle(artifacts: list[ArtifactPlan]) -> list[str] | None:
    """One cycle in the link graph as a path list (first node repeated at the end), or None."""
    edges = {a.path: sorted({ln.target for ln in a.links}) for a in artifacts}
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(edges, white)
    for start in sorted(edges):
        if colour[start] != white:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        trail: list[str] = [start]
        colour[start] = grey
        while stack:
            node, i = stack[-1]
            targets = edges.get(node, [])
            if i < len(targets):
                stack[-1] = (node, i + 1)
                nxt = targets[i]
                if nxt not in colour:
                    continue  # a missing target is reported elsewhere
                if colour[nxt] == grey:
                    return [*trail[trail.index(nxt) :], nxt]
                if colour[nxt] == white:
                    colour[nxt] = grey
                    stack.append((nxt, 0))
                    trail.append(nxt)
            else:
                colour[node] = black
                stack.pop()
                trail.pop()
    return None


# --- the world manifest ------------------------------------------------------------------

WORLD_MANIFEST_PATH = f"{ENGINE_DIR}/world.json"
FileStatus = Literal["planned", "written", "failed"]


class FileRecord(_Closed):
    status: FileStatus = "planned"
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    size: int | None = Field(default=None, ge=0)
    error: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> FileRecord:
        if self.status == "written" and (self.sha256 is None or self.size is None):
            raise ValueError("a written file records its sha256 and size")
        if self.status == "failed" and not self.error:
            raise ValueError("a failed file records why it failed")
        return self


class WorldManifest(_Closed):
    """What `.synthcomp/world.json` holds: how a computer was made and what of it exists.

    Every planned file has a record; a world is complete when every record is
    `written`. The validators check that the parts agree with each other: files in
    planned folders, folders on the profile's volumes, entities on the fact sheet,
    the profile's projects in the project index.
    """

    format_version: Literal[1] = 1
    world_id: str | None = None
    seed: int = Field(ge=0)
    creator_version: str = Field(
        min_length=1, description="engine.__version__ of the code that created the world."
    )
    created_at: dt.datetime
    persona: Persona
    profile: UserProfile
    folders: FolderPlan
    artifacts: ArtifactPlanSet
    files: dict[str, FileRecord] = Field(
        default_factory=dict, description="Planned path -> write status."
    )

    @model_validator(mode="after")
    def _agree(self) -> WorldManifest:
        self.artifacts.check_folders(self.folders)
        volume_folders = {v.folder for v in self.profile.filesystem.volumes}
        for folder in self.folders.folders:
            top = folder.path.split("/")[0]
            if top not in volume_folders:
                raise ValueError(
                    f"folder {folder.path!r} is not on any volume of the computer (volumes: {sorted(volume_folders)})"
                )
        fs = self.profile.filesystem
        for name in ("home", "documents", "downloads", "desktop"):
            disk = fs.to_disk(getattr(fs, name))
            if disk not in self.folders.paths():
                raise ValueError(f"the {name} folder {disk!r} is not in the folder plan")
        fact_ids = self.profile.fact_sheet.ids()
        for art in self.artifacts.artifacts:
            unknown = [e for e in art.entities if e not in fact_ids]
            if unknown:
                raise ValueError(
                    f"file {art.path!r} mentions {unknown}, which are not on the fact sheet"
                )
        index = {p.id for p in self.artifacts.projects}
        missing = [p.id for p in self.profile.current_projects if p.id not in index]
        if missing:
            raise ValueError(f"current projects {missing} are missing from the project index")
        planned = self.artifacts.paths()
        stray = sorted(set(self.files) - planned)
        if stray:
            raise ValueError(f"status recorded for {stray[0]!r}, which is not a planned file")
        for path in planned:
            self.files.setdefault(path, FileRecord())
        return self

    def pending(self) -> list[ArtifactPlan]:
        """Planned files not yet written, in the order they should be written."""
        return [
            a for a in self.artifacts.topological_order() if self.files[a.path].status != "written"
        ]

    def is_complete(self) -> bool:
        return all(rec.status == "written" for rec in self.files.values())

    def mark_written(self, path: str, sha256: str, size: int) -> None:
        self._require(path)
        self.files[path] = FileRecord(status="written", sha256=sha256, size=size)

    def mark_failed(self, path: str, error: str) -> None:
        self._require(path)
        self.files[path] = FileRecord(status="failed", error=error)

    def _require(self, path: str) -> None:
        if path not in self.files:
            raise KeyError(f"{path!r} is not a planned file of this world")

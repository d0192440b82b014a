"""Artifact batches in, one coherent file plan out: repaired, never refused.

The artifact stage plans files in batches, each call seeing the files planned
before it (`existing_files`). A batch is asked for as `ArtifactPlanSet` on the
wire, but its links may point at files of earlier batches, which the schema's
own graph check (links only inside the set) would refuse and send back to the
model again and again. So a batch reply is read with `BatchPlanSet`: the same
schema, the same name, every per-file check, but no whole-set check. The
whole-set rules are enforced here, when the batches are merged, by repairing:

- a link to a file that is not planned (yet), a link to a newer file, or a link
  that closes a cycle is dropped;
- a file planned twice, a file where a folder is planned, or a file in a
  folder that cannot be added (off every volume, too deep) is dropped;
- a file in an unplanned folder under a volume gets that folder (and its
  parents) added to the folder plan, as a person makes a subfolder;
- project ids missing from the index are taken from the profile or dropped;
  entity ids missing from the fact sheet are dropped;
- times after the capture moment are pulled back to it.

Before any of that, a batch reply is cleaned file by file (`clean_batch`): a
path written as the user sees it (`C:/Users/...`, backslashes) is put in the
plan's form (`C/Users/...`), a kind that disagrees with the path's extension
takes the extension's kind, times given in the wrong order are swapped,
repeated links and links to the file itself are dropped, and a file that
still fails its own checks is left out, so one bad file does not cost the
whole batch (unless every file fails: then the error goes back to the model).
A folder plan reply is cleaned the same way (`FolderReply`), and its tree is
completed by `normalise_folders` rather than refused.

Each repair is a note in plain words, and counted, so a world says what was
fixed rather than failing over one bad link (the paper's release had broken
graphs in a third of its computers; ours have none, and say why).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from engine.schema import plans
from engine.schema.plans import (
    MAX_DEPTH,
    ArtifactLink,
    ArtifactPlan,
    FolderPlan,
    PlannedFolder,
    PlannedProject,
    depth,
    path_problem,
)
from engine.schema.profile import Project, UserProfile

MAX_NOTES = 200  # notes kept word for word; the counts go on regardless
MAX_PROJECTS = 30  # ArtifactPlanSet's project index limit
MAX_FOLDERS = 300  # FolderPlan's limit


_DRIVE_PATH = re.compile(r"^([A-Za-z]):/*")
_KIND_OF_EXT = {ext: kind for kind, exts in plans.KIND_EXTENSIONS.items() for ext in exts}
MAX_CLEAN_NOTES = 50


def _plan_path(value: Any) -> Any:
    """A path as written by a model, in the plan's form: `/` separators, relative to the
    computer root (`C:/Users/x` -> `C/Users/x`, `/Users/x` -> `Users/x`)."""
    if not isinstance(value, str):
        return value
    path = _DRIVE_PATH.sub(lambda m: m.group(1).upper() + "/", value.replace("\\", "/").strip())
    return path.strip("/")


def _clean_items(
    items: Any,
    fix: Callable[[dict[str, Any], list[str]], dict[str, Any]],
    check: Callable[[dict[str, Any]], object],
    what: str,
    notes: list[str],
) -> Any:
    """Each item fixed, and left out if it still fails `check`; unchanged if all would be."""
    if not isinstance(items, list):
        return items
    kept: list[Any] = []
    dropped: list[str] = []
    fixed_notes: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            kept.append(item)
            continue
        fixed = fix(dict(item), fixed_notes)
        try:
            check(fixed)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ())) or what
            dropped.append(f"{what} {fixed.get('path')!r} left out ({where}: {first.get('msg')})")
            continue
        kept.append(fixed)
    if not kept:
        return items  # nothing would be left: the model hears what is wrong instead
    notes.extend((fixed_notes + dropped)[: MAX_CLEAN_NOTES - len(notes)])
    return kept


def _fix_artifact(item: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    path = _plan_path(item.get("path"))
    if path != item.get("path"):
        notes.append(f"file {item.get('path')!r} written as {path!r}")
        item["path"] = path
    if isinstance(path, str) and "." in path.rsplit("/", 1)[-1]:
        ext = "." + path.rsplit(".", 1)[1].lower()
        kind = _KIND_OF_EXT.get(ext)
        if kind is not None and item.get("kind") != kind:
            notes.append(f"file {path!r} was planned as {item.get('kind')!r}; it is {kind}")
            item["kind"] = kind
    kind = item.get("kind")
    if isinstance(path, str) and kind in plans.KIND_EXTENSIONS:
        exts = plans.KIND_EXTENSIONS[kind]
        if not path.lower().endswith(exts):
            item["path"] = path + exts[0]
            notes.append(f"file {path!r} had no {kind} extension; it is {item['path']!r}")
    created, modified = item.get("created"), item.get("modified")
    if isinstance(created, str) and isinstance(modified, str):
        try:
            backwards = dt.datetime.fromisoformat(modified) < dt.datetime.fromisoformat(created)
        except ValueError:
            backwards = False
        if backwards:
            item["created"], item["modified"] = modified, created
            notes.append(f"file {item['path']!r} was modified before it was created; swapped")
    links = item.get("links")
    if isinstance(links, list):
        seen: set[tuple[Any, Any]] = set()
        kept = []
        for link in links:
            if isinstance(link, dict):
                link = {**link, "target": _plan_path(link.get("target"))}
                key = (link.get("relation"), link.get("target"))
                if key in seen or link.get("target") == item.get("path"):
                    continue
                seen.add(key)
            kept.append(link)
        if len(kept) != len(links):
            notes.append(f"file {item.get('path')!r}: repeated or self links dropped")
        item["links"] = kept
    return item


def _fix_folder(item: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    path = _plan_path(item.get("path"))
    if path != item.get("path"):
        notes.append(f"folder {item.get('path')!r} written as {path!r}")
        item["path"] = path
    return item


def clean_batch(data: Any) -> tuple[Any, list[str]]:
    """A batch reply's files fixed where the fix is mechanical, failing ones left out."""
    if not isinstance(data, dict):
        return data, []
    notes: list[str] = []
    data = {
        **data,
        "artifacts": _clean_items(
            data.get("artifacts"), _fix_artifact, ArtifactPlan.model_validate, "file", notes
        ),
    }
    return data, notes


def clean_folders(data: Any) -> tuple[Any, list[str]]:
    """A folder plan reply's folders fixed where the fix is mechanical, failing ones and
    repeats (in any case) left out."""
    if not isinstance(data, dict):
        return data, []
    notes: list[str] = []
    folders = _clean_items(
        data.get("folders"), _fix_folder, PlannedFolder.model_validate, "folder", notes
    )
    if isinstance(folders, list):
        seen: set[str] = set()
        unique = []
        for folder in folders:
            path = folder.get("path") if isinstance(folder, dict) else None
            if isinstance(path, str):
                key = path.replace("\\", "/").rstrip("/").lower()
                if key in seen:
                    notes.append(f"folder {path!r} was listed twice; the copy was left out")
                    continue
                seen.add(key)
            unique.append(folder)
        folders = unique
    return {**data, "folders": folders}, notes


class ArtifactPlanSet(plans.ArtifactPlanSet):
    __doc__ = plans.ArtifactPlanSet.__doc__  # keeps the JSON schema identical to the real one

    _notes: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _clean_first(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> ArtifactPlanSet:
        cleaned, notes = clean_batch(data)
        value = handler(cleaned)
        value._notes = notes
        return value

    @model_validator(mode="after")
    def _graph(self, info: ValidationInfo) -> ArtifactPlanSet:
        # Overrides the parent's whole-set check: a batch may link to earlier batches.
        return self

    @property
    def notes(self) -> list[str]:
        """What cleaning the reply changed, in words (not kept when the batch is stored)."""
        return list(self._notes)


BatchPlanSet = ArtifactPlanSet
"""One batch reply: on the wire exactly `ArtifactPlanSet`, cleaned and checked per file only."""


def _folder_reply() -> type[FolderPlan]:
    class FolderPlan(plans.FolderPlan):
        __doc__ = plans.FolderPlan.__doc__

        # One usable folder is enough once the repeats and broken paths are left out:
        # `normalise_folders` adds the home folders and every parent.
        folders: list[PlannedFolder] = Field(min_length=1, max_length=MAX_FOLDERS)
        _notes: list[str] = PrivateAttr(default_factory=list)

        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            # What is asked for is exactly `FolderPlan` (at least 3 folders).
            return plans.FolderPlan.model_json_schema(*args, **kwargs)

        @model_validator(mode="wrap")
        @classmethod
        def _clean_first(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> FolderPlan:
            cleaned, notes = clean_folders(data)
            value = handler(cleaned)
            value._notes = notes
            return value

        @model_validator(mode="after")
        def _tree(self) -> FolderPlan:
            # Overrides the parent's tree check: `normalise_folders` completes the tree.
            return self

        @property
        def notes(self) -> list[str]:
            return list(self._notes)

    return FolderPlan


FolderReply = _folder_reply()
"""A folder plan reply: on the wire exactly `FolderPlan`, cleaned and checked per folder;
`normalise_folders` makes it a tree (parents added, repeats and too-deep folders left out)."""


class Repairs(BaseModel):
    """What merging changed, counted by kind, with the first notes in words."""

    dropped_links: int = 0
    dropped_files: int = 0
    added_folders: int = 0
    dropped_refs: int = 0  # unknown project or entity ids removed from files
    clamped_times: int = 0
    surplus_files: int = 0  # files beyond what a batch was asked for
    notes: list[str] = Field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)

    @property
    def total(self) -> int:
        return (
            self.dropped_links
            + self.dropped_files
            + self.added_folders
            + self.dropped_refs
            + self.clamped_times
            + self.surplus_files
        )


class MergeError(ValueError):
    """Nothing usable was planned at all."""


class Merger:
    """Accumulates batch replies into one file plan, repairing as it goes.

    Batches must be added in order; `existing()` is what the next batch is told
    has been planned already.
    """

    def __init__(self, profile: UserProfile, folders: FolderPlan, capture: dt.datetime) -> None:
        self.profile = profile
        self.capture = capture
        self.repairs = Repairs()
        self._folders: dict[str, PlannedFolder] = {f.path: f for f in folders.folders}
        self._folder_keys = {p.lower(): p for p in self._folders}
        self._files: dict[str, ArtifactPlan] = {}
        self._file_keys: set[str] = set()
        self._projects: dict[str, PlannedProject] = {}
        self._fact_ids = profile.fact_sheet.ids()
        self._volumes = {v.folder for v in profile.filesystem.volumes}
        self._profile_projects = {p.id: p for p in profile.current_projects}

    # -- reading the state ----------------------------------------------------------

    def folder_plan(self) -> FolderPlan:
        return FolderPlan(folders=sorted(self._folders.values(), key=_folder_order))

    def existing(self) -> list[dict[str, object]]:
        """The files planned so far, as the next batch's `existing_files`."""
        return [
            {
                "path": a.path,
                "kind": a.kind,
                "created": a.created.isoformat(),
                "modified": a.modified.isoformat(),
                "projects": list(a.projects),
            }
            for a in self._files.values()
        ]

    # -- adding a batch ---------------------------------------------------------------

    def add(
        self, batch: plans.ArtifactPlanSet, count: int, label: str, folders: Sequence[str] = ()
    ) -> None:
        """Merge one batch reply that was asked for `count` files in `folders`.

        A file placed at the computer root or on no volume is filed in one of the
        batch's `folders` (in turn), keeping its name, rather than left out.
        """
        for note in getattr(batch, "notes", ()):
            self.repairs.note(f"{label}: {note}")
        for project in batch.projects:
            if project.id not in self._projects:
                self._projects[project.id] = project
        artifacts = list(batch.artifacts)
        if len(artifacts) > count:
            self.repairs.surplus_files += len(artifacts) - count
            self.repairs.note(
                f"{label} planned {len(artifacts)} files for {count} asked; the last "
                f"{len(artifacts) - count} were left out"
            )
            artifacts = artifacts[:count]
        accepted: list[ArtifactPlan] = []
        for i, art in enumerate(artifacts):
            art = self._refile(art, list(folders), i, label)
            fixed = self._admit(art, label)
            if fixed is not None:
                self._files[fixed.path] = fixed
                self._file_keys.add(fixed.path.lower())
                accepted.append(fixed)
        # Links are checked once the whole batch is in, so a file may link to an older
        # file of its own batch listed after it.
        for art in accepted:
            self._files[art.path] = self._check_links(art, label)
        self._break_cycles(label)

    def _refile(self, art: ArtifactPlan, folders: list[str], i: int, label: str) -> ArtifactPlan:
        parent = art.path.rsplit("/", 1)[0] if "/" in art.path else None
        usable = [f for f in folders if f in self._folders]
        if not usable or (parent is not None and parent.split("/")[0] in self._volumes):
            return art
        home = usable[i % len(usable)]
        path = f"{home}/{art.path.rsplit('/', 1)[-1]}"
        where = "at the computer root" if parent is None else f"in {parent!r}, on no volume"
        self.repairs.note(f"{label}: {art.path!r} was {where}; filed in {home!r}")
        return art.model_copy(update={"path": path})

    def _admit(self, art: ArtifactPlan, label: str) -> ArtifactPlan | None:
        key = art.path.lower()
        if key in self._file_keys:
            renamed = self._rename_repeat(art, label)
            if renamed is None:
                return self._drop(
                    art, f"{label}: {art.path!r} was planned twice; the copy was left out"
                )
            art, key = renamed, renamed.path.lower()
        if key in self._folder_keys:
            return self._drop(art, f"{label}: {art.path!r} is a planned folder, not a file")
        parent = art.path.rsplit("/", 1)[0] if "/" in art.path else None
        if parent is None:
            return self._drop(art, f"{label}: {art.path!r} sits at the computer root")
        update: dict[str, object] = {}
        canonical = self._folder_keys.get(parent.lower())
        if canonical is not None and canonical != parent:
            # The model spelt a planned folder in another case: file it where it belongs.
            path = f"{canonical}/{art.path.rsplit('/', 1)[1]}"
            if path.lower() in self._file_keys:
                return self._drop(art, f"{label}: {art.path!r} was planned twice")
            update["path"] = path
            parent = canonical
        elif parent not in self._folders:
            why = self._add_folder(parent)
            if why:
                return self._drop(art, f"{label}: {art.path!r} left out: {why}")
        projects = []
        for pid in art.projects:
            if pid not in self._projects and pid in self._profile_projects:
                self._projects[pid] = _from_profile(self._profile_projects[pid])
            if pid in self._projects:
                projects.append(pid)
            else:
                self.repairs.dropped_refs += 1
                self.repairs.note(f"{label}: {art.path!r} named unknown project {pid!r}; dropped")
        if projects != art.projects:
            update["projects"] = projects
        entities = [e for e in art.entities if e in self._fact_ids]
        if entities != art.entities:
            gone = [e for e in art.entities if e not in self._fact_ids]
            self.repairs.dropped_refs += len(gone)
            self.repairs.note(f"{label}: {art.path!r} named entities {gone} not on the fact sheet")
            update["entities"] = entities
        if art.modified > self.capture or art.created > self.capture:
            self.repairs.clamped_times += 1
            self.repairs.note(
                f"{label}: {art.path!r} was dated after the capture moment; moved back to it"
            )
            update["created"] = min(art.created, self.capture)
            update["modified"] = min(art.modified, self.capture)
        return art.model_copy(update=update) if update else art

    def _rename_repeat(self, art: ArtifactPlan, label: str) -> ArtifactPlan | None:
        """A second file under a name already planned but planned for something else.

        Small models reuse one name for every file of a batch; what makes the files
        different is their purpose, so the newcomer is named from its purpose's first
        words, in the same folder, in the name's own style (spaces, '_' or '-'). The same
        purpose again is a true repeat: None, and it is left out.
        """
        kept = next((a for a in self._files.values() if a.path.lower() == art.path.lower()), None)
        if kept is None or _same_words(kept.purpose, art.purpose):
            return None
        folder, _, name = art.path.rpartition("/")
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        sep = next((c for c in ("_", "-") if c in stem and " " not in stem), " ")
        words = _words(art.purpose)[:6]
        if not words:
            return None
        base = sep.join(words)
        for n in range(1, 10):
            new_name = base if n == 1 else f"{base} ({n})"
            new_name = f"{new_name}.{ext}" if ext else new_name
            path = f"{folder}/{new_name}" if folder else new_name
            low = path.lower()
            if (
                low not in self._file_keys
                and low not in self._folder_keys
                and not path_problem(path)
            ):
                self.repairs.note(
                    f"{label}: {art.path!r} was planned again for another file; "
                    f"that one is {new_name!r}"
                )
                return art.model_copy(update={"path": path})
        return None

    def _drop(self, art: ArtifactPlan, note: str) -> None:
        self.repairs.dropped_files += 1
        self.repairs.note(note)
        return None

    def _add_folder(self, path: str) -> str | None:
        """Add `path` and its missing parents to the folder plan; why not, if it cannot be."""
        problem = path_problem(path)
        if problem:
            return problem
        if path.split("/")[0] not in self._volumes:
            return f"its folder {path!r} is on no volume of this computer"
        if depth(path) > MAX_DEPTH:
            return f"its folder {path!r} is deeper than {MAX_DEPTH} levels"
        missing: list[str] = []
        cur: str | None = path
        while cur is not None and cur not in self._folders:
            if cur.lower() in self._file_keys:
                return f"{cur!r} is a planned file, so it cannot be a folder"
            if cur.lower() in self._folder_keys:
                return f"{cur!r} differs only in case from a planned folder"
            missing.append(cur)
            cur = cur.rsplit("/", 1)[0] if "/" in cur else None
        if len(self._folders) + len(missing) > MAX_FOLDERS:
            return f"the folder plan is full ({MAX_FOLDERS} folders)"
        area = self._folders[cur].area if cur is not None else "work"
        for new in reversed(missing):
            self._folders[new] = PlannedFolder(
                path=new,
                purpose=f"subfolder the user made under {new.rsplit('/', 1)[0]}",
                area=area,
            )
            self._folder_keys[new.lower()] = new
            self.repairs.added_folders += 1
            self.repairs.note(f"folder {new!r} added: files were planned in it")
        return None

    def _check_links(self, art: ArtifactPlan, label: str) -> ArtifactPlan:
        kept: list[ArtifactLink] = []
        for link in art.links:
            parent = self._files.get(link.target)
            if parent is None:
                why = "which is not a planned file"
            elif parent.created > art.created:
                why = "which is newer than the file itself"
            else:
                kept.append(link)
                continue
            self.repairs.dropped_links += 1
            self.repairs.note(
                f"{label}: link {art.path!r} {link.relation} {link.target!r} dropped, {why}"
            )
        return art if len(kept) == len(art.links) else art.model_copy(update={"links": kept})

    def _break_cycles(self, label: str) -> None:
        # Files created at the same minute can link both ways; drop one edge per cycle.
        while True:
            cycle = plans._find_cycle(list(self._files.values()))
            if not cycle:
                return
            child, target = cycle[-2], cycle[-1]
            art = self._files[child]
            self._files[child] = art.model_copy(
                update={"links": [ln for ln in art.links if ln.target != target]}
            )
            self.repairs.dropped_links += 1
            self.repairs.note(f"{label}: link {child!r} -> {target!r} dropped, it closed a cycle")

    # -- the result ---------------------------------------------------------------------

    def result(self) -> tuple[plans.ArtifactPlanSet, FolderPlan]:
        """The merged file plan (checked as a whole against the folder plan) and the folder plan."""
        if not self._files:
            raise MergeError("the model planned no usable files")
        for proj in self.profile.current_projects:
            if proj.id not in self._projects:
                self._projects[proj.id] = _from_profile(proj)
        projects = self._trim_projects()
        folder_plan = self.folder_plan()
        artifacts = plans.ArtifactPlanSet.model_validate(
            {
                "projects": [p.model_dump(mode="json") for p in projects],
                "artifacts": [a.model_dump(mode="json") for a in self._files.values()],
            },
            context={"folder_plan": folder_plan},
        )
        return artifacts, folder_plan

    def _trim_projects(self) -> list[PlannedProject]:
        projects = list(self._projects.values())
        if len(projects) <= MAX_PROJECTS:
            return projects
        current = {p.id for p in self.profile.current_projects}
        used: dict[str, int] = {}
        for art in self._files.values():
            for pid in art.projects:
                used[pid] = used.get(pid, 0) + 1
        keep_order = sorted(
            projects, key=lambda p: (p.id not in current, -used.get(p.id, 0), p.id)
        )[:MAX_PROJECTS]
        keep = {p.id for p in keep_order}
        for path, art in self._files.items():
            if any(pid not in keep for pid in art.projects):
                self._files[path] = art.model_copy(
                    update={"projects": [p for p in art.projects if p in keep]}
                )
                self.repairs.dropped_refs += 1
        self.repairs.note(f"the project index was cut to {MAX_PROJECTS} projects")
        return [p for p in projects if p.id in keep]


def _from_profile(project: Project) -> PlannedProject:
    return PlannedProject(
        id=project.id,
        name=project.name,
        status="current",
        summary=project.description[:400],
    )


def _folder_order(folder: PlannedFolder) -> tuple[int, str]:
    return (depth(folder.path), folder.path)


def normalise_folders(plan: FolderPlan, profile: UserProfile) -> tuple[FolderPlan, list[str]]:
    """Make a folder plan fit the profile's machine: drop folders on no volume, add home folders.

    The manifest requires every folder on a volume and the home, Documents,
    Downloads and Desktop folders in the plan; a model that forgets one gets it
    added rather than the world refused. Returns the plan and notes on what changed.
    """
    notes: list[str] = list(getattr(plan, "notes", ()))
    volumes = {v.folder for v in profile.filesystem.volumes}
    kept: list[PlannedFolder] = []
    seen: set[str] = set()
    for f in plan.folders:
        if f.path.split("/")[0] not in volumes:
            notes.append(f"folder {f.path!r} is on no volume of this computer; left out")
        elif depth(f.path) > MAX_DEPTH:
            notes.append(f"folder {f.path!r} is deeper than {MAX_DEPTH} levels; left out")
        elif f.path.lower() in seen:
            notes.append(f"folder {f.path!r} was listed twice; the copy was left out")
        else:
            seen.add(f.path.lower())
            kept.append(f)
    fs = profile.filesystem
    present = {f.path for f in kept}
    present_keys = {p.lower() for p in present}
    wanted = [
        (fs.to_disk(fs.home), "system", "the user's home folder"),
        (fs.to_disk(fs.documents), "work", "documents"),
        (fs.to_disk(fs.downloads), "downloads", "downloaded files"),
        (fs.to_disk(fs.desktop), "work", "the desktop"),
    ]
    for path, area, purpose in wanted:
        if path not in present and path.lower() not in present_keys:
            kept.append(PlannedFolder(path=path, purpose=purpose, area=area))  # type: ignore[arg-type]
            present.add(path)
            present_keys.add(path.lower())
            notes.append(f"folder {path!r} added: the profile names it")
    filled = plans.fill_parents(kept)
    added_parents = len(filled) - len(kept)
    if added_parents:
        notes.append(f"{added_parents} missing parent folder(s) added")
    filled = sorted(filled, key=_folder_order)
    if len(filled) > MAX_FOLDERS:
        raise MergeError(f"the folder plan has more than {MAX_FOLDERS} folders")
    try:
        return FolderPlan(folders=filled), notes
    except ValidationError as exc:
        raise MergeError(
            f"the folder plan does not hold together ({exc.errors()[0]['msg']})"
        ) from exc


def merge_batches(
    profile: UserProfile,
    folders: FolderPlan,
    batches: Sequence[tuple[plans.ArtifactPlanSet, int]],
    capture: dt.datetime,
) -> tuple[plans.ArtifactPlanSet, FolderPlan, Repairs]:
    """Merge stored batch replies (each with the count it was asked for) in order."""
    merger = Merger(profile, folders, capture)
    for i, (batch, count) in enumerate(batches):
        merger.add(batch, count, f"batch {i + 1}")
    artifacts, folder_plan = merger.result()
    return artifacts, folder_plan, merger.repairs


def _words(text: str) -> list[str]:
    """The words of a purpose, as a file name may use them (letters and digits only)."""
    return re.findall(r"[A-Za-z0-9]+", text)


def _same_words(a: str, b: str) -> bool:
    """Two purposes that differ only in case or punctuation describe the same file."""
    return [w.lower() for w in _words(a)] == [w.lower() for w in _words(b)]

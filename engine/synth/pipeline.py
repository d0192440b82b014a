"""World creation: persona -> profile -> folders -> file plan -> files on disk.

Each stage is one structured model call (or a few), built by
`engine.synth.prompts`; the engine cannot tell a real model from the scripted
backend. The stages:

1. profile   persona (+ its occupation from the taxonomy) -> `UserProfile`
2. folders   profile -> `FolderPlan`, fitted to the profile's volumes and home folders
3. artifacts the folders in batches of at most 40 files -> one `ArtifactPlanSet`,
             repaired rather than refused (`engine.synth.merge`)
4. files     each planned file -> its content spec -> bytes -> the computer, in
             topological order of the file graph, up to `concurrency` at once

Same seed, same world: every input of every call is derived from the request
(persona, seed, file target, capture date) and from earlier results, never from
wall time or from which file finished first. An interrupted creation (Ctrl-C,
a cancelled task, SIGKILL) leaves its progress on disk (`engine.synth.state`),
and `resume_world` finishes it without remaking the files that are still intact.

    record = await create_world(ws, "A chemistry teacher in Leeds who ...", seed=3, files=60)
    record = await resume_world(ws, record.slug)
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel

# Registers the scripted backend's answers for these stages (its rules read the contexts
# this module builds), so a workspace on the scripted backend can create worlds.
import engine.synth.scripted  # noqa: F401
from engine import __version__
from engine.computer import Computer, formats
from engine.errors import FormatError, ModelError, NotFound, SynthcompError
from engine.llm import LLM, CallContext, ChatMessage
from engine.schema.persona import Persona
from engine.schema.plans import ArtifactPlan, FileRecord, FolderPlan, WorldManifest
from engine.schema.profile import UserProfile
from engine.store import WorldRecord
from engine.synth import prompts
from engine.synth.dag import run_dag
from engine.synth.merge import BatchPlanSet, FolderReply, MergeError, Merger, normalise_folders
from engine.synth.personas import persona_from_text
from engine.synth.profile_repair import ProfileReply
from engine.synth.schedule import (
    MAX_BATCH,
    OccupationHint,
    allocate_files,
    capture_moment,
    clamp_files,
    default_today,
    kind_mix,
    make_batches,
    occupation_hint,
    target_folders,
)
from engine.synth.state import (
    CreationRequest,
    CreationState,
    InvalidWorld,
    Journal,
    StoredBatch,
    load_state,
    manifest_bytes,
    read_manifest,
    save_manifest_bytes,
    save_state,
    sweep_temp_files,
    verify_written,
    world_lock,
)
from engine.synth.world import find_world, unique_slug

if TYPE_CHECKING:
    from engine.workspace import Workspace

__all__ = [
    "Progress",
    "ProgressCallback",
    "StageTimings",
    "WorldCreationFailed",
    "create_world",
    "regenerate_file",
    "resume_world",
]

M = TypeVar("M", bound=BaseModel)
ProgressStage = Literal["profile", "folders", "artifacts", "files", "done"]

PARENT_TEXT_CHARS = 3000  # of each parent's text in a file's prompt: enough to agree with it
SAVE_INTERVAL_S = 0.5  # world.json is saved at most this often while files are written...
SAVE_EVERY_FILES = 10  # ...or after this many files, whichever comes first
MAX_FAILED_IN_META = 50


class Progress(BaseModel):
    """One step of a creation, for a progress bar per stage (CLI) or a live view (TUI)."""

    stage: ProgressStage
    done: int
    total: int
    path: str | None = None
    message: str = ""


ProgressCallback = Callable[[Progress], None]


class WorldCreationFailed(SynthcompError):
    """A stage could not be completed; the world is kept as incomplete and can be resumed."""


@dataclass
class StageTimings:
    """Seconds spent per part of the work, summed over concurrent files (for benchmarks).

    Parts: profile, folders, artifacts (model calls and merging), content (content-spec
    model calls), parents (reading parents' text), render, write (bytes to disk, journal).
    """

    seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def measure(self, part: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - start


# --- the public surface ----------------------------------------------------------------


async def create_world(
    ws: Workspace,
    persona: Persona | str,
    *,
    seed: int | None = None,
    files: int = 150,
    name: str | None = None,
    concurrency: int = 8,
    today: dt.date | None = None,
    on_progress: ProgressCallback | None = None,
    llm: LLM | None = None,
    timings: StageTimings | None = None,
) -> WorldRecord:
    """Create a world in `ws` and return its row (`meta["status"]`: complete or incomplete).

    `seed` defaults to the persona's own seed (sampled personas carry one), else 1.
    `today` is the capture date; by default derived from the seed. `files` is the
    target number of files (at most 500). `llm` overrides the workspace's model.
    Files that could not be made are listed in the row's meta and the manifest;
    `resume_world` retries them. A stage that fails raises `WorldCreationFailed`,
    leaving the world incomplete and resumable.
    """
    if isinstance(persona, str):
        persona = persona_from_text(persona)
    if seed is None:
        seed = persona.seed if persona.seed is not None else 1
    if seed < 0:
        raise ValueError("the seed must not be negative")
    files = clamp_files(files)
    today = today or default_today(seed)
    hint = occupation_hint(persona)
    name = name or _default_name(persona, hint, seed)
    slug = await unique_slug(ws, name)
    root = ws.worlds_dir / slug
    request = CreationRequest(persona=persona, seed=seed, files=files, today=today, name=name)
    state = CreationState(request=request)
    record = await ws.store.worlds.create(
        name,
        slug,
        root,
        occupation=hint.title if hint else "",
        meta=_base_meta(request) | {"status": "creating", "stage": "profile"},
    )
    await asyncio.to_thread(_prepare_root, root, state)
    creator = _Creator(ws, llm or ws.llm(), record, root, state, concurrency, on_progress, timings)
    return await creator.run()


async def resume_world(
    ws: Workspace,
    slug_or_id: str,
    *,
    on_progress: ProgressCallback | None = None,
    concurrency: int = 8,
    llm: LLM | None = None,
    timings: StageTimings | None = None,
) -> WorldRecord:
    """Finish an interrupted or incomplete world: the stages not done, the files not intact.

    Files recorded as written are checked on disk against their sha256; only
    missing or changed ones (and failed ones) are made again.
    """
    record = await find_world(ws, slug_or_id)
    root = Path(record.path)
    if not await asyncio.to_thread(root.is_dir):
        raise InvalidWorld(
            f"The folder of world {record.slug!r} ({root}) is missing; delete the world "
            "and create it again."
        )
    creator = _Creator(ws, llm or ws.llm(), record, root, None, concurrency, on_progress, timings)
    return await creator.run()


async def regenerate_file(
    ws: Workspace,
    slug_or_id: str,
    path: str,
    *,
    llm: LLM | None = None,
    on_progress: ProgressCallback | None = None,
) -> FileRecord:
    """Make one planned file of a world again with the model and return its new record.

    `path` is root-relative (`C/Users/ana/...`) or as agents see it (`C:/Users/ana/...`).
    Only this file is touched: other files that differ from the manifest (a curator's
    edits) are left as they are. With a deterministic model the same bytes come back.
    """
    record = await find_world(ws, slug_or_id)
    root = Path(record.path)
    if not await asyncio.to_thread(root.is_dir):
        raise InvalidWorld(f"The folder of world {record.slug!r} ({root}) is missing.")
    creator = _Creator(ws, llm or ws.llm(), record, root, None, 1, on_progress, None)
    return await creator.regenerate(path)


# --- helpers -----------------------------------------------------------------------------


def _default_name(persona: Persona, hint: OccupationHint | None, seed: int) -> str:
    what = hint.title if hint else " ".join(persona.text.split()[:4]).rstrip(".,;")
    return f"{what} (seed {seed})"


def _base_meta(request: CreationRequest) -> dict[str, Any]:
    return {
        "seed": request.seed,
        "persona": request.persona.model_dump(mode="json", exclude_none=True),
        "request": request.model_dump(mode="json", exclude_none=True),
        "creator_version": __version__,
    }


def _prepare_root(root: Path, state: CreationState) -> None:
    (root / ".synthcomp").mkdir(parents=True, exist_ok=True)
    save_state(root, state)


def _load_for_resume(root: Path, record: WorldRecord) -> tuple[CreationState, WorldManifest | None]:
    """The stored state and manifest of a world, checked against the files on disk (blocking).

    Run under the world's lock: it also clears the temp files of writes a crash cut short.
    """
    sweep_temp_files(root)
    state = load_state(root)
    manifest: WorldManifest | None = None
    if (root / ".synthcomp" / "world.json").exists():
        manifest = read_manifest(root)
        Journal(root).replay(manifest)
        verify_written(root, manifest)
    if state is None:
        state = CreationState(request=_request_from(record, manifest))
    return state, manifest


def _load_one(root: Path, record: WorldRecord) -> tuple[CreationState, WorldManifest]:
    """State and manifest for a one-file job: no check of the other files (blocking)."""
    sweep_temp_files(root)
    manifest = read_manifest(root)
    Journal(root).replay(manifest)
    state = load_state(root) or CreationState(request=_request_from(record, manifest))
    return state, manifest


def _disk_path(manifest: WorldManifest, path: str) -> str:
    """A root-relative path from either spelling: `C/Users/...` or the agents' `C:/Users/...`."""
    clean = path.replace("\\", "/").strip()
    if (len(clean) > 1 and clean[1] == ":") or clean.startswith("/"):
        try:
            return manifest.profile.filesystem.to_disk(clean)
        except ValueError:
            return clean
    return clean.strip("/")


def _request_from(record: WorldRecord, manifest: WorldManifest | None) -> CreationRequest:
    """Rebuild the request of a world whose creation.json is gone (an imported world)."""
    stored = record.meta.get("request")
    if isinstance(stored, dict):
        with contextlib.suppress(ValueError):
            return CreationRequest.model_validate(stored)
    if manifest is None:
        raise InvalidWorld(
            f"The world {record.slug!r} has neither a manifest nor a creation request; "
            "it cannot be resumed. Delete it and create it again."
        )
    return CreationRequest(
        persona=manifest.persona,
        seed=manifest.seed,
        files=len(manifest.files),
        today=manifest.created_at.date(),
        name=record.name,
    )


def _render(kind: str, spec: BaseModel) -> tuple[bytes, str]:
    data = formats.render(kind, spec)
    return data, hashlib.sha256(data).hexdigest()


def _trim(text: str, limit: int = PARENT_TEXT_CHARS) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit - 200)
    return (cut[:space] if space > 0 else cut) + " [...]"


def _make_folders(root: Path, folders: FolderPlan) -> None:
    for folder in folders.folders:
        (root / folder.path).mkdir(parents=True, exist_ok=True)


def _stamp_folders(root: Path, manifest: WorldManifest) -> None:
    """Give planned folders the time of their newest file (or their own date), not today's.

    Writing a file touches its folder; a computer captured in 2025 should not have
    every folder modified on the day it was generated. Deterministic: only planned times.
    """
    latest: dict[str, dt.datetime] = {}
    for art in manifest.artifacts.artifacts:
        if manifest.files[art.path].status != "written":
            continue
        folder = art.path.rsplit("/", 1)[0]
        while True:
            if folder not in latest or art.modified > latest[folder]:
                latest[folder] = art.modified
            if "/" not in folder:
                break
            folder = folder.rsplit("/", 1)[0]
    fallback = min((a.created for a in manifest.artifacts.artifacts), default=manifest.created_at)
    for folder in sorted(manifest.folders.folders, key=lambda f: -f.path.count("/")):
        when = latest.get(folder.path)
        if when is None:
            when = (
                dt.datetime.combine(folder.date, dt.time(9, 0))
                if folder.date is not None
                else fallback
            )
        stamp = when.replace(tzinfo=dt.UTC).timestamp()
        with contextlib.suppress(OSError):
            os.utime(root / folder.path, (stamp, stamp))


def _planned_time(moment: dt.datetime) -> dt.datetime:
    """A planned wall-clock time as written to disk: naive times are stored as UTC.

    So a world's mtimes are the same on every host, whatever its time zone.
    """
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


# --- the creator -------------------------------------------------------------------------


class _Creator:
    """Runs the stages of one world that are not done yet, saving as it goes."""

    def __init__(
        self,
        ws: Workspace,
        llm: LLM,
        record: WorldRecord,
        root: Path,
        state: CreationState | None,
        concurrency: int,
        on_progress: ProgressCallback | None,
        timings: StageTimings | None,
    ) -> None:
        """`state` None means resume: the state is read from disk once the lock is held."""
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.ws = ws
        self.llm = llm
        self.record = record
        self.root = root
        self._given = state
        self.manifest: WorldManifest | None = None
        self.concurrency = concurrency
        self.on_progress = on_progress
        self.timings = timings or StageTimings()
        self.journal = Journal(root)
        self._texts: dict[str, str] = {}
        self._save_lock = asyncio.Lock()
        self._unsaved = 0
        self._last_save = time.monotonic()
        self._done_files = 0

    # -- running ----------------------------------------------------------------------

    def _adopt(self, state: CreationState, manifest: WorldManifest | None) -> None:
        self.state = state
        self.manifest = manifest
        self.request = state.request
        self.capture = capture_moment(self.request.today)
        self.hint = occupation_hint(self.request.persona)

    async def run(self) -> WorldRecord:
        with world_lock(self.root, self.record.slug):
            if self._given is None:
                loaded = await asyncio.to_thread(_load_for_resume, self.root, self.record)
                self._adopt(*loaded)
            else:
                self._adopt(self._given, None)
            try:
                if self._given is None:
                    await self._update_row("creating")
                await self._stages()
            except (asyncio.CancelledError, KeyboardInterrupt):
                self._save_sync()
                await self._settle("incomplete", "interrupted before it finished")
                raise
            except (SynthcompError, MergeError) as exc:
                self._save_sync()
                stage = self.state.stage
                await self._settle("incomplete", f"{stage} stage failed: {exc}")
                why = str(exc).rstrip(". ")
                raise WorldCreationFailed(
                    f"World {self.record.slug!r} stopped at its {stage} stage: {why}. "
                    f"It is kept as incomplete; `synthcomp create --resume {self.record.slug}` "
                    "tries again."
                ) from exc
            except BaseException as exc:
                self._save_sync()
                await self._settle("incomplete", f"internal error: {type(exc).__name__}: {exc}")
                raise
        return await self._settle(None, None)

    async def _stages(self) -> None:
        if self.manifest is None:
            if self.state.profile is None:
                await self._profile_stage()
            if self.state.folders is None:
                await self._folders_stage()
            await self._artifacts_stage()
        await self._files_stage()

    def _progress(self, stage: ProgressStage, done: int, total: int, **kw: Any) -> None:
        if self.on_progress is not None:
            self.on_progress(Progress(stage=stage, done=done, total=total, **kw))

    async def _ask(self, task: str, context: dict[str, Any], output: type[M], purpose: str) -> M:
        messages = prompts.build_messages(task, context)
        ctx = CallContext(purpose=purpose, world_id=self.record.id)
        return await self.llm.structured(messages, output, context=ctx)

    def _common(self) -> dict[str, Any]:
        return {"today": self.request.today, "seed": self.request.seed}

    # -- stages 1-3 ---------------------------------------------------------------------

    async def _profile_stage(self) -> None:
        self.state.stage = "profile"
        self._progress("profile", 0, 1, message="writing the user profile")
        context = {
            "persona": self.request.persona.text,
            "occupation": self.hint.as_context() if self.hint else None,
            **self._common(),
        }
        with self.timings.measure("profile"):
            reply = await self._ask(prompts.profile_task(), context, ProfileReply, "synth.profile")
        profile = reply.as_profile()
        self.state.profile = profile
        self.state.profile_notes = reply.notes
        self.state.stage = "folders"
        await asyncio.to_thread(save_state, self.root, self.state)
        await self._update_row("creating")
        self._progress("profile", 1, 1, message=profile.identity.full_name)

    async def _folders_stage(self) -> None:
        profile = self._profile()
        self._progress("folders", 0, 1, message="planning the folders")
        context = {
            "profile": profile,
            "target_folders": target_folders(self.request.files),
            **self._common(),
        }
        with self.timings.measure("folders"):
            reply = await self._ask(prompts.folders_task(), context, FolderReply, "synth.folders")
            plan, notes = normalise_folders(reply, profile)
        self.state.folders = plan
        self.state.folder_notes = notes
        self.state.stage = "artifacts"
        await asyncio.to_thread(save_state, self.root, self.state)
        await self._update_row("creating")
        self._progress("folders", 1, 1, message=f"{len(plan.folders)} folders")

    async def _artifacts_stage(self) -> None:
        profile = self._profile()
        folders = self.state.folders
        assert folders is not None
        self.state.stage = "artifacts"
        allocation = allocate_files(folders, profile, self.request.files, self.request.seed)
        batches = make_batches(allocation, self._batch_size())
        mix = kind_mix(self.hint.family if self.hint else None)
        merger = Merger(profile, folders, self.capture)
        stored = self.state.batches
        self._progress("artifacts", len(stored), len(batches), message="planning the files")
        with self.timings.measure("artifacts"):
            for batch, kept in zip(batches, stored, strict=False):
                merger.add(kept.plan, kept.count, f"batch {batch.index + 1}", batch.folders)
            for batch in batches[len(stored) :]:
                context = {
                    "profile": profile,
                    "folders": merger.folder_plan(),
                    "batch": batch.as_context(),
                    "existing_files": merger.existing(),
                    "kind_mix": mix,
                    **self._common(),
                }
                reply = await self._ask(
                    prompts.artifacts_task(), context, BatchPlanSet, "synth.artifacts"
                )
                merger.add(reply, batch.count, f"batch {batch.index + 1}", batch.folders)
                stored.append(StoredBatch(count=batch.count, plan=reply))
                await asyncio.to_thread(save_state, self.root, self.state)
                self._progress(
                    "artifacts",
                    len(stored),
                    len(batches),
                    message=f"{len(merger.existing())} files planned",
                )
            artifacts, folder_plan = merger.result()
            try:
                manifest = WorldManifest(
                    world_id=self.record.id,
                    seed=self.request.seed,
                    creator_version=__version__,
                    created_at=self.capture,
                    persona=self.request.persona,
                    profile=profile,
                    folders=folder_plan,
                    artifacts=artifacts,
                    # In plan order, so world.json is the same bytes in every process.
                    files={a.path: FileRecord() for a in artifacts.artifacts},
                )
            except ValueError as exc:
                raise MergeError(f"the merged plan does not hold together ({exc})") from exc
        self.manifest = manifest
        self.state.repairs = merger.repairs
        self.state.folders = folder_plan
        self.state.batches = []  # merged into world.json; the repairs say what changed
        self.state.stage = "files"
        data = manifest_bytes(manifest)
        await asyncio.to_thread(save_manifest_bytes, self.root, data)
        await asyncio.to_thread(save_state, self.root, self.state)
        await self._update_row("creating")

    async def regenerate(self, path: str) -> FileRecord:
        """The one-file run behind `regenerate_file`, under the world's lock."""
        with world_lock(self.root, self.record.slug):
            state, manifest = await asyncio.to_thread(_load_one, self.root, self.record)
            self._adopt(state, manifest)
            rel = _disk_path(manifest, path)
            art = manifest.artifacts.get(rel)
            if art is None:
                raise NotFound(
                    f"{path!r} is not a planned file of world {self.record.slug!r}; "
                    "only planned files can be made again."
                )
            computer = Computer(self.root, volumes=manifest.profile.filesystem.drive_volumes())
            manifest.files[rel] = FileRecord()
            self._texts.clear()
            try:
                await self._make_file(computer, art)
            finally:
                await self._save(force=True)
                await asyncio.to_thread(self.journal.clear)
            await asyncio.to_thread(_stamp_folders, self.root, manifest)
            await self._settle(None, None)
            return manifest.files[rel]

    def _batch_size(self) -> int:
        """Files per artifact call: `MAX_BATCH`, or fewer when the model is asked for at most
        a few items per list (a small model's `SchemaBudget`): one call could not plan more."""
        budget = getattr(self.llm.profile, "budget", None)
        return min(MAX_BATCH, budget.items) if budget is not None else MAX_BATCH

    def _profile(self) -> UserProfile:
        if self.state.profile is not None:
            return self.state.profile
        if self.manifest is not None:
            return self.manifest.profile
        raise AssertionError("the profile stage has not run")

    # -- stage 4: files -----------------------------------------------------------------

    async def _files_stage(self) -> None:
        manifest = self.manifest
        assert manifest is not None
        self.state.stage = "files"
        profile = manifest.profile
        await asyncio.to_thread(_make_folders, self.root, manifest.folders)
        computer = Computer(self.root, volumes=profile.filesystem.drive_volumes())
        by_path = {a.path: a for a in manifest.artifacts.artifacts}
        pending = [a.path for a in manifest.pending()]
        total = len(manifest.files)
        self._done_files = total - len(pending)
        self._progress("files", self._done_files, total, message="writing files")

        async def make(path: str) -> None:
            await self._make_file(computer, by_path[path])

        await run_dag(
            pending,
            lambda p: [ln.target for ln in by_path[p].links],
            make,
            limit=self.concurrency,
        )
        await self._save(force=True)
        await asyncio.to_thread(_stamp_folders, self.root, manifest)
        await asyncio.to_thread(self.journal.clear)
        self.state.stage = "done" if manifest.is_complete() else "files"
        await asyncio.to_thread(save_state, self.root, self.state)
        self._progress(
            "done",
            sum(r.status == "written" for r in manifest.files.values()),
            total,
            message="complete" if manifest.is_complete() else "some files failed",
        )

    async def _make_file(self, computer: Computer, art: ArtifactPlan) -> None:
        manifest = self.manifest
        assert manifest is not None
        kind = art.kind
        purpose = f"synth.content.{kind}"
        spec_model = formats.spec_type(kind)
        with self.timings.measure("parents"):
            parents = await self._parents(art)
        fact_sheet = manifest.profile.fact_sheet
        context = {
            "profile": manifest.profile,
            "artifact": art,
            "entities": [e for e in (fact_sheet.get(i) for i in art.entities) if e is not None],
            "parents": parents,
            **self._common(),
        }
        messages = prompts.build_messages(prompts.content_task(kind), context)
        call = CallContext(purpose=purpose, world_id=self.record.id)
        try:
            with self.timings.measure("content"):
                done = await self.llm.structured_call(messages, spec_model, context=call)
            spec = done.value
            try:
                with self.timings.measure("render"):
                    data, sha = await asyncio.to_thread(_render, kind, spec)
            except FormatError as err:
                repair = [
                    *messages,
                    ChatMessage.assistant(spec.model_dump_json(exclude_none=True)),
                    ChatMessage.user(
                        f"The {kind} file could not be written from that spec: {err}\n"
                        f"Reply again with one corrected {spec_model.__name__} JSON object."
                    ),
                ]
                with self.timings.measure("content"):
                    spec = await self.llm.structured(
                        repair, spec_model, context=call.at(done.result.next_call_idx)
                    )
                with self.timings.measure("render"):
                    data, sha = await asyncio.to_thread(_render, kind, spec)
        except (ModelError, FormatError) as err:
            await self._finish(art.path, FileRecord(status="failed", error=str(err)))
            return
        with self.timings.measure("write"):
            await computer.write_bytes(art.path, data, mtime=_planned_time(art.modified))
            record = FileRecord(status="written", sha256=sha, size=len(data))
            await self._finish(art.path, record)

    async def _parents(self, art: ArtifactPlan) -> list[dict[str, Any]]:
        """The files `art` links to, with their text (trimmed), as the content stage's `parents`."""
        manifest = self.manifest
        assert manifest is not None
        out: list[dict[str, Any]] = []
        for link in art.links:
            parent = manifest.artifacts.get(link.target)
            if parent is None:
                continue
            text = self._texts.get(parent.path)
            if text is None:
                text = ""
                if manifest.files[parent.path].status == "written":
                    found = await asyncio.to_thread(
                        formats.extract, self.root / parent.path, max_chars=PARENT_TEXT_CHARS * 2
                    )
                    text = _trim(found.text)
                self._texts[parent.path] = text
            out.append(
                {
                    "path": parent.path,
                    "kind": parent.kind,
                    "relation": link.relation,
                    "author": parent.author,
                    "created": parent.created.isoformat(),
                    "text": text,
                }
            )
        return out

    async def _finish(self, path: str, record: FileRecord) -> None:
        manifest = self.manifest
        assert manifest is not None
        manifest.files[path] = record
        await asyncio.to_thread(self.journal.append, path, record)
        self._done_files += 1
        self._unsaved += 1
        self._progress(
            "files",
            self._done_files,
            len(manifest.files),
            path=path,
            message=record.status if record.status == "written" else f"failed: {record.error}",
        )
        await self._save()

    # -- saving -------------------------------------------------------------------------

    async def _save(self, *, force: bool = False) -> None:
        """Save world.json if forced, or if enough files or time passed since the last save."""
        if self.manifest is None:
            return
        due = self._unsaved >= SAVE_EVERY_FILES or (
            self._unsaved and time.monotonic() - self._last_save >= SAVE_INTERVAL_S
        )
        if not (force or due) or (self._save_lock.locked() and not force):
            return
        async with self._save_lock:
            data = manifest_bytes(self.manifest)
            self._unsaved = 0
            self._last_save = time.monotonic()
            await asyncio.to_thread(save_manifest_bytes, self.root, data)

    def _save_sync(self) -> None:
        """Last-chance save on interruption: plain blocking writes, no awaiting."""
        with contextlib.suppress(OSError):
            if self.manifest is not None:
                save_manifest_bytes(self.root, manifest_bytes(self.manifest))
            save_state(self.root, self.state)

    # -- the store row ------------------------------------------------------------------

    def _meta(self, status: str, error: str | None) -> dict[str, Any]:
        meta = dict(self.record.meta) | _base_meta(self.request)
        meta["status"] = status
        meta["stage"] = self.state.stage
        meta["error"] = error
        profile = self.state.profile or (self.manifest.profile if self.manifest else None)
        if profile is not None:
            meta["owner"] = profile.identity.full_name
            meta["role"] = profile.identity.role
            meta["organization"] = profile.identity.organization
        folders = self.manifest.folders if self.manifest else self.state.folders
        if folders is not None:
            meta["folders"] = len(folders.folders)
        files: dict[str, int] = {"target": self.request.files}
        if self.manifest is not None:
            records = self.manifest.files
            files |= {
                "planned": len(records),
                "written": sum(r.status == "written" for r in records.values()),
                "failed": sum(r.status == "failed" for r in records.values()),
            }
            meta["failed"] = [
                {"path": p, "error": r.error}
                for p, r in sorted(records.items())
                if r.status == "failed"
            ][:MAX_FAILED_IN_META]
        meta["files"] = files
        repairs = self.state.repairs
        meta["repairs"] = repairs.model_dump(exclude={"notes"}) | {
            "folder_notes": len(self.state.folder_notes),
            "profile_notes": len(self.state.profile_notes),
        }
        return meta

    async def _update_row(self, status: str, error: str | None = None) -> WorldRecord:
        occupation = self.record.occupation
        if not occupation and self.state.profile is not None:
            occupation = self.state.profile.identity.role
        self.record = await self.ws.store.worlds.update(
            self.record.id, meta=self._meta(status, error), occupation=occupation
        )
        return self.record

    async def _settle(self, status: str | None, error: str | None) -> WorldRecord:
        """Write the final status to the row; never masks the exception being raised."""
        if status is None:
            complete = self.manifest is not None and self.manifest.is_complete()
            status = "complete" if complete else "incomplete"
        try:
            return await self._update_row(status, error)
        except Exception:
            if error is None:
                raise
            return self.record

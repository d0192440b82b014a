"""A workspace: one folder holding `workspace.db`, `worlds/` and `runs/`.

`Workspace` is the engine's front door. The TUI, the CLI and the tests open one
and reach everything else through it, so there is a single place that knows
where files live and which model answers.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from engine.config import Settings
from engine.errors import StoreError
from engine.store import Store

if TYPE_CHECKING:
    from engine.llm import LLM
    from engine.sim.controller import RunController
    from engine.sim.options import RunOptions

DB_NAME = "workspace.db"


class Workspace:
    def __init__(self, root: Path, store: Store, settings: Settings) -> None:
        self.root = root
        self.store = store
        self.settings = settings
        self._llm: LLM | None = None

    @property
    def worlds_dir(self) -> Path:
        return self.root / "worlds"

    @property
    def runs_dir(self) -> Path:
        return self.root / "runs"

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @classmethod
    async def open(
        cls, path: Path | str | None = None, settings: Settings | None = None
    ) -> Workspace:
        """Open (creating if needed) the workspace at `path`, or the settings' default."""
        settings = settings or Settings.resolve()
        root = Path(path) if path is not None else settings.workspace
        root = root.expanduser()
        if root.exists() and not root.is_dir():
            raise StoreError(
                f"the workspace path {root} is a file, not a folder; pass --workspace DIR"
            )
        try:
            for d in (root, root / "worlds", root / "runs"):
                d.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the workspace folder {root}: {exc.strerror}") from exc
        store = await Store.open(root / DB_NAME)
        return cls(root, store, settings)

    def llm(self) -> LLM:
        """The model client for this workspace, created on first use; every call is recorded."""
        if self._llm is None:
            from engine.llm import make_llm

            self._llm = make_llm(self.settings.model, call_log=self.store.model_calls)
        return self._llm

    # -- runs (engine/sim/runs.py) ---------------------------------------------------

    async def start_run(
        self, world: str, options: RunOptions | None = None, **kwargs: Any
    ) -> RunController:
        """A new run of a world (slug, id or world folder), objectives set, not yet started."""
        from engine.sim.runs import start_run

        return await start_run(self, world, options, **kwargs)

    async def resume_run(self, run_id: str, **kwargs: Any) -> RunController:
        """An existing run, its files restored to its last stored turn (after a crash or stop)."""
        from engine.sim.runs import resume_run

        return await resume_run(self, run_id, **kwargs)

    async def fork_run(self, run_id: str, at_seq: int, **kwargs: Any) -> RunController:
        """A new run branching from `run_id` at `at_seq` (a turn boundary at or before it)."""
        from engine.sim.runs import fork_run

        return await fork_run(self, run_id, at_seq, **kwargs)

    async def close(self) -> None:
        if self._llm is not None:
            await self._llm.aclose()
            self._llm = None
        await self.store.close()

    async def __aenter__(self) -> Workspace:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

"""`synthcomp doctor`: what this machine and workspace look like, checked for real.

Each check reports instead of raising, so one broken part (a corrupt database,
an unreachable model) never hides the state of the others.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from engine import __version__
from engine.config import Settings
from engine.errors import SynthcompError

Status = Literal["ok", "warn", "fail"]


class Check(BaseModel):
    name: str
    status: Status
    detail: str


class DoctorReport(BaseModel):
    version: str
    python: str
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)


def _libreoffice_version(exe: str) -> str:
    try:
        out = subprocess.run(
            [exe, "--headless", "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"present at {exe} but did not answer ({exc.__class__.__name__})"
    first = (out.stdout or out.stderr).strip().splitlines()
    return f"{first[0] if first else 'unknown version'} ({exe})"


async def check_libreoffice() -> Check:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return Check(
            name="LibreOffice",
            status="warn",
            detail="not found; install libreoffice-writer-nogui, -calc-nogui, -impress-nogui "
            "to check files in it",
        )
    return Check(
        name="LibreOffice", status="ok", detail=await asyncio.to_thread(_libreoffice_version, exe)
    )


async def check_workspace(settings: Settings) -> tuple[list[Check], object | None]:
    """Open the workspace; return the checks and the open workspace (or None)."""
    from engine.workspace import Workspace

    root: Path = settings.workspace
    checks = [Check(name="workspace", status="ok", detail=str(root))]
    try:
        ws = await Workspace.open(root, settings)
    except SynthcompError as exc:
        checks.append(Check(name="database", status="fail", detail=str(exc)))
        return checks, None
    worlds = await ws.store.worlds.list()
    runs = await ws.store.runs.list()
    checks.append(
        Check(
            name="database",
            status="ok",
            detail=f"{ws.db_path.name}: schema version {ws.store.schema_version}, "
            f"integrity ok, {len(worlds)} worlds, {len(runs)} runs",
        )
    )
    return checks, ws


async def check_model(ws: object) -> Check:
    from engine.llm import ping
    from engine.workspace import Workspace

    assert isinstance(ws, Workspace)
    ms = ws.settings.model
    label = f"{ms.backend} backend, model {ms.model}"
    try:
        llm = ws.llm()  # the local backend starts its server here
        where = f" at {llm.where}" if ms.base_url or ms.backend == "local" else ""
        label = f"{ms.backend} backend, model {llm.model}{where}"
        answer = await ping(llm)
    except SynthcompError as exc:
        return Check(name="model", status="fail", detail=f"{label}: {exc}")
    profile = (
        f", {llm.profile.name} server profile" if ms.backend != "scripted" and llm.profile else ""
    )
    return Check(name="model", status="ok", detail=f"{label}: answers ({answer}{profile})")


def check_local(settings: Settings) -> Check:
    """Can the local backend start, with which GGUF (and its size), and if not, why not."""
    from engine.llm.local import local_status

    status = local_status(settings.model)
    if status.available:
        return Check(name="local model", status="ok", detail=status.describe())
    bad = "fail" if settings.model.backend == "local" else "warn"
    return Check(name="local model", status=bad, detail=status.describe())


async def run_doctor(settings: Settings) -> DoctorReport:
    checks, ws = await check_workspace(settings)
    try:
        if ws is not None:
            checks.append(await check_model(ws))
        else:
            checks.append(Check(name="model", status="warn", detail="not checked: no workspace"))
        checks.append(check_local(settings))
    finally:
        if ws is not None:
            await ws.close()  # type: ignore[attr-defined]
    checks.append(await check_libreoffice())
    return DoctorReport(version=__version__, python=sys.version.split()[0], checks=checks)

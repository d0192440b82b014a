"""Open files in a real LibreOffice, headless, to prove they are not corrupt.

The import filter is always forced: without it LibreOffice opens junk bytes as
plain text and reports success. Conversion to PDF is the proof the file opened;
converting xlsx to csv lets a test read the values LibreOffice computed for our
formulas.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

INFILTERS = {
    ".docx": "MS Word 2007 XML",
    ".xlsx": "Calc MS Excel 2007 XML",
    ".pptx": "Impress MS PowerPoint 2007 XML",
    ".pdf": "draw_pdf_import",
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed here; .ci/run installs it")
    return exe


def convert(
    src: Path, out_dir: Path, to: str = "pdf", *, profile_dir: Path, timeout: float = 180
) -> Path:
    """Convert `src` with its kind's import filter forced; return the output path.

    Raises AssertionError with LibreOffice's own output when nothing was written.
    """
    exe = require_soffice()
    infilter = INFILTERS[src.suffix.lower()]
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        exe,
        f"-env:UserInstallation=file://{profile_dir}",
        "--headless",
        "--norestore",
        f"--infilter={infilter}",
        "--convert-to",
        to,
        "--outdir",
        str(out_dir),
        str(src),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    ext = to.split(":", 1)[0]
    out = out_dir / f"{src.stem}.{ext}"
    assert out.exists() and out.stat().st_size > 0, (
        f"LibreOffice could not open {src.name}: rc={proc.returncode}\n"
        f"stdout: {proc.stdout}\nstderr: {proc.stderr}"
    )
    return out


def convert_many(
    srcs: list[Path], out_dir: Path, to: str = "pdf", *, profile_dir: Path, timeout: float = 600
) -> dict[Path, Path]:
    """Convert several files of one kind in one LibreOffice start (starting it costs seconds)."""
    exe = require_soffice()
    by_filter: dict[str, list[Path]] = {}
    for s in srcs:
        by_filter.setdefault(INFILTERS[s.suffix.lower()], []).append(s)
    out_dir.mkdir(parents=True, exist_ok=True)
    ext = to.split(":", 1)[0]
    result: dict[Path, Path] = {}
    for infilter, group in by_filter.items():
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--norestore",
            f"--infilter={infilter}",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            *map(str, group),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        for s in group:
            out = out_dir / f"{s.stem}.{ext}"
            assert out.exists() and out.stat().st_size > 0, (
                f"LibreOffice could not open {s.name}: rc={proc.returncode}\n"
                f"stdout: {proc.stdout}\nstderr: {proc.stderr}"
            )
            result[s] = out
    return result

"""Every office file and PDF of a created world opens in a real LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.synth.pipeline import create_world
from tests.support.libreoffice import INFILTERS, convert_many, require_soffice
from tests.synth.test_pipeline_support import PERSONA, manifest_of, open_ws


@pytest.mark.libreoffice
async def test_created_office_files_open_in_libreoffice(tmp_path: Path, lo_profile: Path) -> None:
    require_soffice()
    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, PERSONA, seed=8, files=40)
    manifest = manifest_of(record)
    root = Path(record.path)
    office = sorted(
        root / path
        for path, rec in manifest.files.items()
        if rec.status == "written" and Path(path).suffix.lower() in INFILTERS
    )
    assert office, "the world has no docx, xlsx, pptx or pdf file to open"
    converted = convert_many(office, tmp_path / "converted", profile_dir=lo_profile)
    assert set(converted) == set(office)

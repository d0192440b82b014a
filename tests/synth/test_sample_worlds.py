"""The hand-curated sample worlds in `sample_worlds/`: coherent, committed as built, reproducible.

Each world folder holds the computer (files under `C/Users/<username>/`) and
`.synthcomp/world.json`. These tests check that

- every world.json validates as a `WorldManifest`, is complete, and looks like a real disk
  (file count, kind mix, depth, date span, version chains, an export);
- the committed files are exactly the planned files, with the recorded sha256 and size;
- building the sources again gives the same bytes (see `test_build_is_reproducible` for the
  one allowance: a different toolchain or font);
- facts agree across files, computed from the files themselves (a workbook's total is the
  figure a letter quotes; a CSV's rates are what the readout says; the world's own analysis
  scripts reproduce their committed output);
- every Office and PDF file opens in LibreOffice, and its spreadsheet formulas compute
  without errors and to the figures the documents quote.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from engine.computer.formats import extract, kind_of
from engine.schema.plans import WORLD_MANIFEST_PATH, WorldManifest
from tests.support.libreoffice import convert_many, require_soffice

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_worlds"
WORLDS = sorted(p.name for p in SAMPLES.iterdir() if (p / WORLD_MANIFEST_PATH).is_file())
OFFICE_KINDS = {"docx", "xlsx", "pptx", "pdf"}
# Kinds whose bytes come from a third-party writer (python-docx, openpyxl, python-pptx, fpdf2,
# Pillow) or depend on the machine's TrueType font; everything else is written by the standard
# library and must always be byte-identical.
LIBRARY_KINDS = {"docx", "xlsx", "pptx", "pdf", "png"}
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _load_build():
    spec = importlib.util.spec_from_file_location("sample_worlds_build", SAMPLES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def manifest(world: str) -> WorldManifest:
    return WorldManifest.model_validate_json(
        (SAMPLES / world / WORLD_MANIFEST_PATH).read_text("utf-8")
    )


def home(world: str) -> Path:
    m = manifest(world)
    return SAMPLES / world / m.profile.filesystem.to_disk(m.profile.filesystem.home)


def text(world: str, rel: str) -> str:
    result = extract(home(world) / rel)
    assert result.error is None, f"{rel}: {result.error}"
    return result.text


def squash(s: str) -> str:
    """Text with runs of whitespace (line wraps in PDFs) made single spaces."""
    return " ".join(s.split())


def sheet_rows(world: str, rel: str, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(home(world) / rel, read_only=True, data_only=False)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def csv_rows(world: str, rel: str) -> list[dict[str, str]]:
    with open(home(world) / rel, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def epoch(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.UTC).timestamp()


# ---------------------------------------------------------------------------------------------
# The worlds are there, valid and varied
# ---------------------------------------------------------------------------------------------


def test_there_are_at_least_three_varied_worlds() -> None:
    assert len(WORLDS) >= 3
    assert set(WORLDS) == set(build.slugs()), "every source has a built world and vice versa"
    families = {manifest(w).persona.occupation_family for w in WORLDS}
    assert len(families) == len(WORLDS), "each world is a different occupation family"


@pytest.mark.parametrize("world", WORLDS)
def test_world_json_is_a_complete_manifest(world: str) -> None:
    m = manifest(world)
    assert m.is_complete()
    assert m.world_id == f"sample-{world}"
    assert m.profile.filesystem.os == "windows"
    assert m.profile.filesystem.home == f"C:/Users/{m.profile.identity.username}"
    # The graph is a DAG whose order the engine can write in.
    assert len(m.artifacts.topological_order()) == len(m.artifacts.artifacts)


@pytest.mark.parametrize("world", WORLDS)
def test_world_looks_like_a_real_disk(world: str) -> None:
    m = manifest(world)
    arts = m.artifacts.artifacts
    assert 30 <= len(arts) <= 45
    kinds = Counter(a.kind for a in arts)
    assert kinds["docx"] >= 8 and kinds["xlsx"] >= 5 and kinds["pdf"] >= 3
    assert 2 <= kinds["pptx"] <= 4
    others = set(kinds) - OFFICE_KINDS
    assert len(others) >= 3, f"a few non-Office kinds, got {sorted(others)}"
    depths = [a.path.count("/") for a in arts]  # depth of the folder holding the file
    assert min(depths) >= 4 and max(depths) == 7
    created = [a.created for a in arts]
    span = max(a.modified for a in arts) - min(created)
    assert dt.timedelta(days=365) <= span <= dt.timedelta(days=3 * 366)
    relations = Counter(link.relation for a in arts for link in a.links)
    assert relations["version_of"] >= 2 and relations["extracted_from"] >= 1
    exports = [
        a for a in arts for link in a.links if link.relation == "extracted_from" and a.kind == "pdf"
    ]
    assert any(m.artifacts.get(link.target).kind == "docx" for a in exports for link in a.links)
    names = [a.path.rsplit("/", 1)[1] for a in arts]
    assert any(re.search(r"_v\d|\bv\d\b", n) for n in names) and any("FINAL" in n for n in names)
    origins = Counter(a.origin for a in arts)
    assert (
        origins["user_created"] > len(arts) / 2 and origins["web_download"] + origins["shared"] >= 4
    )


# ---------------------------------------------------------------------------------------------
# Committed files agree with the manifest
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("world", WORLDS)
def test_every_planned_file_exists_with_its_recorded_hash(world: str) -> None:
    m = manifest(world)
    root = SAMPLES / world
    for art in m.artifacts.artifacts:
        path = root / art.path
        assert path.is_file(), f"{art.path} is planned but missing"
        data = path.read_bytes()
        rec = m.files[art.path]
        assert rec.status == "written"
        assert rec.size == len(data), f"{art.path}: size differs from world.json"
        assert rec.sha256 == hashlib.sha256(data).hexdigest(), (
            f"{art.path}: sha256 differs from world.json"
        )
        assert kind_of(path) == art.kind
    on_disk = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] != ".synthcomp"
    }
    assert on_disk == m.artifacts.paths(), "files on disk that the manifest does not plan"


@pytest.mark.parametrize("world", WORLDS)
def test_every_file_reads_as_text(world: str) -> None:
    for art in manifest(world).artifacts.artifacts:
        result = extract(SAMPLES / world / art.path)
        assert result.error is None, f"{art.path}: {result.error}"
        assert len(result.text) > 40, f"{art.path} has almost no text"
        assert "lorem ipsum" not in result.text.lower() and "TBD" not in result.text


# ---------------------------------------------------------------------------------------------
# The build is reproducible
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rebuilt")
    for world in WORLDS:
        build.build_world(world, out)
    return out


def _without(doc: dict, *, hashes: bool) -> dict:
    doc = dict(doc)
    doc.pop("creator_version")
    if not hashes:
        doc["files"] = {k: {"status": v["status"]} for k, v in doc["files"].items()}
    return doc


@pytest.mark.slow
@pytest.mark.parametrize("world", WORLDS)
def test_build_is_reproducible(world: str, rebuilt: Path) -> None:
    """Same sources, same bytes.

    The one allowance: docx/xlsx/pptx/pdf/png bytes are made by third-party writers, and PDF
    and PNG bytes also depend on the TrueType font found on the machine. When the toolchain
    recorded in `.synthcomp/build.json` differs from this machine's, those kinds are compared
    by their extracted text instead. With the recorded toolchain every byte must match.
    """
    committed, fresh = SAMPLES / world, rebuilt / world
    recorded = json.loads((committed / build.BUILD_INFO_PATH).read_text("utf-8"))
    same_toolchain = recorded == build.toolchain()
    for art in manifest(world).artifacts.artifacts:
        a, b = (committed / art.path).read_bytes(), (fresh / art.path).read_bytes()
        if a == b:
            continue
        assert art.kind in LIBRARY_KINDS and not same_toolchain, (
            f"{art.path} rebuilt to different bytes (toolchain {'unchanged' if same_toolchain else 'changed'})"
        )
        assert extract(committed / art.path).text == extract(fresh / art.path).text, art.path
    old = json.loads((committed / WORLD_MANIFEST_PATH).read_text("utf-8"))
    new = json.loads((fresh / WORLD_MANIFEST_PATH).read_text("utf-8"))
    assert _without(old, hashes=same_toolchain) == _without(new, hashes=same_toolchain)


@pytest.mark.slow
@pytest.mark.parametrize("world", WORLDS)
def test_build_sets_planned_mtimes(world: str, rebuilt: Path) -> None:
    root = rebuilt / world
    for art in manifest(world).artifacts.artifacts:
        assert os.stat(root / art.path).st_mtime == pytest.approx(epoch(art.modified)), art.path


def test_touch_restores_mtimes_after_a_checkout(tmp_path: Path) -> None:
    """Git does not keep mtimes; `build.py --touch` puts the planned ones back."""
    world = WORLDS[0]
    copy = tmp_path / world
    shutil.copytree(SAMPLES / world, copy)
    m = manifest(world)
    assert build.touch(copy) == len(m.artifacts.artifacts)
    for art in m.artifacts.artifacts:
        assert os.stat(copy / art.path).st_mtime == pytest.approx(epoch(art.modified))


# ---------------------------------------------------------------------------------------------
# Facts agree across files: computed from the files, then looked up in the documents
# ---------------------------------------------------------------------------------------------

ADVISER = "wealth_adviser_edinburgh"
TEACHER = "chemistry_teacher_leeds"
PM = "product_manager_dublin"


def _require(world: str) -> None:
    if world not in WORLDS:
        pytest.skip(f"{world} is not built")


def test_adviser_portfolio_total_agrees_across_files() -> None:
    _require(ADVISER)
    ferg = "Documents/Clients/Ferguson, Iain & Shona"
    rows = sheet_rows(ADVISER, f"{ferg}/2024 Review/Ferguson_CashFlow_Dec2024.xlsx", "Accounts")
    total = sum(r[2] for r in rows[1:] if isinstance(r[2], int | float))
    quoted = f"£{total:,.0f}"
    for rel in (
        f"{ferg}/2024 Review/Ferguson_Annual_Review_Letter_2024.docx",
        f"{ferg}/2024 Review/Ferguson_Annual_Review_Letter_2024.pdf",
        f"{ferg}/Ferguson_Suitability_Report_Retirement_v2.docx",
    ):
        assert quoted in text(ADVISER, rel), f"{rel} does not quote the cash-flow total {quoted}"
    book = sheet_rows(ADVISER, "Documents/Clients/Client_Book_Jan2025.xlsx", "Households")
    assert next(r[3] for r in book if r[0] == "Ferguson, Iain & Shona") == total


def test_adviser_fund_costs_agree_between_workbook_paper_and_deck() -> None:
    _require(ADVISER)
    refresh = "Documents/Model Portfolios/MPS Refresh 2025"
    rows = sheet_rows(ADVISER, f"{refresh}/MPS_SAA_and_Fund_List_v2.xlsx", "MPS3 funds")
    funds = [r for r in rows[1:] if isinstance(r[3], int | float)]
    assert sum(r[4] for r in funds) == sum(r[5] for r in funds) == 100
    now = sum(r[3] * r[4] for r in funds) / 100
    new = sum(r[3] * r[5] for r in funds) / 100
    saving = round((now - new) / 100 * 500_000)
    paper = squash(
        text(
            ADVISER,
            "Documents/Investment Committee/2025-03 Q1 meeting/IC_Paper_MPS_Refresh_FINAL.docx",
        )
    )
    pdf = squash(
        text(
            ADVISER,
            "Documents/Investment Committee/2025-03 Q1 meeting/IC_Paper_MPS_Refresh_FINAL.pdf",
        )
    )
    deck = text(
        ADVISER, "Documents/Investment Committee/2025-03 Q1 meeting/IC_Deck_MPS_Refresh_2025.pptx"
    )
    for doc in (paper, pdf, deck):
        assert f"{now:.2f}% to {new:.2f}%" in doc
        assert f"£{saving:,}" in doc
    # The v1 draft quoted its own (different) workbook, not the final one.
    v1 = sheet_rows(ADVISER, f"{refresh}/MPS_SAA_and_Fund_List_v1.xlsx", "MPS3 funds")
    new_v1 = sum(r[3] * r[5] for r in v1[1:] if isinstance(r[3], int | float)) / 100
    draft = text(
        ADVISER, "Documents/Investment Committee/2025-03 Q1 meeting/IC_Paper_MPS_Refresh_v1.docx"
    )
    assert f"{now:.2f}% to {new_v1:.2f}%" in draft and round(new_v1, 2) != round(new, 2)


def test_adviser_carry_forward_agrees_with_the_suitability_report() -> None:
    _require(ADVISER)
    rel = "Documents/Clients/Mehta, Dr Anjali/Mehta_Annual_Allowance_CarryForward.xlsx"
    carry = sum(
        r[1] - r[2]
        for r in sheet_rows(ADVISER, rel, "Carry forward")[1:]
        if isinstance(r[1], int | float)
    )
    this_year = {r[0]: r[1] for r in sheet_rows(ADVISER, rel, "2024-25")[1:]}
    capacity = (
        carry
        + this_year["Annual allowance 2024/25"]
        - this_year["NHS pension input 2024/25 (SPPA estimate)"]
    )
    report = text(
        ADVISER, "Documents/Clients/Mehta, Dr Anjali/Mehta_Suitability_Report_Jan2025.docx"
    )
    assert f"£{carry:,}" in report and f"£{capacity:,}" in report
    email = text(
        ADVISER, "Documents/Clients/Mehta, Dr Anjali/RE_ Mehta - pension input amounts 2021-24.eml"
    )
    for r in sheet_rows(ADVISER, rel, "Carry forward")[1:]:
        if isinstance(r[2], int | float):
            assert f"£{r[2]:,}" in email, "the workbook's inputs come from the accountant's email"


def _mock_grades(world: str) -> tuple[list[dict], list[tuple[int, object]]]:
    rows = sheet_rows(
        world, "Documents/Teaching/2024-25/Mark Books/Markbook 2024-25 Y10-Y11.xlsx", "Boundaries"
    )
    bounds = sorted(((r[1], r[0]) for r in rows[1:]), key=lambda b: b[0])
    pupils = csv_rows(world, "Documents/Assessment/Y11 Mocks Dec 2024/mock_results_11C1_11C2.csv")
    for p in pupils:
        total = int(p["p1"]) + int(p["p2"])
        grade = [g for low, g in bounds if total >= low][-1]
        p["grade"] = 0 if grade == "U" else int(grade)
    return pupils, bounds


def test_teacher_mock_figures_agree_across_files() -> None:
    _require(TEACHER)
    pupils, _ = _mock_grades(TEACHER)
    deck = text(
        TEACHER, "Documents/Department/Meetings/Science Dept Meeting 2025-01-29 - Y11 mocks.pptx"
    )
    report = text(
        TEACHER,
        "Documents/Assessment/Y11 Mocks Dec 2024/Y11 Chemistry mock analysis and intervention plan.docx",
    )
    minutes = text(TEACHER, "Documents/Department/Meetings/Dept meeting minutes 2025-01-29.docx")
    for cls in ("11C1", "11C2"):
        group = [p for p in pupils if p["class"] == cls]
        pct4 = f"{100 * sum(p['grade'] >= 4 for p in group) / len(group):.0f}%"
        pct7 = f"{100 * sum(p['grade'] >= 7 for p in group) / len(group):.0f}%"
        row = next(line for line in deck.splitlines() if line.startswith(f"| {cls} "))
        assert pct4 in row and pct7 in row, f"deck row for {cls}: {row}"
        assert f"{cls}: {pct4} at grade 4 or above" in report
        assert pct4 in minutes
    below = sorted(
        f"{p['forename']} {p['surname']}" for p in pupils if p["grade"] - int(p["target"]) <= -2
    )
    listed = sorted(
        r[0] for r in sheet_rows(TEACHER, "Desktop/Y11 intervention groups.xlsx", "P6 Tuesdays")[1:]
    )
    assert listed == below
    assert f"{len(below)} pupils are two or more grades below target" in report


def test_teacher_analysis_script_reproduces_its_committed_output(tmp_path: Path) -> None:
    _require(TEACHER)
    folder = home(TEACHER) / "Documents/Assessment/Y11 Mocks Dec 2024"
    for name in ("mock_analysis.py", "mock_results_11C1_11C2.csv"):
        shutil.copy(folder / name, tmp_path / name)
    proc = subprocess.run(
        [sys.executable, "mock_analysis.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "mock_summary.txt").read_text("utf-8") == (
        folder / "mock_summary.txt"
    ).read_text("utf-8")


def test_teacher_order_and_trip_figures_agree() -> None:
    _require(TEACHER)
    lab = "Documents/Practicals/Lab Inventory and Orders"
    order = sheet_rows(TEACHER, f"{lab}/Lab order January 2025.xlsx", "Order")
    total = round(sum(r[3] * r[4] for r in order[1:] if isinstance(r[3], int | float)), 2)
    budget = {
        r[0]: r[1] for r in sheet_rows(TEACHER, f"{lab}/Lab order January 2025.xlsx", "Budget")[1:]
    }
    left = round(budget["Allocation"] - budget["September order (SO-47120)"] - total, 2)
    email = squash(text(TEACHER, f"{lab}/RE_ January chemistry order.eml"))
    assert f"£{total:,.2f} ex VAT" in email and f"leaves £{left:,.2f}" in email
    assert f"£{total:,.2f}" in text(
        TEACHER, f"{lab}/Northern Lab Supplies - order confirmation SO-48213.pdf"
    )
    trip = "Documents/Trips/Y10 Catalyst March 2025"
    costs = sheet_rows(TEACHER, f"{trip}/Catalyst trip costings.xlsx", "Costs")
    cost = sum(r[1] * r[2] for r in costs[1:4])
    pupils = costs[2][1]
    contribution = math.ceil(cost / pupils / 0.5) * 0.5
    for rel in (
        f"{trip}/Y10 Catalyst trip letter FINAL.docx",
        f"{trip}/Y10 Catalyst trip letter FINAL.pdf",
    ):
        letter = squash(text(TEACHER, rel))
        assert (
            f"£{cost / pupils:.2f} per pupil" in letter
            and f"contribution of £{contribution:.2f}" in letter
        )


def test_pm_experiment_figures_agree_with_the_export_and_the_repo_code(tmp_path: Path) -> None:
    _require(PM)
    # Run the repo's own readout on a copy, so no __pycache__ lands in the committed world.
    repo = tmp_path / "activation-analysis"
    shutil.copytree(home(PM) / "source/repos/activation-analysis", repo)
    rows = csv_rows(PM, "source/repos/activation-analysis/data/exp014_daily.csv")
    arms = {}
    for variant in ("control", "guided_first_invoice"):
        n = sum(int(r["trials_started"]) for r in rows if r["variant"] == variant)
        a = sum(int(r["activated_14d"]) for r in rows if r["variant"] == variant)
        arms[variant] = (n, a, f"{a / n:.1%}")
    readout = text(PM, "Documents/Product/Activation EXP-014/EXP-014 readout.docx")
    email = text(PM, "Downloads/FW_ EXP-014 results - ship it.eml")
    deck = text(PM, "Documents/Planning/Q2 2025/Q2 2025 planning - Approvals & Workflows.pptx")
    for n, a, rate in arms.values():
        assert f"{n:,}" in readout and f"{a:,}" in readout and rate in readout
        assert rate in email and rate in deck
    proc = subprocess.run(
        [sys.executable, "-m", "activation_analysis.report", "config/exp014.json"],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for _n, _a, rate in arms.values():
        assert rate in proc.stdout
    diff = re.search(
        r"difference ([+-]\d+\.\d) pts \(95% CI ([+-]\d+\.\d) to ([+-]\d+\.\d)\)", proc.stdout
    )
    assert diff is not None and f"{diff[1]} points (95% interval {diff[2]} to {diff[3]})" in squash(
        readout
    )
    assert "decision rule (alpha 0.05, MDE 4%): ship" in proc.stdout


def test_pm_prd_quotes_the_estimate_and_the_survey() -> None:
    _require(PM)
    appr = "Documents/Product/Approval Workflows v2"
    est = sheet_rows(PM, f"{appr}/Eng estimate - Approvals v2 (Marta).xlsx", "Estimate")
    in_scope = sum(r[2] for r in est[1:] if r[3] == "In")
    survey = csv_rows(PM, "Documents/Research/Survey/approvals_survey_responses_2025-02.csv")
    top2 = 100 * sum(int(r["conditional_routing_interest_1to5"]) >= 4 for r in survey) / len(survey)
    for rel in (
        f"{appr}/PRD - Approval Workflows v2_FINAL.docx",
        f"{appr}/PRD - Approval Workflows v2_FINAL.pdf",
    ):
        prd = squash(text(PM, rel))
        assert f"{in_scope} person-weeks" in prd
        assert (
            f"{len(survey)} finance admins" in prd
            and f"{top2:.0f}% rated conditional routing" in prd
        )


# ---------------------------------------------------------------------------------------------
# LibreOffice: every Office/PDF file opens; formulas compute, without errors, what documents quote
# ---------------------------------------------------------------------------------------------


def _office_files() -> dict[str, list[Path]]:
    by_kind: dict[str, list[Path]] = {}
    for world in WORLDS:
        for art in manifest(world).artifacts.artifacts:
            if art.kind in OFFICE_KINDS:
                by_kind.setdefault(art.kind, []).append(SAMPLES / world / art.path)
    return by_kind


@pytest.mark.libreoffice
def test_every_office_and_pdf_file_opens_in_libreoffice(lo_profile: Path, tmp_path: Path) -> None:
    require_soffice()
    for kind, paths in _office_files().items():
        stems = Counter(p.stem for p in paths)
        assert max(stems.values()) == 1, f"two {kind} files share a name: {stems.most_common(1)}"
        out = convert_many(paths, tmp_path / kind, "pdf", profile_dir=lo_profile)
        assert len(out) == len(paths)


@pytest.fixture(scope="module")
def computed_sheets(lo_profile: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sheet of every sample workbook as LibreOffice computes it, `<stem>-<sheet>.csv`."""
    exe = require_soffice()
    out = tmp_path_factory.mktemp("sheets")
    srcs = _office_files()["xlsx"]
    cmd = [
        exe,
        f"-env:UserInstallation=file://{lo_profile}",
        "--headless",
        "--norestore",
        "--infilter=Calc MS Excel 2007 XML",
        "--convert-to",
        CSV_ALL_SHEETS,
        "--outdir",
        str(out),
        *map(str, srcs),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


def _cells(folder: Path, stem: str, sheet: str) -> list[list[str]]:
    with open(folder / f"{stem}-{sheet}.csv", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.mark.libreoffice
def test_no_formula_computes_an_error(computed_sheets: Path) -> None:
    errors = re.compile(r"^(#(NAME\?|REF!|VALUE!|DIV/0!|N/A|NUM!|NULL!)|Err:\d+)$")
    exported = list(computed_sheets.glob("*.csv"))
    workbooks = _office_files()["xlsx"]
    assert len(exported) >= len(workbooks)
    for path in exported:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                bad = [c for c in row if errors.match(c)]
                assert not bad, f"{path.name}: {bad}"


@pytest.mark.libreoffice
def test_computed_values_are_what_the_documents_quote(computed_sheets: Path) -> None:
    if ADVISER in WORLDS:
        proj = _cells(computed_sheets, "Ferguson_CashFlow_Dec2024", "Projection")
        real_at_87 = round(float(proj[-1][13]), -3)
        letter = text(
            ADVISER,
            "Documents/Clients/Ferguson, Iain & Shona/2024 Review/Ferguson_Annual_Review_Letter_2024.docx",
        )
        assert f"£{real_at_87:,.0f} in today's money when Iain is 87" in squash(letter)
        ocf = dict(_cells(computed_sheets, "MPS_SAA_and_Fund_List_v2", "OCF")[1:])
        paper = text(
            ADVISER,
            "Documents/Investment Committee/2025-03 Q1 meeting/IC_Paper_MPS_Refresh_FINAL.docx",
        )
        assert (
            f"£{round(float(ocf['Saving on a £500,000 portfolio (£ a year)'])):,} a year"
            in squash(paper)
        )
        mehta = dict(_cells(computed_sheets, "Mehta_Annual_Allowance_CarryForward", "2024-25")[1:])
        report = text(
            ADVISER, "Documents/Clients/Mehta, Dr Anjali/Mehta_Suitability_Report_Jan2025.docx"
        )
        assert f"£{float(mehta['Maximum further gross contribution']):,.0f}" in report
    if TEACHER in WORLDS:
        budget = dict(_cells(computed_sheets, "Lab order January 2025", "Budget")[1:])
        email = squash(
            text(
                TEACHER,
                "Documents/Practicals/Lab Inventory and Orders/RE_ January chemistry order.eml",
            )
        )
        assert f"leaves £{float(budget['Left for the summer term']):,.2f}" in email
        costs = {r[0]: r[3] for r in _cells(computed_sheets, "Catalyst trip costings", "Costs")[1:]}
        letter = squash(
            text(
                TEACHER,
                "Documents/Trips/Y10 Catalyst March 2025/Y10 Catalyst trip letter FINAL.docx",
            )
        )
        assert (
            f"contribution of £{float(costs['Voluntary contribution asked (rounded up to 50p)']):.2f}"
            in letter
        )
        mark = _cells(computed_sheets, "Markbook 2024-25 Y10-Y11", "11C1")
        pupils, _ = _mock_grades(TEACHER)
        by_name = {(p["surname"], p["forename"]): p["grade"] for p in pupils}
        for row in mark[1:-1]:  # LibreOffice's LOOKUP gives the same grade as the analysis
            assert int(row[11]) == by_name[(row[0], row[1])], row
    if PM in WORLDS:
        rice = _cells(computed_sheets, "Q2 2025 roadmap - Approvals & Workflows", "RICE")
        rank = next(int(r[6]) for r in rice[1:] if r[0].startswith("Conditional approval routing"))
        deck = text(PM, "Documents/Planning/Q2 2025/Q2 2025 planning - Approvals & Workflows.pptx")
        ordinal = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"][
            rank - 1
        ]
        assert f"ranks {ordinal}" in deck
        cap = dict(
            _cells(computed_sheets, "Q2 2025 roadmap - Approvals & Workflows", "Capacity")[1:]
        )
        assert f"Headroom: {float(cap['Headroom']):+.1f} person-months" in deck

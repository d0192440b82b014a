"""synth.folders: a profile -> its `FolderPlan`, grown from the family's folder shapes.

The home's Documents, Downloads and Desktop come first; then the work hierarchy the
occupation family describes ('Clients/{client}/Reviews/{year}'), filled in with the
profile's own projects and clients, its last two or three years and their quarters;
then an archive (for users who archive), a personal area, desktop clutter (for the
untidy) and the second volumes. Folder names follow the user's naming style, paths
never go deeper than the schema allows, and every parent is listed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from random import Random

from engine.llm.scripted import ScriptedRequest
from engine.schema.plans import MAX_DEPTH, FolderPlan, PlannedFolder, depth
from engine.schema.profile import UserProfile
from engine.synth.prompts import read_context
from engine.synth.scripted.common import as_date, family_for_role, title_case

_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}
_ILLEGAL = re.compile(r'[<>:"|?*\\/\x00-\x1f]')
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass
class _Want:
    path: str
    purpose: str
    area: str
    rank: float  # lower is more important
    date: dt.date | None = None


def respond(request: ScriptedRequest) -> FolderPlan:
    ctx = read_context(request.messages)
    profile = UserProfile.model_validate(ctx["profile"])
    target = int(ctx.get("target_folders") or 30)
    today = as_date(ctx.get("today"), dt.date(2025, 6, 2))
    return build_folders(profile, target, today, request.rng)


def clean(name: str) -> str:
    """A legal folder or file name segment: no reserved characters, no trailing dot or space."""
    name = re.sub(r"\s+", " ", _ILLEGAL.sub("-", name)).strip()
    if name.split(".")[0].lower() in _RESERVED:
        name = f"_{name}"  # CON, PRN, NUL... are not legal names on Windows
    stem, dot, ext = name.rpartition(".")
    if dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        stem = stem[:80].rstrip(" .-_")  # long names lose words, never their extension
        return f"{stem}.{ext}" if stem else f"file.{ext}"
    return name[:80].rstrip(" .") or "Misc"


def project_folder_name(profile: UserProfile, name: str, start: dt.date, code: int = 1) -> str:
    """How this user names a project's folder, by their naming style."""
    style = profile.work_habits.naming_style
    if style == "dated_prefix":
        return clean(f"{start:%Y-%m} {name}")
    if style == "project_code":
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", name)[:4]).upper()
        return clean(f"{initials}{start:%y}-{code:02d} {name}")
    if style in ("default_names", "mixed"):
        return clean(name)
    return clean(title_case(name))


def build_folders(profile: UserProfile, target: int, today: dt.date, rng: Random) -> FolderPlan:
    fs = profile.filesystem
    home = fs.to_disk(fs.home)
    docs = fs.to_disk(fs.documents)
    family = family_for_role(profile.identity.role, profile.work_context)
    habits = profile.work_habits
    wants: list[_Want] = [
        _Want(home, f"{profile.identity.full_name}'s home folder", "system", 0),
        _Want(docs, "Documents: where most work is saved", "work", 0),
        _Want(fs.to_disk(fs.downloads), "Browser and email downloads", "downloads", 0),
        _Want(fs.to_disk(fs.desktop), "Desktop: shortcuts and files in use", "work", 0),
        _Want(f"{home}/Pictures", "Photos and screenshots", "personal", 0.8),
    ]
    work_root = docs
    deepest = max((len(sh.split("/")) for sh in family.folder_shapes), default=2) if family else 2
    if rng.random() < 0.35 and depth(docs) + deepest < MAX_DEPTH:
        work_root = f"{docs}/{clean(rng.choice(('Work', profile.identity.organization)))}"
        wants.append(_Want(work_root, f"Work for {profile.identity.organization}", "work", 0.5))
    numbered = habits.tidiness == "meticulous" and rng.random() < 0.5
    years = [today.year, today.year - 1] + ([today.year - 2] if target >= 30 else [])
    clients = [
        e.name
        for e in profile.fact_sheet.entities
        if e.type in ("client", "course", "organization", "place", "asset")
    ][:3]
    projects = profile.current_projects
    shapes = list(family.folder_shapes) if family else ["Projects/{project}", "Admin/{year}"]
    tops: dict[str, str] = {}
    for i, shape in enumerate(shapes):
        top = shape.split("/")[0]
        if numbered and top not in tops:
            tops[top] = f"{len(tops) + 1:02d} {top}"
        for chain in _expand(shape, projects, clients, years, today, profile):
            path = work_root
            for level, (name, date, what) in enumerate(chain):
                if numbered and level == 0:
                    name = tops[top]
                path = f"{path}/{clean(name)}"
                if depth(path) > MAX_DEPTH:
                    break
                age = today.year - (date or today).year
                rank = 1 + i * 0.1 + age + 0.05 * level
                wants.append(_Want(path, what, "work", rank, date if level else None))
    if habits.archives_old_work:
        for y in years[1:]:
            wants.append(
                _Want(
                    f"{docs}/Archive/{y}",
                    f"Finished work from {y}",
                    "archive",
                    2.5,
                    dt.date(y, 1, 1),
                )
            )
        past = clean(f"{profile.career_history[0].organization}")
        if len(profile.career_history) > 1:
            wants.append(
                _Want(f"{docs}/Archive/{past}", f"Kept from the job at {past}", "archive", 3.5)
            )
    personal = f"{docs}/Personal"
    first = rng.randrange(4)  # everyone keeps at least one personal folder near the top
    for n, (sub, what) in enumerate(
        (
            ("Finance", "Payslips, tax and bank statements"),
            ("House", "Mortgage or tenancy, bills and repairs"),
            ("CV", "CV versions and certificates"),
            (f"Travel/{today.year - 1} Summer", "Bookings and itineraries"),
        )
    ):
        rank = 0.9 if n == first else 3 + rng.random()
        wants.append(_Want(f"{personal}/{sub}", what, "personal", rank))
    if habits.desktop_habit == "cluttered":
        for sub in ("To sort", "New folder", "Old stuff"):
            wants.append(
                _Want(
                    f"{fs.to_disk(fs.desktop)}/{sub}", "Things put aside to file later", "work", 2.8
                )
            )
    elif rng.random() < 0.5:
        wants.append(
            _Want(f"{fs.to_disk(fs.desktop)}/Current", "Files in use this week", "work", 2.8)
        )
    for vol in fs.volumes[1:]:
        root = vol.folder
        wants.append(_Want(root, vol.purpose, "archive" if vol.kind != "network" else "work", 2.2))
        last_year = dt.date(today.year - 1, 1, 1)
        wants.append(
            _Want(
                f"{root}/Backups/{last_year.year}",
                "Yearly backup of Documents",
                "archive",
                2.3,
                last_year,
            )
        )
        wants.append(
            _Want(f"{root}/Photos/{last_year.year}", "Family photos", "personal", 3.2, last_year)
        )
    return FolderPlan(folders=_select(wants, target, fs.volumes[0].folder))


Level = tuple[str, "dt.date | None", str]  # a folder name, its date, its purpose


def _expand(
    shape: str,
    projects: list,
    clients: list[str],
    years: list[int],
    today: dt.date,
    profile: UserProfile,
) -> list[list[Level]]:
    """Every concrete folder chain a shape stands for, one (name, date, purpose) per level."""
    rows: list[list[Level]] = [[]]
    for seg in shape.split("/"):
        nxt: list[list[Level]] = []
        for chain in rows:
            date = next((d for _, d, _ in reversed(chain) if d is not None), None)
            what = chain[-1][2] if chain else ""
            if seg == "{project}":
                owner = next((w[9:] for _, _, w in chain if w.startswith("Work for ")), None)
                for n, p in enumerate(projects, start=1):
                    if owner is not None and p.client != owner:
                        continue
                    name = project_folder_name(profile, p.name, p.start_date, n)
                    nxt.append([*chain, (name, p.start_date, f"Project '{p.name}' ({p.id})")])
            elif seg == "{client}":
                nxt += [[*chain, (c, None, f"Work for {c}")] for c in clients]
            elif seg == "{year}":
                for y in years[:2] if date is None else [date.year]:
                    nxt.append([*chain, (str(y), dt.date(y, 1, 1), f"{what or 'Files'} from {y}")])
            elif seg == "{quarter}":
                y = date.year if date else today.year
                last = 4 if y < today.year else (today.month - 1) // 3 + 1
                for q in range(max(1, last - 1), last + 1):
                    nxt.append([*chain, (f"Q{q}", dt.date(y, 3 * q - 2, 1), f"Q{q} {y}")])
            elif seg == "{month}":
                y = date.year if date else today.year
                last = 12 if y < today.year else today.month
                for m in range(max(1, last - 2), last + 1):
                    descriptive = profile.work_habits.naming_style == "descriptive"
                    name = f"{m:02d} {_MONTHS[m - 1]}" if descriptive else f"{y}-{m:02d}"
                    nxt.append([*chain, (name, dt.date(y, m, 1), f"{_MONTHS[m - 1]} {y}")])
            else:
                purpose = f"{purpose_of(seg)}: {what}" if chain else purpose_of(seg)
                nxt.append([*chain, (seg, None, purpose)])
        rows = nxt
    return rows


_PURPOSES = {
    "templates": "Blank templates reused for new work",
    "training": "Training material and certificates",
    "cpd": "CPD records and course notes",
    "policies": "Current policies and procedures",
    "meetings": "Agendas, minutes and actions",
    "admin": "Admin: forms, rotas and paperwork",
    "research": "Background reading and research",
    "reports": "Reports sent and received",
    "scripts": "Small scripts and automation",
    "data": "Data files and extracts",
    "correspondence": "Letters and emails kept as files",
    "invoices": "Invoices issued and paid",
    "photos": "Photos taken for work",
    "notes": "Working notes",
    "scratch": "Scratch files and experiments",
    "resources": "Teaching and reference resources",
    "archive": "Old work kept for reference",
    "compliance": "Compliance records and evidence",
    "marketing": "Marketing material",
    "suppliers": "Supplier quotes, orders and contacts",
    "procedures": "Step-by-step procedures",
    "knowledge": "Reference notes and know-how",
}


def purpose_of(segment: str) -> str:
    """What a plainly named work folder holds, as its owner would put it."""
    key = re.sub(r"^\d+\s+", "", segment).lower()
    for word, text in _PURPOSES.items():
        if word in key:
            return text
    return f"{segment} files"


def _select(wants: list[_Want], target: int, system_root: str) -> list[PlannedFolder]:
    """The most important folders, parents included, up to about `target`.

    Paths that differ only in case are one folder on Windows and macOS: the first wins.
    """
    chosen: dict[str, PlannedFolder] = {}
    by_path: dict[str, _Want] = {}
    for w in sorted(wants, key=lambda w: w.rank):
        by_path.setdefault(w.path.lower(), w)

    def add(path: str, want: _Want | None) -> None:
        parts = path.split("/")[:MAX_DEPTH]
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub.lower() in chosen:
                continue
            w = by_path.get(sub.lower())
            if w is not None:
                folder = PlannedFolder(path=sub, purpose=w.purpose[:300], area=w.area, date=w.date)  # type: ignore[arg-type]
            elif i <= 2 and parts[0] == system_root:
                folder = PlannedFolder(path=sub, purpose="System folder", area="system")
            else:
                area = want.area if want else "work"
                folder = PlannedFolder(path=sub, purpose=f"{parts[i - 1]} folder", area=area)  # type: ignore[arg-type]
            chosen[sub.lower()] = folder

    for w in sorted(by_path.values(), key=lambda w: w.rank):
        if w.rank > 0 and len(chosen) >= target:
            break
        add(w.path, w)
    return sorted(chosen.values(), key=lambda f: (depth(f.path), f.path.lower()))

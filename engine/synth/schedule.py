"""How much to ask for, and in which pieces: the arithmetic of world creation.

Everything here is a pure function of the request (seed, file target, plans),
never of wall time or completion order, so the same seed always cuts the work
the same way and an interrupted creation resumes into the same world.

- `default_today`: the capture date of a world when the caller gives none.
- `target_folders`: how many folders to ask for, scaled like the paper's disks
  (30.4 folders for 111.6 files).
- `allocate_files`: how many of the planned files go into each folder, weighted
  by what the folder is for and by the user's habits (a cluttered desktop, a
  Downloads folder never cleaned).
- `make_batches`: folders grouped into artifact-planning calls of at most
  `MAX_BATCH` files each, siblings kept together so one call plans a project.
- `kind_mix`: the file-kind shares for the user's occupation family.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass

from engine.schema.persona import Persona
from engine.schema.plans import FolderPlan, PlannedFolder, blend_kind_weights, depth
from engine.schema.profile import UserProfile
from engine.synth.occupations import find_occupation, load_taxonomy

MAX_BATCH = (
    40  # files per artifact-planning call: long enough to plan a project, short enough to answer
)
MAX_FILES = 500  # ArtifactPlanSet holds at most 500 files
_TODAY_BASE = dt.date(2025, 1, 6)  # the Monday default capture dates count from
_CAPTURE_TIME = dt.time(17, 30)  # the computer is captured at the end of a working day

_AREA_WEIGHT = {"work": 3.0, "archive": 1.5, "downloads": 2.5, "personal": 1.0, "system": 0.0}
_DOWNLOADS_HABIT = {"never_cleaned": 1.6, "occasional_cleanup": 1.0, "cleared_regularly": 0.4}
_DESKTOP_HABIT = {"cluttered": 2.0, "a_few_shortcuts": 0.5, "empty": 0.0}


def _digest_int(*parts: object) -> int:
    text = ":".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def default_today(seed: int) -> dt.date:
    """A capture date derived from the seed alone: a working day within a year of 2025-01-06.

    Never `date.today()`: the same seed must give the same world next year too.
    """
    day = _TODAY_BASE + dt.timedelta(days=_digest_int("today", seed) % 364)
    while day.weekday() >= 5:  # people capture work computers on working days
        day -= dt.timedelta(days=1)
    return day


def capture_moment(today: dt.date) -> dt.datetime:
    """The wall-clock moment the computer is captured: nothing on it is newer."""
    return dt.datetime.combine(today, _CAPTURE_TIME)


def target_folders(files: int) -> int:
    """Folders to ask for: about one per four files plus the fixed skeleton, as on real disks."""
    return max(12, min(120, round(10 + files * 0.2)))


def clamp_files(files: int) -> int:
    if files < 1:
        raise ValueError("a world needs at least one file")
    return min(files, MAX_FILES)


# --- kinds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationHint:
    """What the taxonomy says about the persona's job; the profile stage's `occupation`."""

    title: str
    family: str
    industry: str

    def as_context(self) -> dict[str, str]:
        return {"title": self.title, "family": self.family, "industry": self.industry}


def occupation_hint(persona: Persona) -> OccupationHint | None:
    """The persona's own occupation fields when set (sampled personas), else `find_occupation`."""
    if persona.occupation and persona.occupation_family and persona.industry:
        return OccupationHint(persona.occupation, persona.occupation_family, persona.industry)
    match = find_occupation(persona.text)
    if match is None:
        return None
    return OccupationHint(match.occupation.title, match.family.id, match.occupation.industry)


def kind_mix(family_id: str | None) -> dict[str, float]:
    """File-kind shares (fractions summing to 1) for an occupation family, or the paper's mix."""
    weights: Mapping[str, float] | None = None
    if family_id:
        try:
            weights = load_taxonomy().family(family_id).kind_weights
        except KeyError:
            weights = None
    percent = blend_kind_weights(weights)
    return {k: round(v / 100.0, 4) for k, v in percent.items()}


# --- folders and batches ----------------------------------------------------------------


def _special_weights(profile: UserProfile) -> dict[str, float]:
    """The home folders whose fill depends on a habit rather than on their area."""
    fs = profile.filesystem
    habits = profile.work_habits
    return {
        fs.to_disk(fs.documents): 1.0,
        fs.to_disk(fs.desktop): _DESKTOP_HABIT[habits.desktop_habit],
        fs.to_disk(fs.downloads): 2.5 * _DOWNLOADS_HABIT[habits.downloads_habit],
    }


def _weight(
    folder: PlannedFolder, profile: UserProfile, leaves: set[str], special: Mapping[str, float]
) -> float:
    if folder.path in special:
        return special[folder.path]
    if depth(folder.path) <= 2:  # volume roots and C/Users: nobody files work there
        return 0.0
    weight = _AREA_WEIGHT[folder.area]
    if folder.area == "downloads":
        weight *= _DOWNLOADS_HABIT[profile.work_habits.downloads_habit]
    return weight * (1.5 if folder.path in leaves else 0.6)


def allocate_files(plan: FolderPlan, profile: UserProfile, total: int, seed: int) -> dict[str, int]:
    """Planned files per folder (folders that get none are left out), summing to `total`.

    Weights come from each folder's area and the user's habits, jittered by the
    seed so that two worlds do not share one spread; largest remainders round.
    """
    paths = plan.paths()
    parents = {p.rsplit("/", 1)[0] for p in paths if "/" in p}
    leaves = paths - parents
    rng = random.Random(_digest_int("allocate", seed))
    ordered = sorted(plan.folders, key=lambda f: f.path)
    special = _special_weights(profile)
    weights = {
        f.path: _weight(f, profile, leaves, special) * rng.uniform(0.5, 1.5) for f in ordered
    }
    if sum(weights.values()) <= 0:  # a plan of nothing but system folders: spread evenly
        weights = {f.path: 1.0 for f in ordered if depth(f.path) > 1} or {ordered[0].path: 1.0}
    norm = sum(weights.values())
    exact = {p: total * w / norm for p, w in weights.items()}
    counts = {p: math.floor(x) for p, x in exact.items()}
    short = total - sum(counts.values())
    by_remainder = sorted(exact, key=lambda p: (-(exact[p] - counts[p]), p))
    for p in by_remainder[:short]:
        counts[p] += 1
    return {p: n for p, n in counts.items() if n > 0}


@dataclass(frozen=True)
class Batch:
    """One artifact-planning call: `count` files spread over `folders`."""

    index: int
    of: int
    folders: tuple[str, ...]
    count: int

    def as_context(self) -> dict[str, object]:
        return {
            "index": self.index,
            "of": self.of,
            "folders": list(self.folders),
            "count": self.count,
        }


def make_batches(allocation: Mapping[str, int], max_batch: int = MAX_BATCH) -> list[Batch]:
    """Group folders (in path order, so a project's folders stay together) into balanced batches.

    Every batch plans at most `max_batch` files; the batches are as even as the
    folders allow (150 files -> 38, 38, 37, 37), and a folder with more files
    than fit is split across consecutive batches.
    """
    total = sum(allocation.values())
    if total <= 0:
        return []
    n = math.ceil(total / max_batch)
    sizes = [total // n + (1 if i < total % n else 0) for i in range(n)]
    batches: list[tuple[list[str], int]] = []
    size_iter = iter(sizes)
    cap = next(size_iter)
    folders: list[str] = []
    count = 0
    for path in sorted(allocation):
        left = allocation[path]
        while left > 0:
            take = min(left, cap - count)
            if path not in folders:
                folders.append(path)
            count += take
            left -= take
            if count == cap:
                batches.append((folders, count))
                folders, count = [], 0
                cap = next(size_iter, 0)
    if count:
        batches.append((folders, count))
    return [
        Batch(index=i, of=len(batches), folders=tuple(f), count=c)
        for i, (f, c) in enumerate(batches)
    ]

"""How a person keeps their computer: tidiness, naming, versions, and how the machine is set up.

The persona's own words count first ('keeps every version of every document', 'saves
everything to the desktop'); the rest is drawn from the seed, with technical jobs
leaning towards Macs and higher tech levels, so two accountants' disks still differ.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random

from engine.schema.profile import FilesystemPolicy, Volume, WorkHabits
from engine.synth.occupations import OccupationFamily
from engine.synth.scripted.common import join_words, weighted

_MAC_FAMILIES = {
    "creative_media",
    "architecture_design",
    "product_ux",
    "marketing",
    "journalism_publishing",
    "software_engineering",
    "higher_education",
    "data_analytics",
    "communications_pr",
}
_TECH_FAMILIES = {
    "software_engineering",
    "data_analytics",
    "it_infrastructure",
    "cybersecurity",
    "laboratory_science",
    "higher_education",
}
_SUFFIX_EXAMPLES = {
    "none": [],
    "v_numbers": ["_v1", "_v2", "_v3"],
    "final_suffixes": ["_draft", "_FINAL", "_FINAL_v2"],
    "dates": ["_2024-03-04", "_0304"],
    "mixed": ["_v2", "_FINAL", "_final2", " (1)"],
}


def work_habits(rng: Random, persona: str, family: OccupationFamily, today: dt.date) -> WorkHabits:
    low = persona.lower()
    tidy: dict[str, float] = {
        "meticulous": 1,
        "organized": 3,
        "average": 3,
        "messy": 2,
        "chaotic": 0.7,
    }
    if re.search(
        r"meticulous|colour-coded|color-coded|never missing|careful|organised|organized", low
    ):
        tidy = {"meticulous": 4, "organized": 4, "average": 1}
    if re.search(r"desktop|inbox under control|means to tidy|juggling|chaos|messy", low):
        tidy = {"average": 1, "messy": 4, "chaotic": 2}
    tidiness = weighted(rng, tidy)
    neat = tidiness in ("meticulous", "organized")
    naming = weighted(
        rng,
        {"descriptive": 4, "dated_prefix": 3 if neat else 1, "project_code": 2 if neat else 0.5}
        if neat
        else {"descriptive": 3, "mixed": 3, "default_names": 1.5, "dated_prefix": 0.5},
    )
    versions = weighted(
        rng,
        {"v_numbers": 3, "final_suffixes": 2, "dates": 1.5, "mixed": 1, "none": 0.5}
        if neat
        else {"final_suffixes": 3, "mixed": 3, "v_numbers": 1.5, "none": 1},
    )
    if "every version" in low:
        versions = "mixed"
    example = _example(naming, versions, family, today)
    tech = weighted(
        rng,
        {"advanced": 4, "expert": 3, "intermediate": 1}
        if family.id in _TECH_FAMILIES
        else {"basic": 1.5, "intermediate": 4, "advanced": 1.5},
    )
    if re.search(r"learning python|going digital|sceptical of new software", low):
        tech = "intermediate" if "python" in low else "basic"
    desktop = (
        "cluttered"
        if "desktop" in low or tidiness in ("messy", "chaotic")
        else weighted(rng, {"a_few_shortcuts": 3, "empty": 1 if neat else 0.2})
    )
    downloads = (
        "never_cleaned"
        if tidiness in ("messy", "chaotic")
        else weighted(rng, {"occasional_cleanup": 3, "cleared_regularly": 2 if neat else 0.5})
    )
    examples = list(_SUFFIX_EXAMPLES[versions])
    if versions == "mixed" and rng.random() < 0.5:
        examples.append("_" + "".join(w[0] for w in family.name.split()[:2]).upper())
    return WorkHabits(
        tidiness=tidiness,  # type: ignore[arg-type]
        naming_style=naming,  # type: ignore[arg-type]
        naming_convention=example,
        version_suffix_habit=versions,  # type: ignore[arg-type]
        version_suffix_examples=examples[:5],
        uses_dated_folders=neat or rng.random() < 0.4,
        archives_old_work=neat or rng.random() < 0.3,
        downloads_habit=downloads,  # type: ignore[arg-type]
        desktop_habit=desktop,  # type: ignore[arg-type]
        tech_level=tech,  # type: ignore[arg-type]
        computer_usage=weighted(rng, {"heavy": 3, "moderate": 2, "light": 0.4}),  # type: ignore[arg-type]
    )


def _example(naming: str, versions: str, family: OccupationFamily, today: dt.date) -> str:
    art = family.artifacts[0]
    ext = art.kinds[0]
    topic = art.name.capitalize()
    suffix = {"v_numbers": "_v2", "final_suffixes": "_FINAL", "dates": f"_{today:%Y-%m-%d}"}.get(
        versions, ""
    )
    if naming == "dated_prefix":
        return f"Date first, then the topic: '{today:%Y-%m-%d} {topic}{suffix}.{ext}'."
    if naming == "project_code":
        return f"Project code, type, short topic: 'PRJ-{today:%y}07_{topic.replace(' ', '-')}{suffix}.{ext}'."
    if naming == "default_names":
        return f"Often keeps the application's default name ('Document1.{ext}') and renames later, if ever."
    if naming == "mixed":
        return f"No fixed rule: '{topic}{suffix}.{ext}' sits next to 'new {art.name}.{ext}' and 'Copy of ...'."
    return f"Plain descriptive names: '{topic} for the team{suffix}.{ext}'."


def filesystem(
    rng: Random,
    family: OccupationFamily,
    username: str,
    first_name: str,
    employer: str,
    habits: WorkHabits,
) -> FilesystemPolicy:
    mac = rng.random() < (0.45 if family.id in _MAC_FAMILIES else 0.12)
    tops = list(dict.fromkeys(shape.split("/")[0] for shape in family.folder_shapes))
    organisation = (
        f"Work is organised under Documents by {join_words(tops[:4]).lower()} folders"
        + (", with year folders inside them" if habits.uses_dated_folders else "")
        + (" and an Archive for finished work." if habits.archives_old_work else ".")
    )
    if mac:
        volumes = [
            Volume(
                label="Macintosh HD",
                mount="/",
                folder="Macintosh HD",
                kind="system",
                purpose=f"macOS, applications and {first_name}'s home folder",
            )
        ]
        if rng.random() < 0.35:
            drive = rng.choice(("Samsung T7", "LaCie Rugged", "WD Passport", "Backup"))
            volumes.append(
                Volume(
                    label=drive,
                    mount=f"/Volumes/{drive}",
                    folder=drive,
                    kind="external",
                    purpose="External drive with old projects, large exports and photo backups",
                )
            )
        home = f"/Users/{username}"
        sync = weighted(
            rng, {"icloud": 4, "dropbox": 2, "google_drive": 2, "onedrive": 1, "none": 1}
        )
    else:
        volumes = [
            Volume(
                label="C:",
                mount="C:/",
                folder="C",
                kind="system",
                purpose=f"Windows, programs and {first_name}'s documents",
            )
        ]
        if rng.random() < 0.35:
            volumes.append(
                Volume(
                    label="D: Data",
                    mount="D:/",
                    folder="D",
                    kind="data",
                    purpose="Second disk: archived years, photos and backups",
                )
            )
        if rng.random() < 0.2:
            volumes.append(
                Volume(
                    label="E: Backup",
                    mount="E:/",
                    folder="E",
                    kind="external",
                    purpose="USB backup drive plugged in on Fridays",
                )
            )
        home = f"C:/Users/{username}"
        sync = weighted(rng, {"onedrive": 5, "none": 3, "dropbox": 1, "google_drive": 1})
    docs = f"{home}/Documents"
    if sync == "onedrive" and not mac and rng.random() < 0.5:
        org = re.sub(r"[^A-Za-z0-9 &'-]", "", employer).strip() or "Work"
        docs = f"{home}/OneDrive - {org}/Documents"
    storage = (
        f"Work files under {docs.split('/', 3)[-1]}"
        + (f", synced with {sync.replace('_', ' ').title()}" if sync != "none" else "")
        + ("; downloads pile up in Downloads" if habits.downloads_habit == "never_cleaned" else "")
        + (f"; older material on {volumes[1].label}" if len(volumes) > 1 else "")
        + "."
    )
    return FilesystemPolicy(
        os="macos" if mac else "windows",
        volumes=volumes,
        home=home,
        documents=docs,
        downloads=f"{home}/Downloads",
        desktop=f"{home}/Desktop",
        cloud_sync=sync,  # type: ignore[arg-type]
        storage_pattern=storage,
        organization_style=organisation,
    )

"""A profile reply, repaired where the fix is mechanical, before it is held to `UserProfile`.

A profile is the biggest structured answer of world creation, and its checks
reach across it: project entity ids must be in the fact sheet, collaborators'
projects must be current projects, ids and e-mail addresses unique, the home
folder must end in the username and sit on a listed volume. A model that
writes a good profile with one dangling id, or a small model that repeats an
item, would otherwise write the whole profile again (thousands of tokens) for
a fix that needs no judgement. So the reply is read with `ProfileReply` (on
the wire exactly `UserProfile`: same schema, same name), which first repairs,
in the raw data and with a note for each:

- a repeated fact-sheet, project id or collaborator e-mail is made unique (a
  numeric suffix), a collaborator using the user's own address likewise;
- a repeated attribute key, software name or volume is dropped;
- an id a project or collaborator refers to that does not exist is dropped;
- a date range or year range given backwards is put in order;
- a budget without an amount and currency, or a key date without a date,
  becomes an `other` entity; a currency without an amount is dropped;
- a volume mounted where its OS cannot mount one gets a mount it can; a home
  folder that does not end in the username is renamed to it, and home,
  Documents, Downloads and Desktop folders that fit no volume are put at
  the OS's usual places.

Then every check of `UserProfile` runs as usual, and what is still wrong (a
missing field, too few collaborators, a string too short) goes back to the
model as the validation error. Nothing is invented that a check would
otherwise have asked the model for: only duplicates, dangling references and
the machine's layout are touched.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from pydantic import PrivateAttr, ValidatorFunctionWrapHandler, model_validator

from engine.schema import profile as schema

MAX_NOTES = 100


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _unique(value: str, taken: set[str], sep: str, limit: int) -> str:
    n = 2
    while True:
        suffix = f"{sep}{n}"
        candidate = value[: limit - len(suffix)] + suffix
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


class _Notes:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, text: str) -> None:
        if len(self.items) < MAX_NOTES:
            self.items.append(text)


def repair_profile(data: Any) -> tuple[Any, list[str]]:
    """A repaired copy of raw profile data (see the module's doc) and what was changed."""
    if not isinstance(data, dict):
        return data, []
    data = copy.deepcopy(data)
    notes = _Notes()
    entity_ids = _fact_sheet(data, notes)
    project_ids = _projects(data, entity_ids, notes)
    _career(data, notes)
    _collaborators(data, project_ids, notes)
    _software(data, notes)
    _filesystem(data, notes)
    return data, notes.items


def _fact_sheet(data: dict[str, Any], notes: _Notes) -> set[str]:
    sheet = data.get("fact_sheet")
    entities = _dicts(sheet.get("entities")) if isinstance(sheet, dict) else []
    seen: set[str] = set()
    for ent in entities:
        eid = ent.get("id")
        if isinstance(eid, str):
            if eid.lower() in seen:
                ent["id"] = _unique(eid, seen, "_", 48)
                notes.add(f"fact-sheet id {eid!r} was used twice; the second is {ent['id']!r}")
            seen.add(str(ent["id"]).lower())
        name = ent.get("id", "an entity")
        if ent.get("currency") is not None and ent.get("amount") is None:
            ent.pop("currency")
            notes.add(f"entity {name!r} had a currency but no amount; the currency is left out")
        if ent.get("type") == "budget" and (ent.get("amount") is None or not ent.get("currency")):
            ent["type"] = "other"
            notes.add(f"budget {name!r} had no amount and currency; it is kept as 'other'")
        if ent.get("type") == "key_date" and ent.get("date") is None:
            ent["type"] = "other"
            notes.add(f"key date {name!r} had no date; it is kept as 'other'")
        attributes = ent.get("attributes")
        if isinstance(attributes, list):
            keys: set[str] = set()
            kept = []
            for attr in attributes:
                key = attr.get("key") if isinstance(attr, dict) else None
                if isinstance(key, str) and key.lower() in keys:
                    notes.add(f"entity {name!r} repeated the attribute {key!r}; left out")
                    continue
                if isinstance(key, str):
                    keys.add(key.lower())
                kept.append(attr)
            ent["attributes"] = kept
    return {str(e["id"]) for e in entities if isinstance(e.get("id"), str)}


def _projects(data: dict[str, Any], entity_ids: set[str], notes: _Notes) -> set[str]:
    seen: set[str] = set()
    for proj in _dicts(data.get("current_projects")):
        pid = proj.get("id")
        if isinstance(pid, str):
            if pid.lower() in seen:
                proj["id"] = _unique(pid, seen, "-", 48)
                notes.add(f"project id {pid!r} was used twice; the second is {proj['id']!r}")
            seen.add(str(proj["id"]).lower())
        refs = proj.get("entities")
        if isinstance(refs, list):
            kept = [r for r in dict.fromkeys(r for r in refs if isinstance(r, str))]
            unknown = [r for r in kept if r not in entity_ids]
            if unknown or len(kept) != len(refs):
                proj["entities"] = [r for r in kept if r in entity_ids]
                if unknown:
                    notes.add(
                        f"project {proj.get('id')!r} referred to {unknown}, which are not in "
                        "the fact sheet; left out"
                    )
        start, end = _date(proj.get("start_date")), _date(proj.get("end_date"))
        if start is not None and end is not None and end < start:
            proj["start_date"], proj["end_date"] = proj["end_date"], proj["start_date"]
            notes.add(f"project {proj.get('id')!r} ended before it started; the dates are swapped")
    return {
        str(p["id"]) for p in _dicts(data.get("current_projects")) if isinstance(p.get("id"), str)
    }


def _career(data: dict[str, Any], notes: _Notes) -> None:
    for role in _dicts(data.get("career_history")):
        start, end = role.get("start_year"), role.get("end_year")
        if isinstance(start, int) and isinstance(end, int) and end < start:
            role["start_year"], role["end_year"] = end, start
            notes.add(f"role {role.get('title')!r} ended before it started; the years are swapped")


def _collaborators(data: dict[str, Any], project_ids: set[str], notes: _Notes) -> None:
    identity = data.get("identity") if isinstance(data.get("identity"), dict) else {}
    own = identity.get("email") if isinstance(identity, dict) else None
    taken: set[str] = {own.lower()} if isinstance(own, str) else set()
    for person in _dicts(data.get("collaborators")):
        email = person.get("email")
        if isinstance(email, str) and "@" in email:
            if email.lower() in taken:
                local, domain = email.rsplit("@", 1)
                n = 2
                while f"{local}{n}@{domain}".lower() in taken:
                    n += 1
                person["email"] = f"{local}{n}@{domain}"
                notes.add(
                    f"collaborator {person.get('name')!r} had an address already in use "
                    f"({email}); it is {person['email']}"
                )
            taken.add(str(person["email"]).lower())
        refs = person.get("projects")
        if isinstance(refs, list):
            kept = list(dict.fromkeys(r for r in refs if isinstance(r, str)))
            unknown = [r for r in kept if r not in project_ids]
            if unknown or len(kept) != len(refs):
                person["projects"] = [r for r in kept if r in project_ids]
                if unknown:
                    notes.add(
                        f"collaborator {person.get('name')!r} was on {unknown}, which are not "
                        "current projects; left out"
                    )


def _software(data: dict[str, Any], notes: _Notes) -> None:
    software = data.get("software")
    if not isinstance(software, list):
        return
    seen: set[str] = set()
    kept = []
    for name in software:
        if isinstance(name, str) and name.lower() in seen:
            notes.add(f"software {name!r} was listed twice; left out once")
            continue
        if isinstance(name, str):
            seen.add(name.lower())
        kept.append(name)
    data["software"] = kept


_DRIVE = re.compile(r"^([A-Za-z]):[/\\]?$")


def _filesystem(data: dict[str, Any], notes: _Notes) -> None:
    fs = data.get("filesystem")
    identity = data.get("identity")
    if not isinstance(fs, dict) or fs.get("os") not in ("windows", "macos", "linux"):
        return
    os_name = fs["os"]
    volumes = _volumes(fs, os_name, notes)
    if not volumes:
        return
    username = identity.get("username") if isinstance(identity, dict) else None
    home = fs.get("home")
    if isinstance(home, str) and isinstance(username, str):
        clean = home.replace("\\", "/").rstrip("/")
        parent, _, leaf = clean.rpartition("/")
        if leaf.lower() != username.lower() and parent:
            fs["home"] = f"{parent}/{username}"
            notes.add(f"the home folder {home!r} did not end in the username; it is {fs['home']!r}")
    try:
        policy = schema.FilesystemPolicy.model_validate(fs)
    except ValueError:
        policy = None
    if policy is not None or not isinstance(username, str):
        return
    # The layout still does not hold together: the OS's usual places, on the system volume.
    mount = str(volumes[0]["mount"]).replace("\\", "/").rstrip("/")
    base = {"windows": f"{mount}/Users", "macos": "/Users", "linux": "/home"}[os_name]
    if os_name != "windows" and mount not in ("", "/"):
        base = f"{mount}{base}"
    home_path = f"{base}/{username}"
    places = {"home": home_path}
    places |= {k: f"{home_path}/{k.capitalize()}" for k in ("documents", "downloads", "desktop")}
    for key, path in places.items():
        if fs.get(key) != path:
            notes.add(f"the {key} folder {fs.get(key)!r} does not fit the volumes; it is {path!r}")
            fs[key] = path


def _volumes(fs: dict[str, Any], os_name: str, notes: _Notes) -> list[dict[str, Any]]:
    raw = fs.get("volumes")
    if not isinstance(raw, list):
        return []
    kept: list[dict[str, Any]] = []
    folders: set[str] = set()
    for vol in raw:
        if not isinstance(vol, dict) or not isinstance(vol.get("mount"), str):
            kept.append(vol)
            continue
        mount = vol["mount"].replace("\\", "/")
        drive = _DRIVE.match(mount)
        if os_name == "windows" and drive is None:
            letters = {str(v.get("mount", ""))[:1].upper() for v in kept if isinstance(v, dict)}
            letter = next(c for c in "CDEFGHIJKLMNOPQRSTUVWXYZ" if c not in letters)
            vol["mount"] = f"{letter}:/"
            notes.add(
                f"volume {vol.get('label')!r} mounted at {mount!r}; on Windows it is {letter}:/"
            )
        elif os_name != "windows" and not mount.startswith("/"):
            where = "/Volumes" if os_name == "macos" else "/media"
            vol["mount"] = "/" if not kept else f"{where}/{vol.get('folder') or 'disk'}"
            notes.add(f"volume {vol.get('label')!r} mounted at {mount!r}; it is {vol['mount']!r}")
        norm = schema._norm_mount(vol["mount"]).lower()
        folder = str(vol.get("folder", "")).lower()
        same = [
            v
            for v in kept
            if isinstance(v, dict)
            and (
                str(v.get("folder", "")).lower() == folder
                or schema._norm_mount(str(v.get("mount", ""))).lower() == norm
            )
        ]
        if same:
            notes.add(f"volume {vol.get('label')!r} repeats another's folder or mount; left out")
            continue
        folders.add(folder)
        kept.append(vol)
    fs["volumes"] = kept
    return [v for v in kept if isinstance(v, dict) and isinstance(v.get("mount"), str)]


class UserProfile(schema.UserProfile):
    __doc__ = schema.UserProfile.__doc__  # keeps the JSON schema identical to the real one

    _notes: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _repair_first(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> UserProfile:
        fixed, notes = repair_profile(data)
        value = handler(fixed)
        value._notes = notes
        return value

    @property
    def notes(self) -> list[str]:
        """What the repair changed, in words."""
        return list(self._notes)

    def as_profile(self) -> schema.UserProfile:
        """The strict `UserProfile` (what is stored)."""
        return schema.UserProfile.model_validate(self.model_dump())


ProfileReply = UserProfile
"""A profile as a model sends it: on the wire exactly `UserProfile`, repaired
(`repair_profile`) and then checked in full; `notes` says what was changed."""

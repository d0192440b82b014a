"""The user profile: who owns the synthetic computer, in enough detail to fill a disk.

A model writes a `UserProfile` from a persona as structured output, so every
model here is shaped for JSON schema: closed objects (`extra="forbid"`, which
is `additionalProperties: false`), `Literal` enums instead of free words where
later code branches on the value, bounded lists, no open `dict[str, Any]` and no
recursive types. Field descriptions are written to the model: they say what to
put there, with an example.

The groups follow the paper's released profiles (identity, biography, career,
current work and projects, related people, work style and document habits,
filesystem policy) plus a `fact_sheet`: the entities and figures the files will
share, so that the same client, budget and deadline recur across documents as
they do on a real disk.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CareerStage = Literal["student", "early_career", "mid_career", "senior", "executive", "late_career"]
OperatingSystem = Literal["windows", "macos", "linux"]
ProjectStatus = Literal["planning", "active", "on_hold", "wrapping_up", "completed"]
Relationship = Literal[
    "manager",
    "direct_report",
    "peer",
    "client",
    "vendor",
    "external_partner",
    "regulator",
    "mentor",
    "other",
]
Tidiness = Literal["meticulous", "organized", "average", "messy", "chaotic"]
NamingStyle = Literal["descriptive", "dated_prefix", "project_code", "default_names", "mixed"]
VersionSuffixHabit = Literal["none", "v_numbers", "final_suffixes", "dates", "mixed"]
TechLevel = Literal["basic", "intermediate", "advanced", "expert"]
ComputerUsage = Literal["light", "moderate", "heavy"]
DownloadsHabit = Literal["cleared_regularly", "occasional_cleanup", "never_cleaned"]
DesktopHabit = Literal["empty", "a_few_shortcuts", "cluttered"]
VolumeKind = Literal["system", "data", "external", "network"]
CloudSync = Literal["none", "onedrive", "google_drive", "dropbox", "icloud", "other"]
EntityType = Literal[
    "client",
    "organization",
    "person",
    "account",
    "budget",
    "product",
    "place",
    "key_date",
    "project",
    "contract",
    "metric",
    "course",
    "case",
    "asset",
    "other",
]

EMAIL_PATTERN = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
USERNAME_PATTERN = r"^[a-z][a-z0-9._-]{1,31}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]{1,47}$"
ENTITY_ID_PATTERN = r"^[a-z][a-z0-9_]{1,47}$"


class _Closed(BaseModel):
    """Every profile model refuses unknown keys: a misspelt field is an error the model can fix."""

    model_config = ConfigDict(extra="forbid")


# --- identity and career -----------------------------------------------------------------


class Identity(_Closed):
    full_name: str = Field(
        min_length=3, max_length=80, description="Given and family name, e.g. 'Maria Forsythe'."
    )
    username: str = Field(
        pattern=USERNAME_PATTERN,
        description="The login name of the computer's account, lower case, e.g. 'mforsythe'. "
        "It is also the last folder of the home path.",
    )
    email: str = Field(pattern=EMAIL_PATTERN, max_length=120, description="Work email address.")
    role: str = Field(
        min_length=2, max_length=100, description="Job title as on their email signature."
    )
    organization: str = Field(
        min_length=2,
        max_length=120,
        description="Employer's name (invent a plausible one), or 'Self-employed'.",
    )
    organization_context: str = Field(
        min_length=20,
        max_length=800,
        description="What the organization does, its size and sector, and which team the user sits in.",
    )
    location: str = Field(
        min_length=2, max_length=100, description="City and country, e.g. 'Leeds, United Kingdom'."
    )
    career_stage: CareerStage
    years_experience: int = Field(ge=0, le=60, description="Years of work in this field.")


class PastRole(_Closed):
    title: str = Field(min_length=2, max_length=100)
    organization: str = Field(min_length=2, max_length=120)
    start_year: int = Field(ge=1950, le=2100)
    end_year: int | None = Field(
        default=None, ge=1950, le=2100, description="None for the current role."
    )
    summary: str = Field(
        min_length=10,
        max_length=500,
        description="What they did and achieved there, in a sentence or two.",
    )

    @model_validator(mode="after")
    def _years_in_order(self) -> PastRole:
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError(
                f"role {self.title!r} ends ({self.end_year}) before it starts ({self.start_year})"
            )
        return self


class Project(_Closed):
    id: str = Field(
        pattern=SLUG_PATTERN,
        description="Short stable id used by file plans to say which project a file belongs to, e.g. 'q3-board-pack'.",
    )
    name: str = Field(min_length=3, max_length=120)
    description: str = Field(
        min_length=20,
        max_length=800,
        description="What the project is for and what it will deliver.",
    )
    client: str = Field(
        min_length=2,
        max_length=120,
        description="Who the work is for: a client, a funder or an internal team (name it).",
    )
    status: ProjectStatus
    start_date: dt.date
    end_date: dt.date | None = Field(
        default=None, description="Planned or actual end; None if open-ended."
    )
    entities: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Ids of fact-sheet entities this project involves (clients, budgets, key dates...).",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Project:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError(
                f"project {self.id!r} ends ({self.end_date}) before it starts ({self.start_date})"
            )
        return self


class Collaborator(_Closed):
    name: str = Field(min_length=3, max_length=80)
    role: str = Field(
        min_length=2, max_length=100, description="Their job title, e.g. 'Head of Science'."
    )
    relationship: Relationship = Field(description="How they relate to the user.")
    organization: str = Field(
        min_length=2, max_length=120, description="Their employer; the user's own for colleagues."
    )
    communication_style: str = Field(
        min_length=10,
        max_length=300,
        description="How they write and what they care about, e.g. 'terse emails, wants numbers first, hates surprises'.",
    )
    email: str = Field(pattern=EMAIL_PATTERN, max_length=120)
    projects: list[str] = Field(
        default_factory=list,
        max_length=5,
        description="Ids of current projects they are involved in.",
    )


# --- habits and the machine --------------------------------------------------------------


class WorkHabits(_Closed):
    tidiness: Tidiness = Field(description="How orderly their folders are.")
    naming_style: NamingStyle
    naming_convention: str = Field(
        min_length=10,
        max_length=300,
        description="How they name files, with an example, e.g. 'date prefix then topic: 2024-03-04 Budget review.xlsx'.",
    )
    version_suffix_habit: VersionSuffixHabit = Field(
        description="How they mark versions: v_numbers (_v2), final_suffixes (_FINAL, _final2), dates, none or mixed."
    )
    version_suffix_examples: list[str] = Field(
        default_factory=list,
        max_length=5,
        description="Suffixes they actually use, e.g. ['_v2', '_FINAL', '_final_JS'].",
    )
    uses_dated_folders: bool = Field(description="Whether they file work in year or month folders.")
    archives_old_work: bool = Field(description="Whether finished work moves to an Archive folder.")
    downloads_habit: DownloadsHabit
    desktop_habit: DesktopHabit
    tech_level: TechLevel
    computer_usage: ComputerUsage = Field(
        description="How much of their working day is spent on this computer."
    )


class Volume(_Closed):
    label: str = Field(
        min_length=1,
        max_length=60,
        description="What the user sees, e.g. 'C:', 'D: Data', 'Macintosh HD', 'Samsung T7'.",
    )
    mount: str = Field(
        min_length=1,
        max_length=120,
        description="Logical path prefix of the volume: 'C:/' or 'D:/' on Windows, '/' or '/Volumes/Samsung T7' on macOS, '/' or '/media/usb' on Linux.",
    )
    folder: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$",
        description="Top-level folder of the computer that holds this volume's files, e.g. 'C', 'D', 'Macintosh HD'.",
    )
    kind: VolumeKind
    purpose: str = Field(min_length=3, max_length=200, description="What the user keeps there.")


class FilesystemPolicy(_Closed):
    """How the machine was set up and how the user stores things on it.

    Logical paths are what the user and the agents see (`C:/Users/mforsythe/Documents`);
    `to_disk` maps them to paths inside the computer's folder (`C/Users/mforsythe/Documents`).
    """

    os: OperatingSystem
    volumes: list[Volume] = Field(
        min_length=1,
        max_length=4,
        description="The system volume first, then any data, external or network volumes.",
    )
    home: str = Field(
        min_length=1,
        max_length=200,
        description="Logical home folder, e.g. 'C:/Users/mforsythe' or '/Users/mforsythe'.",
    )
    documents: str = Field(
        min_length=1, max_length=200, description="Logical Documents folder, usually under home."
    )
    downloads: str = Field(min_length=1, max_length=200, description="Logical Downloads folder.")
    desktop: str = Field(min_length=1, max_length=200, description="Logical Desktop folder.")
    cloud_sync: CloudSync = Field(description="Which sync client, if any, mirrors their documents.")
    storage_pattern: str = Field(
        min_length=10,
        max_length=500,
        description="Where things go, e.g. 'work by client under Documents/Clients; photos and backups on D:'.",
    )
    organization_style: str = Field(
        min_length=10,
        max_length=500,
        description="How the hierarchy is organised: by project, client, year, document type...",
    )

    @field_validator("home", "documents", "downloads", "desktop")
    @classmethod
    def _forward_slashes(cls, value: str) -> str:
        # Models write Windows paths both ways; one spelling keeps comparisons honest.
        return value.replace("\\", "/").rstrip("/") or "/"

    @field_validator("volumes")
    @classmethod
    def _volumes_unique(cls, volumes: list[Volume]) -> list[Volume]:
        folders = [v.folder.lower() for v in volumes]
        if len(set(folders)) != len(folders):
            raise ValueError("two volumes use the same top-level folder; give each its own")
        mounts = [_norm_mount(v.mount) for v in volumes]
        if len(set(mounts)) != len(mounts):
            raise ValueError("two volumes have the same mount path")
        return volumes

    @model_validator(mode="after")
    def _consistent(self) -> FilesystemPolicy:
        for vol in self.volumes:
            mount = _norm_mount(vol.mount)
            if self.os == "windows" and not re.fullmatch(r"[A-Z]:/", mount):
                raise ValueError(
                    f"on Windows a volume mounts at a drive letter like 'C:/', not {vol.mount!r}"
                )
            if self.os != "windows" and not mount.startswith("/"):
                raise ValueError(
                    f"on {self.os} a volume mounts at an absolute path like '/', not {vol.mount!r}"
                )
        for name in ("home", "documents", "downloads", "desktop"):
            path = getattr(self, name)
            if self.volume_of(path) is None:
                raise ValueError(f"{name} path {path!r} is not on any of the listed volumes")
        home = self.home.lower()
        if not self.documents.lower().startswith(home + "/") and self.documents.lower() != home:
            # Redirected Documents (to D:/ or a sync folder) is real but rare; say so rather than guess.
            if self.volume_of(self.documents) is self.volume_of(self.home):
                raise ValueError(
                    f"documents path {self.documents!r} should sit under the home folder {self.home!r}"
                )
        return self

    def volume_of(self, logical: str) -> Volume | None:
        """The volume a logical path lives on (longest mount prefix wins)."""
        path = logical.replace("\\", "/")
        best: Volume | None = None
        best_len = -1
        for vol in self.volumes:
            mount = _norm_mount(vol.mount)
            if _under(path, mount) and len(mount) > best_len:
                best, best_len = vol, len(mount)
        return best

    def drive_volumes(self) -> dict[str, str]:
        """Drive letter -> folder, the shape `engine.computer`'s sandbox takes (`{"C": "C"}`).

        Empty off Windows: there the agent sees plain paths relative to the computer root.
        """
        if self.os != "windows":
            return {}
        return {_norm_mount(v.mount)[0]: v.folder for v in self.volumes}

    def to_disk(self, logical: str) -> str:
        """Map a logical path (`C:/Users/x/Documents/a.docx`) to a path relative to the computer root.

        Raises ValueError for a path on no known volume; the sandbox turns that into its own error.
        """
        path = logical.replace("\\", "/")
        vol = self.volume_of(path)
        if vol is None:
            raise ValueError(f"{logical!r} is not on any volume of this computer")
        mount = _norm_mount(vol.mount)
        rest = path[len(mount) :] if path.lower().startswith(mount.lower()) else ""
        rest = rest.strip("/")
        return f"{vol.folder}/{rest}" if rest else vol.folder


def _norm_mount(mount: str) -> str:
    m = mount.replace("\\", "/")
    if re.fullmatch(r"[A-Za-z]:/?", m):
        return m[0].upper() + ":/"
    return m.rstrip("/") + "/" if m != "/" else "/"


def _under(path: str, mount: str) -> bool:
    p = path if path.endswith("/") else path + "/"
    return p.lower().startswith(mount.lower())


# --- the fact sheet ----------------------------------------------------------------------


class Attribute(_Closed):
    key: str = Field(
        min_length=1, max_length=40, description="e.g. 'sector', 'account_number', 'owner'."
    )
    value: str = Field(min_length=1, max_length=300)


class Entity(_Closed):
    """One thing several files mention: a client, an account, a budget, a deadline, a product, a place."""

    id: str = Field(
        pattern=ENTITY_ID_PATTERN,
        description="Stable snake_case id, e.g. 'client_hartwell' or 'budget_2024_lab'.",
    )
    type: EntityType
    name: str = Field(
        min_length=2,
        max_length=120,
        description="How documents name it, e.g. 'Hartwell Family Trust'.",
    )
    description: str = Field(default="", max_length=400)
    amount: float | None = Field(
        default=None,
        description="For budgets, accounts, contracts and metrics: the figure files will quote.",
    )
    currency: str | None = Field(
        default=None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code for amount, e.g. 'GBP'."
    )
    date: dt.date | None = Field(
        default=None, description="For key dates (deadlines, meetings, renewals): the day."
    )
    attributes: list[Attribute] = Field(
        default_factory=list, max_length=12, description="Other facts as key/value pairs."
    )

    @model_validator(mode="after")
    def _figures_complete(self) -> Entity:
        if self.type == "budget" and (self.amount is None or self.currency is None):
            raise ValueError(f"budget {self.id!r} needs both an amount and a currency")
        if self.currency is not None and self.amount is None:
            raise ValueError(f"entity {self.id!r} has a currency but no amount")
        if self.type == "key_date" and self.date is None:
            raise ValueError(f"key date {self.id!r} needs a date")
        keys = [a.key.lower() for a in self.attributes]
        if len(set(keys)) != len(keys):
            raise ValueError(f"entity {self.id!r} repeats an attribute key")
        return self


class FactSheet(_Closed):
    entities: list[Entity] = Field(
        min_length=5,
        max_length=60,
        description="The clients, accounts, budgets (with amounts and currency), key dates, products and places the files share.",
    )

    @field_validator("entities")
    @classmethod
    def _unique_ids(cls, entities: list[Entity]) -> list[Entity]:
        seen: set[str] = set()
        for ent in entities:
            if ent.id in seen:
                raise ValueError(f"fact-sheet id {ent.id!r} is used twice")
            seen.add(ent.id)
        return entities

    def ids(self) -> set[str]:
        return {e.id for e in self.entities}

    def get(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


# --- the profile -------------------------------------------------------------------------


class UserProfile(_Closed):
    """Everything later stages need to know about the computer's owner."""

    identity: Identity
    biography: str = Field(
        min_length=80,
        max_length=3000,
        description="A paragraph or two: background, education, what they are like at work.",
    )
    career_history: list[PastRole] = Field(
        min_length=1, max_length=8, description="Past and current roles, oldest first."
    )
    work_context: str = Field(
        min_length=40,
        max_length=2000,
        description="What their work looks like now and in the last few years: responsibilities, rhythms, pressures.",
    )
    current_projects: list[Project] = Field(min_length=2, max_length=5)
    collaborators: list[Collaborator] = Field(
        min_length=4,
        max_length=10,
        description="Colleagues, managers, clients and outside contacts.",
    )
    software: list[str] = Field(
        min_length=3,
        max_length=30,
        description="Applications they use, e.g. 'Excel', 'SIMS', 'Zotero'.",
    )
    work_habits: WorkHabits
    filesystem: FilesystemPolicy
    fact_sheet: FactSheet

    @model_validator(mode="after")
    def _cross_references(self) -> UserProfile:
        ids = self.fact_sheet.ids()
        project_ids = [p.id for p in self.current_projects]
        if len(set(project_ids)) != len(project_ids):
            raise ValueError("two current projects share an id")
        for proj in self.current_projects:
            missing = [e for e in proj.entities if e not in ids]
            if missing:
                raise ValueError(
                    f"project {proj.id!r} refers to {missing}, which are not in the fact sheet"
                )
        emails = [c.email.lower() for c in self.collaborators]
        if len(set(emails)) != len(emails):
            raise ValueError("two collaborators share an email address")
        if self.identity.email.lower() in emails:
            raise ValueError("a collaborator has the user's own email address")
        for collab in self.collaborators:
            unknown = [p for p in collab.projects if p not in project_ids]
            if unknown:
                raise ValueError(
                    f"collaborator {collab.name!r} is on {unknown}, which are not current projects"
                )
        if len({s.lower() for s in self.software}) != len(self.software):
            raise ValueError("software lists the same application twice")
        home_leaf = self.filesystem.home.rstrip("/").rsplit("/", 1)[-1]
        if home_leaf.lower() != self.identity.username.lower():
            raise ValueError(
                f"the home folder {self.filesystem.home!r} should end in the username {self.identity.username!r}"
            )
        return self

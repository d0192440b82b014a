"""Who owns the computer: name, role, employer, place, and the collaborators the agent will meet."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from engine.schema.profile import UserProfile
from engine.store import WorldRecord


class WorldCard(Static):
    DEFAULT_CSS = """
    WorldCard { padding: 0 1; height: auto; }
    """

    def on_mount(self) -> None:
        self.update(Text("reading the profile…", style="dim"))

    def show(self, profile: UserProfile, world: WorldRecord) -> None:
        ident = profile.identity
        text = Text()
        text.append(ident.full_name, style="bold")
        text.append(f"  {ident.role}, {ident.organization}\n")
        text.append(
            f"{ident.location} · {ident.years_experience} years · {ident.email}\n", style="dim"
        )
        text.append("Collaborators: ", style="bold")
        text.append(" · ".join(f"{c.name} ({c.role})" for c in profile.collaborators) + "\n")
        text.append("Projects: ", style="bold")
        text.append(" · ".join(p.name for p in profile.current_projects))
        edits = len(world.meta.get("curation", []))
        if edits:
            text.append(f"\n{edits} hand edits recorded", style="dim")
        self.update(text)

    def missing(self, why: str) -> None:
        self.update(Text(f"No profile: {why}", style="yellow"))

"""The scripted objectives agent: a month of work built from the request's context alone.

It reads the profile, the occupation, the file tree and the dates from the
`<context>` block and plans what this person's manager would plan: one
deliverable per current project (a chemistry teacher gets a revised practical
scheme, a mock results analysis and a costed lab order; a financial advisor a
portfolio refresh paper, a committee deck and a household review pack; any
other job deliverables named after its typical artefacts), grounded in files
that are on the computer, with rubrics tied to the fact sheet's figures and
dates, the profile's collaborators as personas with private files (some with a
planted error whose exact wrong and right values are written down), and the
month's interventions. Deterministic for a request: every choice comes from
the request's RNG.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from random import Random
from typing import Any

from engine.llm.scripted import ScriptedRequest, register_structured
from engine.schema.objectives import Objectives
from engine.schema.profile import Collaborator, Entity, Project, UserProfile
from engine.sim.prompts_objectives import previous_answer, read_repair
from engine.sim.scripted import catalog as cat
from engine.sim.scripted._world import (
    amounts,
    attribute,
    clip_file_name,
    clip_words,
    collaborator_for,
    describe_entity,
    entity_figure,
    first_name,
    money,
    output_folder,
    project_entities,
    project_files,
    words,
)
from engine.synth.prompts import read_context

_STATUS_ORDER = {"active": 0, "planning": 1, "wrapping_up": 2, "on_hold": 3, "completed": 4}
_GENERIC_ARTIFACTS = (
    ("report", ("docx", "pdf")),
    ("analysis workbook", ("xlsx",)),
    ("briefing presentation", ("pptx",)),
    ("plan", ("docx", "xlsx")),
    ("briefing note", ("docx",)),
)


class _Defaults(dict[str, str]):
    """Placeholders a template names but this world lacks read as a neutral phrase."""

    def __missing__(self, key: str) -> str:
        return {"pupils": "30", "group": "the class", "vendor": "the usual supplier"}.get(
            key, key.replace("_", " ")
        )


def fill(text: str, values: dict[str, str]) -> str:
    return text.format_map(_Defaults(values))


def guess_family(profile: UserProfile) -> str | None:
    role = f"{profile.identity.role} {profile.work_context}".lower()
    for family, hints in cat.ROLE_WORDS.items():
        if any(h in role for h in hints):
            return family
    return None


class _Planner:
    """One month of objectives for one profile; every random choice from one RNG."""

    def __init__(self, ctx: dict[str, Any], rng: Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.profile = UserProfile.model_validate(ctx["profile"])
        self.tree: list[dict[str, Any]] = list(ctx.get("tree") or [])
        self.days = int(ctx.get("days") or 20)
        self.year = str(ctx.get("today") or "2024")[:4]
        fs = self.profile.filesystem
        self.documents = ctx.get("documents") or fs.to_disk(fs.documents)
        self.occupation: dict[str, Any] = ctx.get("occupation") or {}
        self.family = self.occupation.get("family") or guess_family(self.profile)
        ident = self.profile.identity
        self.user = ident.full_name
        self.first = first_name(ident.full_name)

    # -- people -----------------------------------------------------------------------

    def personas(self) -> list[dict[str, Any]]:
        people = [self._persona(c) for c in self.profile.collaborators[:8]]
        roles = list(self.occupation.get("collaborator_roles") or []) or [
            "Finance Officer",
            "Operations Coordinator",
            "Administrator",
        ]
        used = {p["name"] for p in people} | {self.user}
        spare = [n for n in cat.EXTRA_NAMES if n not in used]
        self.rng.shuffle(spare)
        domain = self.profile.identity.email.split("@", 1)[1]
        target = max(5, len(people))
        while len(people) < target and spare:
            name = spare.pop()
            role = roles[len(people) % len(roles)]
            people.append(
                {
                    "name": name,
                    "role": role[:100],
                    "email": f"{name.lower().replace(' ', '.')}@{domain}",
                    "communication_style": "Polite and clear; answers within the day and likes specific questions.",
                    "decision_authority": fill(cat.AUTHORITY["peer"], {"first": self.first}),
                    "preferences": list(self.rng.sample(cat.PREFERENCES["peer"], 1)),
                    "knowledge": [f"Works alongside {self.user} as {role}."],
                    "private_files": [],
                    "reply_after_turns": 3 + self.rng.randint(0, 2),
                    "reliability": 0.9,
                }
            )
        return people

    def _persona(self, c: Collaborator) -> dict[str, Any]:
        style = c.communication_style.lower()
        delay = 3
        if re.search(r"fast|quick|prompt|immediately", style):
            delay = 1
        elif re.search(r"short|terse|brief", style):
            delay = 2
        elif re.search(r"formal|slow|busy|days", style):
            delay = 6
        if c.relationship in ("client", "vendor", "external_partner", "regulator"):
            delay += 2
        reliability = {"manager": 0.95, "client": 0.85, "vendor": 0.85}.get(c.relationship, 0.9)
        prefs = cat.PREFERENCES.get(c.relationship, cat.PREFERENCES["other"])
        picked = self.rng.sample(prefs, min(2, len(prefs)))
        knowledge = []
        for pid in c.projects:
            proj = next((p for p in self.profile.current_projects if p.id == pid), None)
            if proj is None:
                continue
            knowledge.append(f"{proj.name}: {proj.description}"[:300])
            knowledge += [describe_entity(e) for e in project_entities(self.profile, proj)]
        for ent in self.profile.fact_sheet.entities:
            if (
                ent.name.lower() in c.organization.lower()
                or c.organization.lower() in ent.name.lower()
            ):
                knowledge.append(describe_entity(ent))
        if not knowledge:
            knowledge.append(f"Knows {self.user}'s work at {self.profile.identity.organization}.")
        return {
            "name": c.name,
            "role": c.role,
            "email": c.email,
            "communication_style": c.communication_style,
            "decision_authority": fill(cat.AUTHORITY[c.relationship], {"first": self.first}),
            "preferences": picked,
            "knowledge": list(dict.fromkeys(knowledge))[:12],
            "private_files": [],
            "reply_after_turns": delay + self.rng.randint(0, 1),
            "reliability": round(reliability - self.rng.choice((0.0, 0.02, 0.05)), 2),
        }

    # -- deliverables -----------------------------------------------------------------

    def projects(self) -> list[Project]:
        return sorted(
            self.profile.current_projects, key=lambda p: (_STATUS_ORDER.get(p.status, 5), p.id)
        )

    def templates(self, n: int) -> list[tuple[Project, cat.DeliverableT]]:
        """n (project, template) pairs.

        Each project first gets the unused template its words fit best (or one built
        from the job's artefacts); further deliverables take the remaining templates,
        each on the project it fits best, so a committee deck lands on the portfolio
        project rather than on whichever project comes next.
        """
        pool = list(cat.BY_FAMILY.get(self.family or "", ()))
        projects = self.projects()
        text = {p.id: words(f"{p.name} {p.description}") for p in projects}
        used: set[str] = set()
        out: list[tuple[Project, cat.DeliverableT]] = []

        def fit(t: cat.DeliverableT, p: Project) -> int:
            return len(text[p.id] & set(t.match))

        for proj in projects[:n]:
            best = max(pool, key=lambda t: (fit(t, proj), -pool.index(t)), default=None)
            if best is not None and fit(best, proj) > 0:
                pool.remove(best)
                used |= words(best.title)
                out.append((proj, best))
            else:
                out.append((proj, self._generic(proj, used)))
        while len(out) < n:
            if pool:
                t = pool.pop(0)
                proj = max(projects, key=lambda p: (fit(t, p), -projects.index(p)))
                used |= words(t.title)
            else:
                proj = projects[len(out) % len(projects)]
                t = self._generic(proj, used)
            out.append((proj, t))
        return out

    def _generic(self, proj: Project, used: set[str]) -> cat.DeliverableT:
        """A deliverable named after one of this job's typical artefacts not yet given out."""
        arts = [(a["name"], tuple(a["kinds"])) for a in self.occupation.get("artifacts") or []]
        arts = [a for a in arts if a[1][0] in ("docx", "xlsx", "pptx", "pdf", "md", "csv")]
        arts = arts or list(_GENERIC_ARTIFACTS)
        text = words(f"{proj.name} {proj.description}")
        fresh = [a for a in arts if len(words(a[0]) - used) == len(words(a[0]))] or arts
        name, kinds = max(fresh, key=lambda a: (len(words(a[0]) & text), -fresh.index(a)))
        used |= words(name)
        main = kinds[0]
        outputs = [(main, f"The {name} for {proj.name}")]
        if main != "xlsx":
            outputs.append(("xlsx", f"Supporting workbook with the figures behind the {name}"))
        if main in ("docx", "pptx"):
            outputs.append(("pdf", f"PDF export of the {name} to circulate"))
        return cat.DeliverableT(
            key=f"generic:{name}",
            match=(),
            title=f"{name[:1].upper()}{name[1:]} for {proj.name}",
            description=(
                f"Prepare the {name} for {proj.name} ({proj.client}): {proj.description.rstrip('.')}. "
                "{requester_first} needs it complete, with the figures checked against the files."
            ),
            outputs=tuple(outputs),
            requester=("manager", "client", "peer"),
            criteria=cat.GENERIC_EXPERTISE,
            changes=cat.REQUIREMENT_CHANGES,
        )

    def values(
        self, proj: Project, requester: dict[str, Any], t: cat.DeliverableT
    ) -> dict[str, str]:
        profile = self.profile
        ents = project_entities(profile, proj)
        all_ents = profile.fact_sheet.entities
        money_ents = amounts(ents) or amounts(all_ents)
        # Money before bare numbers, budgets first where the work is about spending.
        money_ents.sort(
            key=lambda e: (e.currency is None, t.key == "lab_budget" and e.type != "budget")
        )
        figure = money_ents[0] if money_ents else None
        dates = [e for e in ents if e.type == "key_date"] or [
            e for e in all_ents if e.type == "key_date"
        ]
        groups = [e for e in ents if e.type in ("course", "client", "case")] or [
            e for e in all_ents if e.type in ("course", "client")
        ]
        group = groups[0] if groups else None
        org = profile.identity.organization
        vendors = [
            e
            for e in all_ents
            if e.type == "organization"
            and e.name != org
            and e.id.startswith(("vendor", "supplier"))
        ] or [e for e in all_ents if e.type == "organization" and e.name != org]
        v = {
            "user": self.user,
            "first": self.first,
            "org": org,
            "role": profile.identity.role,
            "project": proj.name,
            "client": group.name if group is not None and group.type == "client" else proj.client,
            "requester": requester["name"],
            "requester_first": first_name(requester["name"]),
            "requester_role": requester["role"],
            "year": self.year,
            "artifact": t.key.split(":", 1)[1] if t.key.startswith("generic:") else t.title.lower(),
        }
        if figure is not None:
            v["figure"] = entity_figure(figure) or ""
            v["figure_name"] = figure.name
        if dates:
            v["date"] = entity_figure(dates[0]) or ""
            v["date_name"] = dates[0].name
        if group is not None:
            v["group"] = group.name
            pupils = attribute(group, "pupils", "students", "size", "members")
            if pupils:
                v["pupils"] = pupils
        if vendors:
            v["vendor"] = vendors[0].name
        return v

    def due_days(self, n: int) -> list[int]:
        out = []
        for i in range(n):
            base = round(self.days * (0.4 + 0.55 * i / max(1, n - 1)))
            out.append(max(3, min(self.days, base + self.rng.choice((-1, 0, 0, 1)))))
        return out

    def deliverable(
        self,
        k: int,
        proj: Project,
        t: cat.DeliverableT,
        requester: dict[str, Any],
        people: list[dict[str, Any]],
        due: int,
    ) -> dict[str, Any]:
        v = self.values(proj, requester, t)
        hint = " ".join([t.title, *(d for _, d in t.outputs)])
        grounding = project_files(self.tree, proj, fill(hint, v), limit=self.rng.choice((2, 3, 4)))
        folder = output_folder(grounding, self.documents)
        names = [PurePosixPath(p).name for p in grounding]
        description = fill(t.description, v)
        if names:
            description += " Start from " + ", ".join(names) + "."
        on_project = [
            p["name"]
            for p in people
            if p["name"] != requester["name"]
            and any(
                c.name == p["name"] and proj.id in c.projects for c in self.profile.collaborators
            )
        ]
        rubric = [
            (
                fill(ct.text, v),
                ct.points,
                ct.source,
                ct.visibility,
                [fill(w, v) for w in ct.keywords],
            )
            for ct in t.criteria
        ]
        rubric += self._world_criteria(proj, t, v, grounding, folder, requester, due)
        milestones = sorted(
            {
                max(
                    1, round(due * 0.35)
                ): f"Outline and sources agreed with {v['requester_first']}",
                max(2, round(due * 0.7)): f"Draft shared with {v['requester_first']} for comments",
                due: "Final version submitted",
            }.items()
        )
        return {
            "id": f"DLV_{k:03d}",
            "title": clip_words(fill(t.title, v), 160),
            "requester": requester["name"],
            "project": clip_words(proj.name, 120),
            "description": description[:2000],
            "due_day": due,
            "milestones": [{"day": d, "text": text} for d, text in milestones if d <= due],
            "expected_outputs": [
                {"kind": kind, "folder": folder, "description": fill(desc, v)[:400]}
                for kind, desc in t.outputs
            ],
            "grounding_files": grounding,
            "collaborators": [requester["name"], *on_project[:2]],
            "rubric": rubric,  # numbered in finish()
            "_template": t,
            "_values": v,
        }

    def _world_criteria(
        self,
        proj: Project,
        t: cat.DeliverableT,
        v: dict[str, str],
        grounding: list[str],
        folder: str,
        requester: dict[str, Any],
        due: int,
    ) -> list[tuple[str, int, str, str, list[str]]]:
        leaf = "/".join(folder.split("/")[-2:])
        out: list[tuple[str, int, str, str, list[str]]] = []
        for kind, desc in t.outputs[:3]:
            what = fill(desc, v)[:200]
            what = what[:1].lower() + what[1:] if what[1:2].islower() else what
            out.append((f"Delivers {what} as a .{kind} file in {leaf}", 2, "spec", cat.BRIEF, []))
        out.append(
            (
                f"Submitted by day {due} with every output file listed in the submission",
                2,
                "spec",
                cat.BRIEF,
                [],
            )
        )
        for path in grounding[:2]:
            out.append(
                (f"Draws its facts from {PurePosixPath(path).name}", 2, "reference", cat.BRIEF, [])
            )
        if len(grounding) > 2:
            out.append(
                (
                    f"Also uses {PurePosixPath(grounding[2]).name}",
                    2,
                    "reference",
                    cat.ASK,
                    ["sources", "files", "data"],
                )
            )
        quoted = v.get("figure_name", "")
        for ent in amounts(project_entities(self.profile, proj))[:3]:
            kws = sorted(words(ent.name), key=len, reverse=True)[:3]
            vis = cat.REVIEW if ent.name == quoted else cat.ASK
            out.append(
                (
                    f"Quotes the {ent.name} as {money(ent.amount or 0, ent.currency)} wherever it appears",
                    5,
                    "reference",
                    vis,
                    kws if vis == cat.ASK else [],
                )
            )
        for ent in [e for e in project_entities(self.profile, proj) if e.type == "key_date"][:1]:
            out.append(
                (
                    f"Works to the {ent.name} on {entity_figure(ent)}",
                    2,
                    "reference",
                    cat.ASK,
                    [*sorted(words(ent.name))[:2], "deadline", "date"],
                )
            )
        for pref in requester["preferences"][:2]:
            kws = sorted(words(pref), key=len, reverse=True)[:3]
            out.append(
                (
                    f"Follows {v['requester_first']}'s preference: {pref}",
                    2,
                    "interaction",
                    cat.ASK,
                    kws,
                )
            )
        out.append(
            (
                f"Checks the scope with {v['requester_first']} before the final version",
                1,
                "interaction",
                cat.REVIEW,
                [],
            )
        )
        habits = self.profile.work_habits
        suffixes = ", ".join(habits.version_suffix_examples) or "_v2"
        out += [
            (
                "Figures agree across every output file: no figure differs between documents",
                5,
                "quality",
                cat.REVIEW,
                [],
            ),
            (
                "No placeholder text (TBD, XX, Lorem ipsum) in any output",
                2,
                "quality",
                cat.REVIEW,
                [],
            ),
            (
                f"File names follow {self.first}'s convention: {habits.naming_convention}"[:480],
                1,
                "quality",
                cat.REVIEW,
                [],
            ),
            (
                f"Revisions are saved as new versions ({suffixes}) rather than overwriting the original",
                1,
                "quality",
                cat.ASK,
                ["version", "versions", "overwrite"],
            ),
        ]
        return out

    # -- private files, planted errors, interventions -----------------------------------

    def private_files(
        self, dlvs: list[dict[str, Any]], people: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Give each requester a file; plant an error in some. Returns the planted ones."""
        by_name = {p["name"]: p for p in people}
        planted: list[dict[str, Any]] = []
        order = list(range(len(dlvs)))
        chosen = {i for i in order if self.rng.random() < 0.5} or {self.rng.choice(order)}
        if len(chosen) == len(order) and len(order) > 1:
            chosen.discard(self.rng.choice(sorted(chosen)))
        kinds = ["percent", "unit"]
        self.rng.shuffle(kinds)
        for i, dlv in enumerate(dlvs):
            t: cat.DeliverableT = dlv["_template"]
            v: dict[str, str] = dlv["_values"]
            owner = by_name[dlv["requester"]]
            if t.private_file is not None:
                name, desc = (fill(x, v) for x in t.private_file)
            else:
                stem = v.get("figure_name") or dlv["project"]
                name = f"{stem} - working figures {self.year}.xlsx"
                desc = f"{owner['name']}'s working figures for {dlv['project']}: {v.get('figure_name', 'the main lines')} and the lines behind it"
            name = clip_file_name(re.sub(r'[<>:"/\\|?*]', "-", name), 120)
            if (
                any(f["name"] == name for f in owner["private_files"])
                or len(owner["private_files"]) >= 6
            ):
                continue
            entry: dict[str, Any] = {"name": name, "description": desc[:600]}
            if i in chosen:
                kind = kinds[len(planted) % 2]
                err = self._planted(kind, v, dlv, f"{name} {desc}")
                entry["planted_error"] = err["text"]
                planted.append({**err, "file": name, "owner": owner["name"], "dlv": dlv})
                dlv["rubric"].append(
                    (
                        f"Catches the error in {name}: uses {err['correct']} for the {err['label']}, not {err['shown']}"[
                            :500
                        ],
                        5,
                        "reference",
                        cat.REVIEW,
                        [],
                    )
                )
            owner["private_files"].append(entry)
        return planted

    def _planted(
        self, kind: str, v: dict[str, str], dlv: dict[str, Any], desc: str
    ) -> dict[str, str]:
        """A deliberate mistake with its exact wrong and right values, worded for the file.

        A figure moved by 1.7 % needs a figure big enough to show it; otherwise the
        mistake is a ratio written as a fraction where a percentage belongs.
        """
        figure = self._figure_entity(v)
        if kind == "percent" and figure is not None and (figure.amount or 0) >= 100:
            amount = figure.amount or 0.0
            up = self.rng.random() < 0.6
            shown = amount * (1.017 if up else 0.983)
            correct_s, shown_s = money(amount, figure.currency), money(shown, figure.currency)
            way = "too high" if up else "too low"
            return {
                "label": figure.name,
                "shown": shown_s,
                "correct": correct_s,
                "text": f"The {figure.name} shows {shown_s} instead of {correct_s} (1.7 % {way}).",
            }
        ratio = round(self.rng.uniform(0.35, 0.85), 3)
        label = self._ratio_label(v, desc, dlv)
        shown_s, correct_s = f"{ratio:.3f} %", f"{ratio * 100:.1f} %"
        return {
            "label": label,
            "shown": shown_s,
            "correct": correct_s,
            "text": f"The {label} is written as {shown_s} instead of {correct_s} (a fraction shown as a percentage).",
        }

    def _ratio_label(self, v: dict[str, str], desc: str, dlv: dict[str, Any]) -> str:
        """A ratio the file would plausibly hold, from what the file is about."""
        about = words(desc)
        ents = self.profile.fact_sheet.entities
        named = [e for e in ents if words(e.name) & about]
        fallback = [e for e in ents if e.name in (v.get("group"), v.get("figure_name"))]
        for ent in [*named, *fallback]:
            if ent.type == "budget":
                return f"share of the {ent.name} spent to date"
            if ent.type == "course":
                return f"share of {ent.name} on or above target"
            if ent.type in ("client", "account", "asset"):
                return f"equity share of the {ent.name} portfolio"
            if ent.type in ("product", "project", "contract"):
                return f"equity weight of the {ent.name}"
        return f"{dlv['project']} share complete"

    def _figure_entity(self, v: dict[str, str]) -> Entity | None:
        name = v.get("figure_name")
        return next((e for e in self.profile.fact_sheet.entities if e.name == name), None)

    def interventions(
        self,
        dlvs: list[dict[str, Any]],
        people: list[dict[str, Any]],
        planted: list[dict[str, Any]],
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        days = self.days
        first_due = min(dlvs, key=lambda d: d["due_day"])
        owner = next(p for p in people if p["name"] == first_due["requester"])
        if owner["private_files"]:
            f = owner["private_files"][0]
            out.append(
                {
                    "day": min(days, self.rng.randint(2, 4)),
                    "sender": owner["name"],
                    "kind": "file_shared",
                    "deliverable_id": first_due["id"],
                    "subject": f"{f['name']} for {first_due['title']}"[:200],
                    "body": f"Hi {self.first}, ahead of {first_due['title']} here is {f['name']}, which has the figures you will need. {first_name(owner['name'])}",
                }
            )
        change_day = min(days, self.rng.randint(8, 10))
        later = [d for d in dlvs if d["due_day"] >= change_day + 2] or dlvs
        target = later[0]
        t: cat.DeliverableT = target["_template"]
        change = self.rng.choice(t.changes or cat.REQUIREMENT_CHANGES)
        out.append(
            {
                "day": change_day,
                "sender": target["requester"],
                "kind": "requirement_change",
                "deliverable_id": target["id"],
                "subject": f"Change to {target['title']}"[:200],
                "body": f"{self.first}, one change to {target['title']}: {change}. The due day stays day {target['due_day']}.",
            }
        )
        target["rubric"].append(
            (
                f"Applies the change asked for on day {change_day}: {change}"[:500],
                2,
                "interaction",
                cat.REVIEW,
                [],
            )
        )
        if planted:
            p = planted[0]
            out.append(
                {
                    "day": min(days, self.rng.randint(16, 18)),
                    "sender": p["owner"],
                    "kind": "correction",
                    "deliverable_id": p["dlv"]["id"],
                    "subject": f"Correction: {p['file']}"[:200],
                    "body": f"{self.first}, I have just noticed a mistake in {p['file']}: the {p['label']} should be {p['correct']}, not {p['shown']}. Please use {p['correct']} in {p['dlv']['title']}.",
                }
            )
        reminded = False
        for d in dlvs:
            if d["due_day"] >= 6 and (self.rng.random() < 0.7 or not reminded):
                reminded = True
                out.append(
                    {
                        "day": d["due_day"] - 2,
                        "sender": d["requester"],
                        "kind": "reminder",
                        "deliverable_id": d["id"],
                        "subject": f"Reminder: {d['title']}"[:200],
                        "body": f"Just a reminder that {d['title']} is due on day {d['due_day']}. Send me what you have if you are stuck.",
                    }
                )
        requesters = {d["requester"] for d in dlvs}
        helpers = [p for p in people if p["name"] not in requesters] or people
        asker = self.rng.choice(helpers)
        files = [g for d in dlvs for g in d["grounding_files"]]
        if files:
            wanted = PurePosixPath(self.rng.choice(files)).name
            out.append(
                {
                    "day": min(days, self.rng.randint(11, 13)),
                    "sender": asker["name"],
                    "kind": "new_request",
                    "subject": "Quick favour",
                    "body": f"{self.first}, could you send me a copy of {wanted} when you have a moment? I need it for a meeting later this week.",
                }
            )
        return sorted(out, key=lambda i: (i["day"], i["kind"]))[:30]

    # -- the whole month ----------------------------------------------------------------

    def build(self) -> Objectives:
        people = self.personas()
        n = min(6, max(3, self.rng.choice((3, 4, 4, 5))))
        pairs = self.templates(n)
        dues = self.due_days(n)
        dlvs = []
        for k, ((proj, t), due) in enumerate(zip(pairs, dues, strict=True), start=1):
            found = collaborator_for(self.profile.collaborators, t.requester, proj)
            req_name = found.name if found else people[0]["name"]
            requester = next(p for p in people if p["name"] == req_name)
            dlvs.append(self.deliverable(k, proj, t, requester, people, due))
        planted = self.private_files(dlvs, people)
        interventions = self.interventions(dlvs, people, planted)
        for dlv in dlvs:
            dlv["rubric"] = [
                {
                    "id": f"{dlv['id']}.R{j:02d}",
                    "text": text,
                    "points": points,
                    "source": source,
                    "visibility": vis,
                    "keywords": kws[:8],
                }
                for j, (text, points, source, vis, kws) in enumerate(dlv["rubric"][:40], start=1)
            ]
            del dlv["_template"], dlv["_values"]
        ident = self.profile.identity
        summary = (
            f"{ident.full_name} ({ident.role}, {ident.organization}) has {len(dlvs)} deliverables over "
            f"{self.days} working days: "
            + "; ".join(f"{d['title']} for {d['requester']} by day {d['due_day']}" for d in dlvs)
            + "."
        )
        return Objectives.model_validate(
            {
                "summary": summary[:2000],
                "deliverables": dlvs,
                "collaborators": people,
                "interventions": interventions,
            }
        )


def _closest(missing: str, tree: list[dict[str, Any]], taken: set[str]) -> str | None:
    want = words(PurePosixPath(missing).stem) | words(str(PurePosixPath(missing).parent))
    best, best_score = None, 0
    for entry in tree:
        if entry["path"] in taken:
            continue
        score = len(want & (words(PurePosixPath(entry["path"]).stem) | words(entry["path"])))
        if score > best_score:
            best, best_score = entry["path"], score
    return best


def repair(
    previous: dict[str, Any], problem: dict[str, Any], ctx: dict[str, Any]
) -> dict[str, Any]:
    """The previous answer with missing files replaced by the nearest real ones and dates in the month."""
    tree = list(ctx.get("tree") or [])
    existing = {e["path"] for e in tree}
    missing = set(problem.get("missing_files") or [])
    days = int(problem.get("days") or ctx.get("days") or 20)
    for dlv in previous.get("deliverables", []):
        kept: list[str] = []
        for path in dlv.get("grounding_files", []):
            if path in missing or path not in existing:
                path = _closest(path, tree, set(kept)) or ""
            if path and path not in kept:
                kept.append(path)
        dlv["grounding_files"] = kept
        dlv["due_day"] = min(int(dlv.get("due_day", days)), days)
        for m in dlv.get("milestones", []):
            m["day"] = min(int(m["day"]), dlv["due_day"])
    for item in previous.get("interventions", []):
        item["day"] = min(int(item["day"]), days)
    return Objectives.model_validate(previous).model_dump(mode="json", exclude_none=True)


def respond(request: ScriptedRequest) -> dict[str, Any]:
    """`Objectives` for purpose sim.objectives: from the context, or a repair of the last answer."""
    ctx = read_context(request.messages)
    problem = read_repair(request.messages)
    if problem is not None:
        previous = previous_answer(request.messages)
        if previous is not None:
            return repair(previous, problem, ctx)
    return _Planner(ctx, request.rng).build().model_dump(mode="json", exclude_none=True)


register_structured(Objectives, respond)

"""The objectives agent: a month of work for the computer's owner, and objectives files.

`write_objectives` asks a model (playing the user's senior manager) for
`Objectives` from the profile, the computer's tree and extracts of the files
that matter most to the current projects; it then checks what code can check
(grounding files exist, due days fall inside the month), asks the model once to
repair what is wrong, and fails plainly if it still is. `load_objectives` and
`dump_objectives` read and write objectives a person writes or edits by hand.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import ValidationError

import engine.sim.scripted  # noqa: F401  (registers the scripted responders)
from engine.computer import formats, is_internal_rel
from engine.errors import SynthcompError
from engine.llm import LLM, CallContext, ChatMessage
from engine.schema.objectives import Objectives
from engine.schema.plans import WorldManifest
from engine.sim.prompts_objectives import (
    PURPOSE,
    SYSTEM,
    build_messages,
    objectives_task,
    repair_message,
)

log = logging.getLogger(__name__)

MAX_TREE = 500  # files listed in the context
SAMPLE_MIN, SAMPLE_MAX = 8, 12  # files whose text is shown
SAMPLE_CHARS = 1500  # characters of each sample
_DOC_KINDS = frozenset({"docx", "xlsx", "pptx", "pdf", "md", "txt", "csv", "eml"})


class ObjectivesError(SynthcompError):
    """Objectives could not be written, read or used; the message says where and why."""


# --- the context -------------------------------------------------------------------------


def list_files(root: Path) -> list[dict[str, Any]]:
    """Every file under the computer's root (engine folders left out), with kind and mtime date."""
    out: list[dict[str, Any]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = sorted(d for d in dirnames if not is_internal_rel((rel_dir / d).as_posix()))
        for name in sorted(filenames):
            full = Path(dirpath) / name
            rel = (rel_dir / name).as_posix()
            if is_internal_rel(rel) or not full.is_file():
                continue
            mtime = dt.datetime.fromtimestamp(full.stat().st_mtime)
            out.append(
                {"path": rel, "kind": formats.kind_of(name), "modified": mtime.date().isoformat()}
            )
    return out


def _relevance(entry: dict[str, Any], manifest: WorldManifest) -> tuple[float, str, str]:
    """Higher for files of current (active) projects that mention their entities, and recent."""
    profile = manifest.profile
    status = {p.id: p.status for p in profile.current_projects}
    ents = {e for p in profile.current_projects for e in p.entities}
    score = 0.0
    for pid in entry.get("projects", []):
        if pid in status:
            score += 3.0 if status[pid] == "active" else 2.0
    score += 0.5 * len(set(entry.get("entities", [])) & ents)
    if entry["kind"] in _DOC_KINDS:
        score += 1.0
    return (score, entry["modified"], entry["path"])


def build_context(manifest: WorldManifest, root: Path, *, days: int, seed: int) -> dict[str, Any]:
    """The inputs of `sim.objectives` (see `engine.sim.prompts_objectives`). Blocking."""
    plans = {a.path: a for a in manifest.artifacts.artifacts}
    tree = list_files(root)
    for entry in tree:
        plan = plans.get(entry["path"])
        if plan is not None:
            entry["created"] = plan.created.date().isoformat()
            if plan.projects:
                entry["projects"] = list(plan.projects)
            if plan.entities:
                entry["entities"] = list(plan.entities)
    ranked = sorted(tree, key=lambda e: _relevance(e, manifest), reverse=True)
    if len(tree) > MAX_TREE:
        keep = {e["path"] for e in ranked[:MAX_TREE]}
        tree = [e for e in tree if e["path"] in keep]
    samples = []
    for entry in ranked:
        if len(samples) >= SAMPLE_MAX:
            break
        if entry["kind"] == "binary":
            continue
        ex = formats.extract(root / entry["path"], max_chars=SAMPLE_CHARS)
        if ex.error or not ex.text.strip():
            continue
        samples.append({"path": entry["path"], "kind": entry["kind"], "text": ex.text.strip()})
    fs = manifest.profile.filesystem
    folders = sorted(f.path for f in manifest.folders.folders if f.area == "work")
    occupation = _occupation(manifest)
    return {
        "profile": manifest.profile,
        "occupation": occupation,
        "today": manifest.created_at.date().isoformat(),
        "days": days,
        "seed": seed,
        "folders": folders,
        "documents": fs.to_disk(fs.documents),
        "downloads": fs.to_disk(fs.downloads),
        "tree": tree,
        "samples": samples,
    }


def _occupation(manifest: WorldManifest) -> dict[str, Any] | None:
    """What the taxonomy says this job produces: from the persona's match, else from its text."""
    from engine.synth.occupations import find_occupation, load_taxonomy

    persona = manifest.persona
    title, family = persona.occupation, None
    if persona.occupation_family:
        try:
            family = load_taxonomy().family(persona.occupation_family)
        except KeyError:
            family = None
    if family is None:
        match = find_occupation(f"{persona.text} {manifest.profile.identity.role}")
        if match is None:
            return None
        title, family = match.occupation.title, match.family
    return {
        "title": title,
        "family": family.id,
        "family_name": family.name,
        "artifacts": [{"name": a.name, "kinds": list(a.kinds)} for a in family.artifacts],
        "collaborator_roles": list(family.collaborator_roles),
    }


# --- checking ------------------------------------------------------------------------------


def resolve_file(path: str, root: Path, manifest: WorldManifest | None = None) -> str | None:
    """The computer-relative path of an existing file `path` names, or None.

    Accepts what models write: backslashes, a leading slash, a logical path
    (`C:/Users/ana/...`) and the wrong case of a name.
    """
    p = path.strip().replace("\\", "/")
    if manifest is not None:
        try:
            p = manifest.profile.filesystem.to_disk(p) if ":" in p[:3] else p
        except ValueError:
            return None
    p = p.lstrip("/")
    if not p or ".." in PurePosixPath(p).parts:
        return None
    if (root / p).is_file():
        return p
    # The same path in another case (a model's capitalisation, a Windows habit).
    cur = root
    parts: list[str] = []
    for seg in PurePosixPath(p).parts:
        try:
            names = {n.lower(): n for n in os.listdir(cur)}
        except OSError:
            return None
        real = names.get(seg.lower())
        if real is None:
            return None
        parts.append(real)
        cur = cur / real
    return "/".join(parts) if cur.is_file() else None


def grounding_problems(
    obj: Objectives, root: Path, manifest: WorldManifest | None = None
) -> tuple[Objectives, list[str], list[str]]:
    """Fix spellings of grounding paths that exist; report the ones that do not.

    Returns the (possibly respelt) objectives, the problems and the missing paths.
    """
    missing: list[str] = []
    problems: list[str] = []
    data = obj.model_dump()
    for dlv in data["deliverables"]:
        fixed = []
        for path in dlv["grounding_files"]:
            real = resolve_file(path, root, manifest)
            if real is None:
                missing.append(path)
                problems.append(
                    f"{dlv['id']} names grounding file {path!r}, which is not on the computer"
                )
                fixed.append(path)
            elif real not in fixed:
                fixed.append(real)
        dlv["grounding_files"] = fixed
    return Objectives.model_validate(data), problems, missing


def schedule_problems(obj: Objectives, days: int) -> list[str]:
    """Dates that fall outside the month."""
    out = []
    for d in obj.deliverables:
        if d.due_day > days:
            out.append(f"{d.id} is due on day {d.due_day}, after the month's {days} days")
        out += [
            f"{d.id} has a milestone on day {m.day}, after its due day {d.due_day}"
            for m in d.milestones
            if m.day > d.due_day
        ]
    out += [
        f"an intervention is scheduled on day {i.day}, after the month's {days} days"
        for i in obj.interventions
        if i.day > days
    ]
    return out


def shape_warnings(obj: Objectives) -> list[str]:
    """What departs from the shape asked for without making the objectives unusable."""
    out = []
    if not 3 <= len(obj.deliverables) <= 6:
        out.append(f"{len(obj.deliverables)} deliverables (3-6 asked for)")
    if not 5 <= len(obj.collaborators) <= 8:
        out.append(f"{len(obj.collaborators)} collaborators (5-8 asked for)")
    for d in obj.deliverables:
        n = len(d.rubric)
        if not 10 <= n <= 40:
            out.append(f"{d.id} has {n} rubric criteria (10-40 asked for)")
        mix = rubric_mix(d.rubric)
        missing = [v for v, share in mix.items() if share == 0]
        if missing:
            out.append(f"{d.id} has no {', '.join(missing)} criteria")
        if mix["initially_communicated"] > 0.6:
            out.append(
                f"{d.id} gives away {mix['initially_communicated']:.0%} of its rubric in the brief"
            )
        if not d.grounding_files:
            out.append(f"{d.id} has no grounding files")
    if not any(c.planted_error for p in obj.collaborators for c in p.private_files):
        out.append("no private file carries a planted error")
    return out


def rubric_mix(criteria: Iterable[Any]) -> dict[str, float]:
    """Share of criteria per visibility."""
    items = list(criteria)
    keys = ("initially_communicated", "revealed_on_ask", "only_at_review")
    if not items:
        return dict.fromkeys(keys, 0.0)
    return {k: sum(1 for c in items if c.visibility == k) / len(items) for k in keys}


# --- the agent -------------------------------------------------------------------------------


async def write_objectives(
    llm: LLM,
    manifest: WorldManifest,
    computer_root: Path,
    *,
    days: int = 20,
    seed: int,
    run_id: str | None,
    call_idx: int = 0,
) -> Objectives:
    """A month of objectives for this computer, checked against it.

    One structured call; if grounding files are missing or dates fall outside the
    month, one repair call with the problems. Grounding paths that still do not
    exist are dropped when the deliverable keeps others; otherwise `ObjectivesError`.
    """
    root = Path(computer_root)
    context = await asyncio.to_thread(build_context, manifest, root, days=days, seed=seed)
    messages = build_messages(SYSTEM, objectives_task(days), context)
    call = CallContext(
        purpose=PURPOSE, run_id=run_id, world_id=manifest.world_id, turn=0, call_idx=call_idx
    )
    done = await llm.structured_call(messages, Objectives, context=call)
    obj, problems, missing = await asyncio.to_thread(grounding_problems, done.value, root, manifest)
    problems += schedule_problems(obj, days)
    if problems:
        log.info("objectives need repair: %s", "; ".join(problems))
        repair = [
            *messages,
            ChatMessage.assistant(done.value.model_dump_json()),
            repair_message(problems, missing, days),
        ]
        done = await llm.structured_call(
            repair, Objectives, context=call.at(done.result.next_call_idx)
        )
        obj, problems, missing = await asyncio.to_thread(
            grounding_problems, done.value, root, manifest
        )
        problems = schedule_problems(obj, days)
        if missing:
            obj = _drop_missing(obj, set(missing))
    if problems:
        raise ObjectivesError(
            "the objectives agent could not write usable objectives: " + "; ".join(problems)
        )
    for warning in shape_warnings(obj):
        log.warning("objectives: %s", warning)
    return obj


def _drop_missing(obj: Objectives, missing: set[str]) -> Objectives:
    """Leave out grounding files that do not exist, if every deliverable keeps one that does."""
    data = obj.model_dump()
    for dlv in data["deliverables"]:
        kept = [p for p in dlv["grounding_files"] if p not in missing]
        if not kept:
            names = ", ".join(repr(p) for p in dlv["grounding_files"])
            raise ObjectivesError(
                f"{dlv['id']} ({dlv['title']}) is grounded only in files that are not on the "
                f"computer: {names}"
            )
        dropped = [p for p in dlv["grounding_files"] if p in missing]
        if dropped:
            log.warning("%s: dropped grounding files not on the computer: %s", dlv["id"], dropped)
        dlv["grounding_files"] = kept
    return Objectives.model_validate(data)


# --- files a person writes -----------------------------------------------------------------

_HEADER = """\
# synthcomp objectives: a month of work for one computer.
# Edit freely; `synthcomp` checks the file when it is loaded.
# Rubric visibility: initially_communicated (in the brief), revealed_on_ask (a collaborator
# says it when a question touches its keywords), only_at_review (judged at the end only).
# Points: 1 cosmetic, 2 substantive, 5 critical.
"""


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line text as `|` blocks: the YAML a person would write."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_objectives(obj: Objectives, path: str | Path) -> Path:
    """Write objectives as YAML (or JSON for a .json path) a person can read and edit."""
    out = Path(path)
    data = obj.model_dump(mode="json", exclude_none=True)
    if out.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        body = yaml.dump(
            data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
        )
        text = _HEADER + body
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def load_objectives(path: str | Path) -> Objectives:
    """Read objectives from YAML or JSON; errors name the file, the line and the field."""
    src = Path(path)
    try:
        text = src.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ObjectivesError(f"{src}: no such objectives file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ObjectivesError(f"{src}: cannot be read ({exc})") from None
    data = _parse(src, text)
    if not isinstance(data, dict):
        raise ObjectivesError(
            f"{src}: the file must be a mapping with summary, deliverables, collaborators and "
            f"interventions, not {type(data).__name__}"
        )
    try:
        return Objectives.model_validate(data)
    except ValidationError as err:
        raise ObjectivesError(_explain(src, text, data, err)) from None


def _parse(src: Path, text: str) -> Any:
    if src.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ObjectivesError(
                f"{src}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ObjectivesError(f"{src}: {where}not valid YAML ({problem})") from None


def _explain(src: Path, text: str, data: dict[str, Any], err: ValidationError) -> str:
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        root = None
    lines = []
    for item in err.errors(include_url=False)[:12]:
        loc = tuple(item["loc"])
        line = _line_of(root, loc)
        where = _field_name(loc, data)
        msg = item["msg"].removeprefix("Value error, ")
        at = f"line {line}: " if line else ""
        lines.append(f"{at}{where}: {msg}" if where else f"{at}{msg}")
    more = len(err.errors()) - 12
    if more > 0:
        lines.append(f"... and {more} more")
    head = f"{src}: not valid objectives"
    return head + ("\n  " + "\n  ".join(lines) if lines else "")


def _field_name(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """`deliverables[0] (DLV_001).rubric[2].points`: the path a person can find."""
    out = ""
    node: Any = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            label = node.get("id") or node.get("name") if isinstance(node, dict) else None
            if label:
                out += f" ({label})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the node at `loc` (or of the nearest parent that exists)."""
    if root is None:
        return None
    node = root
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    nxt = value if not isinstance(value, yaml.ScalarNode) or value.value else key
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part < len(node.value):
                nxt = node.value[part]
        if nxt is None:
            break
        node = nxt
    return node.start_mark.line + 1

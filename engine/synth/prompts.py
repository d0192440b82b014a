"""What world creation asks a model, stage by stage.

Each stage is one structured call. Its messages are a system part (the role and
the rules, the same for every world, so a server's prefix cache can serve it)
and one user message: the inputs as JSON between `<context>` and `</context>`
(the profile first, so it too is a shared prefix), then the task in prose. Real
models read the JSON; the scripted backend reads the same block with
`read_context`, so it answers from exactly what it was given and nothing else.

Purposes (sent with every call, recorded with it):
  synth.profile          persona -> UserProfile
  synth.folders          profile -> FolderPlan
  synth.artifacts        profile + folders + a batch request -> ArtifactPlanSet
  synth.content.<kind>   profile + one ArtifactPlan + its parents' text -> the kind's spec

The context of each stage (JSON; dates ISO; models dumped with mode="json"):
  synth.profile    {"persona": str, "occupation": {"title", "family", "industry"} | null,
                    "today": date, "seed": int}
  synth.folders    {"profile": UserProfile, "target_folders": int, "today", "seed"}
  synth.artifacts  {"profile": UserProfile, "folders": FolderPlan,
                    "batch": {"index": int, "of": int, "folders": [path], "count": int},
                    "existing_files": [{"path", "kind", "created", "modified", "projects"}],
                    "kind_mix": {kind: share}, "today", "seed"}
  synth.content.K  {"profile": UserProfile, "artifact": ArtifactPlan,
                    "entities": [FactEntity the artifact mentions],
                    "parents": [{"path", "kind", "relation", "author", "created", "text"}],
                    "today", "seed"}
The output of synth.content.K is `engine.computer.formats.spec_type(K)`:
DocSpec (docx), PdfSpec (pdf), SheetSpec (xlsx), DeckSpec (pptx), ImageSpec (png),
EmlSpec (eml), TextSpec (every text and code kind).
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from engine.llm import ChatMessage

PROMPT_VERSION = "synth-1"

SYSTEM = (
    "You create synthetic computers: the folders and files of one real-seeming person's "
    "work computer. Everything you write must be specific to that person, their employer, "
    "their projects and the people they work with, and must agree with the facts already "
    "given (the same clients, figures, names and dates). Never write placeholder text such "
    "as 'Lorem ipsum', 'TBD' or 'Example Corp'. Answer with JSON that matches the schema."
)

_CONTEXT = re.compile(r"<context>\s*(\{.*\})\s*</context>", re.DOTALL)


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


def build_messages(task: str, context: dict[str, Any]) -> list[ChatMessage]:
    """The two messages of a stage: the shared system part, then inputs + task.

    The inputs come first, the profile first among them, and the task last: every
    call after the profile stage then starts with the same thousands of tokens
    (system part and profile), which a server's prefix cache serves instead of
    reading them again for each of a world's dozens of calls (a small model on a
    CPU reads about 240 tokens a second); the task, nearest the answer, differs.
    """
    dumped = json.loads(json.dumps(_dump(context), sort_keys=True, default=str))
    ordered = {k: dumped[k] for k in sorted(dumped, key=lambda k: (k != "profile", k))}
    block = json.dumps(ordered, ensure_ascii=False)
    return [
        ChatMessage.system(SYSTEM),
        ChatMessage.user(f"<context>\n{block}\n</context>\n\n{task}"),
    ]


def read_context(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The inputs a stage was given: the first `<context>` block of a user message."""
    for msg in messages:
        if msg.get("role") != "user":
            continue
        content = msg.get("content")
        if isinstance(content, list):  # content parts
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        if not isinstance(content, str):
            continue
        m = _CONTEXT.search(content)
        if m:
            return json.loads(m.group(1))
    raise ValueError("the request carries no <context> block")


def profile_task() -> str:
    return (
        "Expand this persona into the full profile of the person whose computer we will build: "
        "identity, biography, career history, current work, 2-5 current projects, 4-10 "
        "collaborators, the software they use, their work habits (tidiness, naming, version "
        "suffixes), how their computer is set up, and a fact sheet of the entities and figures "
        "(clients, accounts, budgets, dates, products, places) their files will share. "
        "`today` is the day the computer is captured; `seed` keeps runs apart."
    )


def folders_task() -> str:
    return (
        "Plan this person's folder hierarchy on their computer as it really looks after years "
        "of use: system and home folders, work and personal areas, one folder per project and "
        "client, archives, dated folders, Downloads clutter, in the person's own naming "
        "conventions. The deepest folder is 3 to 7 levels below the computer root. List every "
        "parent folder. Aim for `target_folders` folders."
    )


def artifacts_task() -> str:
    return (
        "Plan the files for the folders listed in `batch.folders`: exactly `batch.count` files, "
        "each with its path (inside one of those folders), kind (extension), purpose, author, "
        "created and modified times (before `today`, spread over the user's history), origin, "
        "projects, fact-sheet entities it mentions, and links to older files it derives from, "
        "is a version of, is extracted from or references (`existing_files` lists files already "
        "planned; link to them or to files in this batch; a child is never older than its "
        "parent). Follow `kind_mix` for the kinds. Include version chains (`_v1`, `_v2`, "
        "`_FINAL`) and exports (a PDF of a document) where this person would have them."
    )


def content_task(kind: str) -> str:
    return (
        f"Write the full content of this {kind} file as the spec for its kind. It must fulfil "
        "`artifact.purpose`, be written by `artifact.author` on `artifact.created`, mention the "
        "fact-sheet entities in `entities` by name with their exact figures, and agree with the "
        "files it derives from (`parents`, with their text). Make it as rich as the real thing: "
        "memos with real sections, spreadsheets with dozens of rows and working formulas, decks "
        "with several slides and speaker notes, code that runs."
    )

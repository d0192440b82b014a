"""The scripted backend's world creation: seeded rules that answer each synth stage.

Importing this package registers one responder per output model with the scripted
backend (`engine.llm.scripted.register_structured`). Each reads the `<context>` block
of its request (`engine.synth.prompts.read_context`) and builds the asked-for model
from what it was given: the persona, the profile, the folder plan, the artifact and
its parents. Same request, same answer: every choice comes from the request's rng
(or, where the batches of one world must agree, from an RNG keyed on the request's
own content).

    synth.profile        UserProfile      profile.py (+ facts.py, habits.py, people.py, orgs.py)
    synth.folders        FolderPlan       folders.py
    synth.artifacts      ArtifactPlanSet  artifacts.py (+ plan_parts.py, naming.py)
    synth.content.docx   DocSpec          doc.py (+ doc_kinds.py)
    synth.content.pdf    PdfSpec          doc.py
    synth.content.xlsx   SheetSpec        sheet.py (+ grids.py)
    synth.content.pptx   DeckSpec         deck.py (+ charts.py)
    synth.content.png    ImageSpec        image.py
    synth.content.eml    EmlSpec          mail.py
    synth.content.<text> TextSpec         text.py (+ data_text.py, code.py)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.llm.scripted import ScriptedRequest, register_structured
from engine.llm.scripted.policy import fallback_structured
from engine.schema.plans import ArtifactPlanSet, FolderPlan
from engine.schema.profile import UserProfile
from engine.schema.specs import DeckSpec, DocSpec, EmlSpec, ImageSpec, PdfSpec, SheetSpec, TextSpec
from engine.synth.prompts import read_context
from engine.synth.scripted import artifacts, deck, doc, folders, image, mail, profile, sheet, text

_CONTENT = ("profile", "artifact")
# model -> (responder, the context keys a request of that stage always carries)
RESPONDERS: dict[type, tuple[Callable[[ScriptedRequest], Any], tuple[str, ...]]] = {
    UserProfile: (profile.respond, ("persona",)),
    FolderPlan: (folders.respond, ("profile", "target_folders")),
    ArtifactPlanSet: (artifacts.respond, ("profile", "folders", "batch")),
    DocSpec: (doc.respond_docx, _CONTENT),
    PdfSpec: (doc.respond_pdf, _CONTENT),
    SheetSpec: (sheet.respond, _CONTENT),
    DeckSpec: (deck.respond, _CONTENT),
    ImageSpec: (image.respond, _CONTENT),
    EmlSpec: (mail.respond, _CONTENT),
    TextSpec: (text.respond, _CONTENT),
}


def only_for_world_creation(
    responder: Callable[[ScriptedRequest], Any], keys: tuple[str, ...]
) -> Callable[[ScriptedRequest], Any]:
    """Answer requests that carry this stage's `<context>`; leave any other to the fallback.

    Rules are keyed by schema name, and other parts of the engine (or a test's own model
    that happens to be called `UserProfile`) ask for these names without a world-creation
    context: they keep getting the schema-filling fallback they got before.
    """

    def respond(request: ScriptedRequest) -> Any:
        try:
            ctx = read_context(request.messages)
        except ValueError:
            return fallback_structured(request)
        if not all(k in ctx for k in keys):
            return fallback_structured(request)
        return responder(request)

    respond.__doc__ = responder.__doc__
    return respond


for _model, (_responder, _keys) in RESPONDERS.items():
    register_structured(_model, only_for_world_creation(_responder, _keys))

__all__ = ["RESPONDERS"]

"""What a simulated collaborator is asked: a reply to one message, and the content of a file.

Same pattern as world creation and the objectives agent: a fixed system part,
then the task and a `<context>` JSON block that the scripted backend reads with
`engine.synth.prompts.read_context`.

Purpose `sim.collaborator`, output `engine.sim.collaborators.CollaboratorReply`:

    {"collaborator": {"name", "role", "email", "communication_style", "decision_authority",
                      "preferences", "knowledge", "reliability",
                      "private_files": [{"name", "description"}]},
     "user": {"name", "role", "email", "organization"},
     "day": int, "turn": int, "seed": int,
     "requested": [{"id", "title", "project", "description", "due_day",
                    "criteria": [{"id", "text", "points", "visibility", "keywords",
                                  "shareable_now"}]}],
     "involved": [{"id", "title", "requester", "due_day"}],
     "thread": [{"id", "from", "to", "subject", "body", "attachments"}],
     "message": {"id", "from", "to", "subject", "body", "attachments"},
     "incoming_problem": str | null,
     "revealed_before": [criterion id],
     "files_sent_before": [{"name": file name, "day": day it was last sent (0: unknown)}]}

`requested` holds only the rubric items a collaborator may ever voice: the
`only_at_review` ones are left out, because a simulator cannot leak what it was
never told (PAPER_NOTES §6: a user simulator's own mistakes must not pass for
the agent's). `shareable_now` is computed by code: true for brief items, for
items revealed before, and for `revealed_on_ask` items whose keywords the new
message touches. Planted errors are not in the persona either: the collaborator
does not know their file is wrong. `files_sent_before` lists what this
collaborator already sent in the run: those files are on the user's computer,
so a colleague refers to them ("see the workbook I sent on day 3") rather than
attaching them again, unless asked again or for an updated version.

Purpose `sim.collaborator_file`, output `engine.sim.collaborator_files.CollaboratorFile`:

    {"collaborator": {"name", "role"}, "user": {"name", "role", "organization"},
     "file": {"name", "kind", "description", "planted_error": str | null},
     "deliverables": [{"id", "title", "description", "due_day"}],
     "facts": [fact-sheet Entity], "seed": int}

The file context has no day on purpose: a file is the same whenever it is sent,
and after a resume the same request gives the same content.
"""

from __future__ import annotations

PROMPT_VERSION = "sim-collaborators-2"
PURPOSE_REPLY = "sim.collaborator"
PURPOSE_FILE = "sim.collaborator_file"

SYSTEM_REPLY = (
    "You play one colleague, client or contact of the person whose computer this is, in a "
    "simulated month of work. Stay in character: write as `collaborator` would, in their "
    "communication style, from what they know, within their decision authority. You only "
    "react to the message you are given. About the work you asked for, you may state only "
    "criteria marked shareable_now, and you list their ids in revealed_criteria; say nothing "
    "of any other standard you will judge by. Send a private file only when asked for data "
    "or documents, by its exact name in `attachments`; a file in files_sent_before is already "
    "with them, so point to it (its name and the day you sent it) instead of attaching it "
    "again, unless they ask for it again or for an updated version. Answer with JSON that "
    "matches the schema."
)

SYSTEM_FILE = (
    "You write the content of one file a colleague keeps and is about to send: realistic, "
    "specific to the people, entities and figures given, never placeholder text. If the file "
    "has a planted_error, the content must really contain that mistake (the wrong figure or "
    "unit as it would appear), and `planted` must say where it is, the value shown and the "
    "correct value. Answer with JSON that matches the schema."
)


def reply_task() -> str:
    return (
        "Write this collaborator's reply to `message` (the `thread` is the conversation so "
        "far). If `incoming_problem` is set the message arrived empty or broken: ask what was "
        "meant. Answer questions from `knowledge`; state shareable_now criteria of the "
        "deliverables you requested when the message is about them; attach private files "
        "asked for (a file you sent before: refer to it rather than send it again); correct "
        "the sender where they have a fact wrong; decline what is outside your authority. "
        "Set the flags that describe your reply."
    )


def file_task() -> str:
    return (
        "Write the content of `file` as its owner keeps it: a title, a summary, sections and "
        "tables with the real figures from `facts` that its description calls for. If "
        "`file.planted_error` is set, put that mistake into the content and describe it in "
        "`planted` (where, shown, correct)."
    )

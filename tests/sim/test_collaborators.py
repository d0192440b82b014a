"""Simulated collaborators through the real scripted backend.

The rules checked here are the ones judging depends on: what a collaborator may
reveal and when, that a planted error is really in the file sent, that an empty
message is answered and recorded rather than dropped, and that every action
says which model and prompt produced it and which of its mistakes were on purpose.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from engine.computer import formats
from engine.errors import FormatError
from engine.llm import LLM
from engine.llm.scripted import ScriptedRequest
from engine.schema.events import MessagePayload
from engine.schema.objectives import Objectives
from engine.schema.profile import UserProfile
from engine.sim.collaborator_files import CollaboratorFile, render_file, value_in_text
from engine.sim.collaborators import (
    CollaboratorAction,
    Collaborators,
    malformed_reason,
    touched_keywords,
)
from engine.sim.objectives import write_objectives
from engine.sim.prompts_collaborators import PROMPT_VERSION
from engine.sim.scripted.collaborators import reply as scripted_reply
from tests.sim.test_objectives_world import MemoryLog, chemistry_world, scripted_llm
from tests.synth.factories import profile_data

USER = "Maria Forsythe"
DOWNLOADS = "C/Users/mforsythe/Downloads"
PLANTED = "The Chemistry consumables budget 2023/24 shows £4,932.45 instead of £4,850.00 (1.7 % too high)."
SECRET = "The scheme teaches the theory before every practical that depends on it"


def objectives_data(bookings: str = "Practical bookings 2024.xlsx") -> dict[str, Any]:
    def person(name: str, role: str, email: str, **more: Any) -> dict[str, Any]:
        return {
            "name": name,
            "role": role,
            "email": email,
            "communication_style": more.pop("style", "Practical and friendly, replies fast."),
            **more,
        }

    return {
        "summary": "Maria rewrites the Year 10 scheme and costs next term's practicals.",
        "deliverables": [
            {
                "id": "DLV_001",
                "title": "Revised Year 10 scheme of work",
                "requester": "David Okafor",
                "project": "Year 10 scheme of work rewrite",
                "description": "Rewrite the Year 10 scheme of work so every required practical has a week.",
                "due_day": 12,
                "expected_outputs": [
                    {
                        "kind": "docx",
                        "folder": "C/Users/mforsythe/Documents/Teaching",
                        "description": "The revised scheme",
                    }
                ],
                "collaborators": ["David Okafor", "Priya Shah"],
                "rubric": [
                    {
                        "id": "DLV_001.R01",
                        "text": "Every required practical has a week and a lesson",
                        "points": 5,
                        "source": "spec",
                        "visibility": "initially_communicated",
                    },
                    {
                        "id": "DLV_001.R02",
                        "text": "Each practical names its main hazard and the control",
                        "points": 2,
                        "source": "expertise",
                        "visibility": "revealed_on_ask",
                        "keywords": ["risk", "hazard"],
                    },
                    {
                        "id": "DLV_001.R03",
                        "text": "Equipment is listed with quantities for 28 pupils",
                        "points": 2,
                        "source": "spec",
                        "visibility": "revealed_on_ask",
                        "keywords": ["equipment"],
                    },
                    {
                        "id": "DLV_001.R04",
                        "text": SECRET,
                        "points": 2,
                        "source": "expertise",
                        "visibility": "only_at_review",
                        "keywords": ["theory", "practical"],
                    },
                ],
            }
        ],
        "collaborators": [
            person(
                "David Okafor",
                "Head of Science",
                "d.okafor@hillsideacademy.org.uk",
                style="Short emails, wants the numbers first.",
                decision_authority="Signs off Maria's deliverables",
                knowledge=["The Chemistry consumables budget 2023/24 is £4,850.00."],
                private_files=[
                    {
                        "name": bookings,
                        "description": "Practical bookings and spend against the Chemistry consumables budget 2023/24",
                        "planted_error": PLANTED,
                    },
                    {
                        "name": "Department handbook.docx",
                        "description": "How the department runs practicals",
                    },
                ],
                reply_after_turns=2,
                reliability=1.0,
            ),
            person(
                "Priya Shah",
                "Lab Technician",
                "p.shah@hillsideacademy.org.uk",
                knowledge=["The Chemistry consumables budget 2023/24 is £4,850.00."],
                reply_after_turns=1,
            ),
            person("Tom Reeve", "Physics Teacher", "t.reeve@hillsideacademy.org.uk"),
            person(
                "Helen Marsh",
                "Account Manager",
                "helen.marsh@scisupplies.co.uk",
                style="Formal, sends quotes as PDFs.",
            ),
            person("Grace Whitfield", "Exams Officer", "g.whitfield@hillsideacademy.org.uk"),
        ],
        "interventions": [
            {
                "day": 3,
                "sender": "David Okafor",
                "kind": "file_shared",
                "deliverable_id": "DLV_001",
                "subject": "Bookings",
                "body": f"Here is {bookings} for the scheme.",
            },
            {
                "day": 9,
                "sender": "David Okafor",
                "kind": "requirement_change",
                "deliverable_id": "DLV_001",
                "subject": "Change to the scheme",
                "body": "Please add a one-page overview at the front.",
            },
            {
                "day": 17,
                "sender": "David Okafor",
                "kind": "correction",
                "deliverable_id": "DLV_001",
                "subject": "Correction",
                "body": "The budget is £4,850.00, not £4,932.45.",
            },
        ],
    }


@pytest.fixture
def profile() -> UserProfile:
    return UserProfile.model_validate(profile_data())


@pytest.fixture
async def llm() -> AsyncIterator[LLM]:
    async with scripted_llm(5) as model:
        yield model


def ask(
    body: str,
    *,
    to: tuple[str, ...] = ("David Okafor",),
    subject: str = "Question",
    id_: str = "m1",
) -> MessagePayload:
    return MessagePayload(id=id_, sender=USER, to=list(to), subject=subject, body=body)


def team(llm: LLM, profile: UserProfile, **kw: Any) -> Collaborators:
    return Collaborators(llm, Objectives.model_validate(objectives_data(**kw)), profile, seed=7)


async def one(people: Collaborators, message: MessagePayload, turn: int = 10) -> CollaboratorAction:
    actions = await people.reply(message, thread=[], day=4, turn=turn, run_id="run-1", call_idx=0)
    assert len(actions) == 1
    return actions[0]


# --- what may be revealed ----------------------------------------------------------------


async def test_a_question_touching_a_keyword_reveals_that_criterion(
    llm: LLM, profile: UserProfile
) -> None:
    people = team(llm, profile)
    action = await one(people, ask("For the revised Year 10 scheme: what do you want on risk?"))
    assert action.revealed == ["DLV_001.R02"]
    assert "main hazard" in action.message.body
    assert "DLV_001.R03" not in action.revealed and "quantities" not in action.message.body
    assert people.revealed("David Okafor") == {"DLV_001.R02"}


async def test_a_question_not_touching_keywords_reveals_nothing(
    llm: LLM, profile: UserProfile
) -> None:
    action = await one(team(llm, profile), ask("Thanks for the chat earlier, see you on Monday."))
    assert action.revealed == []
    assert "hazard" not in action.message.body and "quantities" not in action.message.body


async def test_brief_items_may_be_repeated(llm: LLM, profile: UserProfile) -> None:
    action = await one(
        team(llm, profile), ask("What are you expecting in the revised Year 10 scheme of work?")
    )
    assert "DLV_001.R01" in action.revealed
    assert "Every required practical has a week" in action.message.body


async def test_only_at_review_items_are_never_shown_or_revealed(
    llm: LLM, profile: UserProfile
) -> None:
    seen: list[str] = []

    def spy(request: ScriptedRequest) -> dict[str, Any]:
        seen.append(json.dumps(request.body))
        return scripted_reply(request)

    llm.policy.register_structured("CollaboratorReply", spy)
    action = await one(
        team(llm, profile),
        ask("Should the theory come before each practical in the Year 10 scheme?"),
    )
    assert "DLV_001.R04" not in action.revealed
    assert seen and SECRET not in seen[0], "the simulator is never told an only_at_review item"
    assert action.simulator_errors == []


async def test_a_model_that_leaks_is_caught_and_counted(llm: LLM, profile: UserProfile) -> None:
    def leaky(request: ScriptedRequest) -> dict[str, Any]:
        return {
            "body": f"Between us: {SECRET}. Also mind the equipment.",
            "revealed_criteria": ["DLV_001.R04", "DLV_001.R03", "DLV_009.R01"],
        }

    llm.policy.register_structured("CollaboratorReply", leaky)
    action = await one(team(llm, profile), ask("Anything about risk?"))
    assert action.revealed == []
    errors = " | ".join(action.simulator_errors)
    assert "DLV_001.R04" in errors and "DLV_001.R03" in errors and "DLV_009.R01" in errors
    assert "states hidden criterion DLV_001.R04" in errors
    assert action.planted is False and action.deliberate == []


async def test_a_revealed_item_stays_shareable_and_state_restores(
    llm: LLM, profile: UserProfile
) -> None:
    people = team(llm, profile)
    await one(people, ask("Revised Year 10 scheme: what about equipment?"))
    assert people.shareable(people.find("David Okafor"), "nothing relevant")["DLV_001.R03"] is True  # type: ignore[arg-type]
    again = Collaborators(
        llm, people.objectives, profile, seed=7, already_revealed={"David Okafor": ["DLV_001.R03"]}
    )
    assert again.revealed("david okafor") == {"DLV_001.R03"}


def test_keywords_match_whole_words_and_plurals() -> None:
    assert touched_keywords("What are the risks here?", ["risk"]) == ["risk"]
    assert touched_keywords("Any hazards?", ["hazard", "equipment"]) == ["hazard"]
    assert touched_keywords("A brisk walk", ["risk"]) == []
    assert touched_keywords("the cash flow forecast", ["cash flow"]) == ["cash flow"]


# --- files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Practical bookings 2024.xlsx",
        "Practical bookings 2024.docx",
        "Practical bookings 2024.pdf",
        "Practical bookings 2024.pptx",
        "Practical bookings 2024.csv",
        "Practical bookings 2024.md",
    ],
)
async def test_a_requested_file_arrives_with_its_planted_error(
    llm: LLM, profile: UserProfile, tmp_path: Path, name: str
) -> None:
    people = team(llm, profile, bookings=name)
    action = await one(people, ask("Could you send me the practical bookings file?"))
    path = f"{DOWNLOADS}/{name}"
    assert action.message.attachments == [path]
    [(written, data)] = action.files
    assert written == path
    target = tmp_path / Path(name).name
    target.write_bytes(data)
    extract = formats.extract(target)
    assert extract.error is None
    assert value_in_text(extract.text, "£4,932.45"), extract.text[:800]
    assert action.planted is True
    [planted] = action.planted_errors
    assert (planted.shown, planted.correct, planted.verified, planted.path) == (
        "£4,932.45",
        "£4,850.00",
        True,
        path,
    )
    assert action.sent_files[0].sha256 and action.sent_files[0].size == len(data)
    assert any("planted error" in d for d in action.deliberate)
    assert action.simulator_errors == []
    record = action.model_dump(mode="json")
    assert "files" not in record and record["planted"] is True
    json.dumps(record)  # the record is plain JSON: no bytes in it


async def test_a_file_asked_for_again_points_at_the_copy_already_in_downloads(
    profile: UserProfile,
) -> None:
    log = MemoryLog()
    async with scripted_llm(5, log) as model:
        people = team(model, profile)
        first = await one(people, ask("Please send the practical bookings spreadsheet.", id_="a"))
        second = await one(
            people, ask("Send the practical bookings spreadsheet again please.", id_="b")
        )
    path = f"{DOWNLOADS}/Practical bookings 2024.xlsx"
    assert first.message.attachments == [path] and not first.sent_files[0].already_there
    # Asked again, they send it again; the same bytes land where they already are: no
    # 'Practical bookings 2024 (1).xlsx' beside an identical file.
    assert second.files == first.files
    assert second.message.attachments == [path] and second.sent_files[0].already_there
    assert second.planted_errors[0].path == path
    assert log.purposes().count("sim.collaborator_file") == 1


async def test_a_file_sent_before_is_referred_to_not_sent_again(
    llm: LLM, profile: UserProfile
) -> None:
    people = team(llm, profile)
    first = await people.reply(
        ask("Could you send me the practical bookings file?", id_="a"),
        thread=[],
        day=3,
        turn=30,
        run_id=None,
        call_idx=0,
    )
    assert first[0].message.attachments == [f"{DOWNLOADS}/Practical bookings 2024.xlsx"]
    assert people.files_sent("David Okafor") == [{"name": "Practical bookings 2024.xlsx", "day": 3}]
    [later] = await people.reply(
        ask("Which figures in the practical bookings should the scheme use?", id_="b"),
        thread=[],
        day=6,
        turn=60,
        run_id=None,
        call_idx=0,
    )
    assert later.files == [] and later.message.attachments == []
    assert "Practical bookings 2024.xlsx" in later.message.body
    assert "the workbook I sent on day 3" in later.message.body
    assert later.simulator_errors == [] and later.reply is not None and not later.reply.incomplete
    # An updated version is another matter: they send it.
    [update] = await people.reply(
        ask("Could you send the latest practical bookings spreadsheet?", id_="c"),
        thread=[],
        day=7,
        turn=70,
        run_id=None,
        call_idx=0,
    )
    assert update.message.attachments == [f"{DOWNLOADS}/Practical bookings 2024.xlsx"]


async def test_other_bytes_under_a_name_already_used_get_a_numbered_name(
    llm: LLM, profile: UserProfile
) -> None:
    data = objectives_data()
    data["collaborators"][1]["private_files"] = [
        {"name": "Practical bookings 2024.xlsx", "description": "The technicians' own bookings"}
    ]
    people = Collaborators(llm, Objectives.model_validate(data), profile, seed=7)
    david = await one(people, ask("Could you send me the practical bookings file?", id_="a"))
    priya = await one(
        people, ask("Could you send me the practical bookings file?", to=("Priya Shah",), id_="b")
    )
    assert david.files[0][1] != priya.files[0][1]
    assert priya.message.attachments == [f"{DOWNLOADS}/Practical bookings 2024 (1).xlsx"]
    assert not priya.sent_files[0].already_there


async def test_downloads_are_restored_after_a_resume(llm: LLM, profile: UserProfile) -> None:
    people = team(llm, profile)
    first = await one(people, ask("Could you send me the practical bookings file?", id_="a"))
    record = first.sent_files[0].model_dump(mode="json")
    objectives = people.objectives
    # As a resumed run builds them: from the recorded files (name, path, sha256, day).
    again = Collaborators(llm, objectives, profile, seed=7, already_sent={"David Okafor": [record]})
    assert again.files_sent("David Okafor") == [{"name": "Practical bookings 2024.xlsx", "day": 4}]
    [shared] = await again.interventions_for(3, turn=31)
    assert shared.message.attachments == [f"{DOWNLOADS}/Practical bookings 2024.xlsx"]
    assert shared.sent_files[0].already_there
    # Older records name the file only: its bytes are unknown, so a resend takes a new name.
    legacy = Collaborators(
        llm, objectives, profile, seed=7, already_sent={"David Okafor": [record["name"]]}
    )
    [shared] = await legacy.interventions_for(3, turn=31)
    assert shared.message.attachments == [f"{DOWNLOADS}/Practical bookings 2024 (1).xlsx"]


async def test_a_forgotten_file_is_sent_when_chased(llm: LLM, profile: UserProfile) -> None:
    data = objectives_data()
    data["collaborators"][0]["reliability"] = 0.0  # always forgets the attachment first
    people = Collaborators(llm, Objectives.model_validate(data), profile, seed=7)
    question = ask("Could you send me the practical bookings file?", id_="f1")
    first = await one(people, question)
    assert first.files == [] and first.reply is not None and first.reply.incomplete
    assert "a knowingly partial answer" in first.deliberate and first.simulator_errors == []
    chase = ask("Still waiting for that one, thanks!", id_="f2")
    [second] = await people.reply(
        chase, thread=[question, first.message], day=5, turn=20, run_id=None, call_idx=0
    )
    assert second.message.attachments == [f"{DOWNLOADS}/Practical bookings 2024.xlsx"]
    assert second.planted


async def test_an_unknown_file_is_the_simulators_error(llm: LLM, profile: UserProfile) -> None:
    llm.policy.register_structured(
        "CollaboratorReply",
        lambda r: {"body": "Here you go.", "attachments": ["secret plans.docx"]},
    )
    action = await one(team(llm, profile), ask("Send me the plans"))
    assert action.files == [] and action.message.attachments == []
    assert action.simulator_errors == [
        "tried to attach 'secret plans.docx', which is not one of their files"
    ]


def test_render_refuses_kinds_it_cannot_write() -> None:
    content = CollaboratorFile(title="Notes", summary="A summary.")
    with pytest.raises(FormatError, match="not a kind a collaborator can send"):
        render_file("thing.bin", content, author="X")


# --- messages that cannot be answered as written --------------------------------------


async def test_an_empty_message_is_answered_and_recorded(llm: LLM, profile: UserProfile) -> None:
    message = MessagePayload(id="e1", sender=USER, to=["David Okafor"], subject="", body="   ")
    action = await one(team(llm, profile), message)
    assert action.incoming_malformed == "the message is empty"
    assert "?" in action.message.body and action.revealed == [] and action.files == []
    assert action.message.in_reply_to == "e1"
    assert action.model_dump(mode="json")["incoming_malformed"] == "the message is empty"


def test_malformed_messages_are_named() -> None:
    def msg(body: str, subject: str = "Hi", malformed: str | None = None) -> MessagePayload:
        return MessagePayload(
            id="x", sender=USER, to=["a"], subject=subject, body=body, malformed=malformed
        )

    assert malformed_reason(msg("")) == "the message body is empty"
    assert malformed_reason(msg("...")) == "the message body has no words"
    assert "placeholder" in (malformed_reason(msg("Dear {{name}}, please see attached")) or "")
    assert malformed_reason(msg("fine", malformed="bad arguments")) == "bad arguments"
    assert malformed_reason(msg("A real question?")) is None


# --- who answers, when, and the record ------------------------------------------------


async def test_only_collaborators_answer(llm: LLM, profile: UserProfile) -> None:
    people = team(llm, profile)
    assert (
        await people.reply(
            ask("hello", to=("stranger@example.com",)),
            thread=[],
            day=1,
            turn=1,
            run_id=None,
            call_idx=0,
        )
        == []
    )
    actions = await people.reply(
        ask(
            "Quick one about risk",
            to=("d.okafor@hillsideacademy.org.uk", "David Okafor", "nobody", "Priya Shah"),
        ),
        thread=[],
        day=1,
        turn=5,
        run_id=None,
        call_idx=3,
    )
    assert [a.collaborator for a in actions] == ["David Okafor", "Priya Shah"]
    assert actions[0].next_call_idx == 4 and actions[1].next_call_idx == 5


async def test_a_reply_threads_and_arrives_later(profile: UserProfile) -> None:
    log = MemoryLog()
    async with scripted_llm(5, log) as model:
        action = await one(
            team(model, profile), ask("Any thoughts on equipment?", id_="q7"), turn=40
        )
    msg = action.message
    assert (msg.id, msg.in_reply_to, msg.sender, msg.to) == (
        "re-q7-david-okafor",
        "q7",
        "David Okafor",
        [USER],
    )
    assert msg.subject == "Re: Question"
    assert msg.deliver_at_turn == 42  # turn + reply_after_turns
    assert action.model == "scripted-1" and action.backend == "scripted"
    assert action.prompt_version == PROMPT_VERSION
    assert action.call_ids == [1] and log.purposes() == ["sim.collaborator"]
    assert (log.starts[0].run_id, log.starts[0].turn) == ("run-1", 40)
    assert action.reply is not None and action.reply.body == msg.body


async def test_a_wrong_figure_is_corrected(llm: LLM, profile: UserProfile) -> None:
    action = await one(
        team(llm, profile),
        ask("I have the consumables budget down as £4,900.00.", to=("Priya Shah",)),
    )
    assert action.reply is not None and action.reply.correction is True
    assert "£4,850.00" in action.message.body


async def test_replies_are_deterministic(profile: UserProfile) -> None:
    bodies = []
    for _ in range(2):
        async with scripted_llm(5) as model:
            action = await one(
                team(model, profile), ask("Send me the bookings and tell me about risk.")
            )
            bodies.append((action.message.body, action.files))
    assert bodies[0] == bodies[1]


# --- interventions --------------------------------------------------------------------


async def test_interventions_arrive_on_their_day(
    llm: LLM, profile: UserProfile, tmp_path: Path
) -> None:
    people = team(llm, profile)
    assert await people.interventions_for(5) == []
    [shared] = await people.interventions_for(3, turn=31, run_id="run-1", call_idx=50)
    assert shared.trigger == "intervention:file_shared"
    assert shared.message.to == [USER] and shared.message.sender == "David Okafor"
    assert shared.message.attachments == [f"{DOWNLOADS}/Practical bookings 2024.xlsx"]
    [(path, data)] = shared.files
    assert path == shared.message.attachments[0]
    (tmp_path / "b.xlsx").write_bytes(data)
    assert value_in_text(formats.extract(tmp_path / "b.xlsx").text, "£4,932.45")
    assert shared.planted and shared.next_call_idx == 51
    [change] = await people.interventions_for(9)
    assert change.trigger == "intervention:requirement_change" and change.files == []
    assert change.message.body == "Please add a one-page overview at the front."
    assert change.message.id == "int-d09-1-david-okafor"
    assert [i.kind for i in people.scheduled(17)] == ["correction"]


# --- with the scripted objectives agent ------------------------------------------------


async def test_collaborators_of_a_scripted_month(tmp_path: Path) -> None:
    manifest, root = chemistry_world(tmp_path)
    async with scripted_llm(2) as model:
        obj = await write_objectives(model, manifest, root, seed=11, run_id=None)
        people = Collaborators(model, obj, manifest.profile, seed=11)
        dlv = obj.deliverables[0]
        hidden = next(c for c in dlv.rubric if c.visibility == "revealed_on_ask")
        question = ask(
            f"About {dlv.title}: what do you expect on {hidden.keywords[0]}?", to=(dlv.requester,)
        )
        action = await one(people, question)
        assert hidden.id in action.revealed
        assert not any(
            c.id in action.revealed for c in dlv.rubric if c.visibility == "only_at_review"
        )
        owner = next(c for c in obj.collaborators if any(f.planted_error for f in c.private_files))
        planted_file = next(f for f in owner.private_files if f.planted_error)
        fetch = ask(f"Could you send me {planted_file.name}?", to=(owner.name,), id_="m2")
        sent = await one(people, fetch)
        if sent.reply is not None and sent.reply.incomplete:  # forgot it (their reliability)
            chase = ask("Still waiting for that file, thanks!", to=(owner.name,), id_="m3")
            [sent] = await people.reply(
                chase, thread=[fetch, sent.message], day=5, turn=20, run_id=None, call_idx=0
            )
        assert sent.planted_errors and sent.planted_errors[0].verified
        all_actions = [a for day in range(1, 21) for a in await people.interventions_for(day)]
        assert {a.trigger for a in all_actions} >= {
            "intervention:file_shared",
            "intervention:requirement_change",
        }
        assert all(a.simulator_errors == [] for a in [action, sent, *all_actions])

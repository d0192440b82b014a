"""A turn played again after a crash reuses its collaborators' answered calls.

Nothing of a turn is stored before its commit, so a crash after a collaborator
answered (the call recorded with its response) but before the commit plays the
turn again on resume. The collaborator must then say what they said, from the
call log, not be asked again: a real model would answer differently, and the
call would be paid twice. Checked with a real store and a scripted model whose
every answer differs from the one before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.llm.scripted import ScriptedRequest
from engine.schema.objectives import Objectives
from engine.schema.profile import UserProfile
from engine.sim.collaborators import Collaborators
from engine.sim.options import RunOptions
from engine.sim.scripted.collaborators import reply as scripted_reply
from tests.sim.test_collaborators import ask, objectives_data
from tests.sim.test_run_support import make_world, workspace
from tests.synth.factories import profile_data

QUESTION = "Could you send me the practical bookings file? And what do you want on risk?"


async def test_an_answered_reply_is_reused_when_the_turn_is_played_again(tmp_path: Path) -> None:
    profile = UserProfile.model_validate(profile_data())
    objectives = Objectives.model_validate(objectives_data())
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(make_world(tmp_path)), RunOptions(days=1, watch=False))
        llm = ws.llm()
        assert llm.policy is not None
        asked: list[str] = []

        def moody(request: ScriptedRequest) -> dict[str, Any]:
            """The scripted reply, with a different sign-off every time it is asked."""
            out = scripted_reply(request)
            asked.append(out["body"])
            out["body"] += f"\n(answer {len(asked)})"
            return out

        llm.policy.register_structured("CollaboratorReply", moody)

        def team() -> Collaborators:  # as a (resumed) run builds them
            return Collaborators(llm, objectives, profile, seed=7, calls=ws.store.model_calls)

        async def answer(people: Collaborators, body: str = QUESTION) -> Any:
            [action] = await people.reply(
                ask(body), thread=[], day=2, turn=14, run_id=run.id, call_idx=200
            )
            return action

        first = await answer(team())
        assert first.reused is False and first.message.attachments and len(asked) == 1
        stored = await ws.store.model_calls.list(run_id=run.id)
        assert [c.purpose for c in stored if c.turn == 14] == [
            "sim.collaborator",
            "sim.collaborator_file",
        ]

        # The crash: nothing of the turn was committed; the resumed run plays it again.
        again = await answer(team())
        assert again.reused is True
        assert len(asked) == 1, "the collaborator's model was asked again"
        assert again.message.body == first.message.body
        assert again.files == first.files and again.revealed == first.revealed
        assert again.call_ids == first.call_ids and again.next_call_idx == first.next_call_idx
        assert await ws.store.model_calls.list(run_id=run.id) == stored

        # A request that differs from the recorded one is asked, not answered from the log.
        other = await answer(team(), "Thanks, that is all I needed for now.")
        assert other.reused is False and len(asked) == 2
        assert other.message.body.endswith("(answer 2)")

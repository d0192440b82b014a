"""send_message and read_inbox: recipients, attachments, stable ids, unread first, threads."""

from __future__ import annotations

from engine.schema.events import MessagePayload


def sent(outcome) -> MessagePayload:
    (ev,) = outcome.events
    assert ev.kind == "message_sent" and ev.actor == "agent"
    return MessagePayload.model_validate(ev.payload)


def inbox_message(id_: str, sender: str, subject: str, body: str, **extra) -> dict:
    return MessagePayload(
        id=id_, sender=sender, to=["Dana Whitfield"], subject=subject, body=body, **extra
    ).model_dump(mode="json")


async def test_send_message_by_name_and_email_with_an_attachment(env, call) -> None:
    out = await call(
        "send_message",
        to=["ana ruiz", "Tom Becker <tom.becker@northwind.example>"],
        subject="Q1 memo",
        body="Hi both, the memo is attached.",
        attachments=["Documents/Reports/status memo.docx"],
    )
    assert out.ok, out.observation
    m = sent(out)
    assert m.id == "m03-00041-1"
    assert m.sender == "Dana Whitfield" and m.to == ["Ana Ruiz", "Tom Becker"]
    assert m.attachments == ["Documents/Reports/status memo.docx"]
    assert "m03-00041-1" in out.observation


async def test_message_ids_are_stable_and_distinct_within_a_turn(env) -> None:
    from engine.sim.tools import default_tools, execute

    tools = default_tools()
    args = {"to": ["ana.ruiz@northwind.example"], "subject": "A", "body": "one"}
    first = await execute(env, tools, "send_message", args)
    second = await execute(env, tools, "send_message", args)
    assert [sent(first).id, sent(second).id] == ["m03-00041-1", "m03-00041-2"]
    env.turn = 42
    assert sent(await execute(env, tools, "send_message", args)).id == "m03-00042-1"
    # a fresh tool set (a resumed run) gives the same ids for the same position
    again = await execute(env, default_tools(), "send_message", args)
    assert sent(again).id == "m03-00042-1"


async def test_unknown_recipient_lists_the_known_people(call) -> None:
    out = await call("send_message", to=["Ana Ruis"], subject="Hi", body="Hello")
    assert not out.ok and out.error_kind == "unknown_recipient" and not out.events
    assert "Did you mean 'Ana Ruiz'?" in out.observation
    assert "Ana Ruiz <ana.ruiz@northwind.example>" in out.observation
    assert "Tom Becker" in out.observation


async def test_an_empty_body_is_refused(call) -> None:
    out = await call("send_message", to=["Ana Ruiz"], subject="Hi", body="   ")
    assert not out.ok and out.error_kind == "empty_message"
    assert "Ana Ruiz" in out.observation


async def test_attachments_must_exist(call) -> None:
    out = await call(
        "send_message",
        to=["Ana Ruiz"],
        subject="Hi",
        body="See attached",
        attachments=["nope.docx"],
    )
    assert not out.ok and out.error_kind == "not_found"


async def test_reply_threads_and_takes_the_subject(env, call) -> None:
    env.messages.append(inbox_message("c02-00010-1", "Ana Ruiz", "Budget", "Numbers please"))
    out = await call(
        "send_message", to=["Ana Ruiz"], body="Here they are", in_reply_to="c02-00010-1"
    )
    assert out.ok, out.observation
    m = sent(out)
    assert m.subject == "Re: Budget" and m.in_reply_to == "c02-00010-1"
    bad = await call("send_message", to=["Ana Ruiz"], body="x", in_reply_to="zzz")
    assert not bad.ok and bad.error_kind == "unknown_message" and "c02-00010-1" in bad.observation


async def test_read_inbox_shows_unread_in_full_first_then_previews(env, call) -> None:
    env.messages += [
        inbox_message("c01-00003-1", "Tom Becker", "Old news", "Long ago " * 40),
        inbox_message("c02-00010-1", "Ana Ruiz", "Budget", "Please send the Q1 numbers by Friday."),
    ]
    env.read.add("c01-00003-1")
    out = await call("read_inbox")
    assert out.ok
    obs = out.observation
    assert "2 message(s), 1 unread" in obs
    assert obs.index("NEW [c02-00010-1]") < obs.index("[c01-00003-1]")
    assert "Please send the Q1 numbers by Friday." in obs
    assert "…" in obs  # the read message is only previewed
    assert env.read == {"c01-00003-1", "c02-00010-1"}
    again = await call("read_inbox")
    assert "0 unread" in again.observation and "NEW" not in again.observation


async def test_read_inbox_thread(env, call) -> None:
    env.messages += [
        inbox_message("c02-00010-1", "Ana Ruiz", "Budget", "First", in_reply_to="m01-00005-1"),
        inbox_message("c02-00011-1", "Tom Becker", "Other", "Unrelated"),
        inbox_message("c03-00020-1", "Ana Ruiz", "Re: Budget", "Second", in_reply_to="c02-00010-1"),
    ]
    out = await call("read_inbox", message_id="c03-00020-1")
    assert out.ok
    obs = out.observation
    assert "2 message(s)" in obs and "Unrelated" not in obs
    assert obs.index("First") < obs.index("Second")
    assert "answers your message m01-00005-1" in obs
    missing = await call("read_inbox", message_id="nope")
    assert not missing.ok and missing.error_kind == "unknown_message"


async def test_empty_inbox(call) -> None:
    out = await call("read_inbox")
    assert out.ok and "empty" in out.observation

"""synth.content.eml: an `EmlSpec`, a message between the user and someone on the project.

Who writes to whom follows the plan's author (the user sending, or a colleague or
client writing in); the subject is the file's own name ('RE ...' becomes 'Re: ...'),
the body names the entities with their figures and asks for something specific, a
reply quotes the message it answers, and files the mail links to are its attachments.
"""

from __future__ import annotations

import datetime as dt

from engine.llm.scripted import ScriptedRequest
from engine.schema.specs import EmlSpec
from engine.synth.scripted.brief import Brief, brief_from
from engine.synth.scripted.common import cap, long_date
from engine.synth.scripted.people import domain_for_org
from engine.synth.scripted.writing import actions, fact


def respond(request: ScriptedRequest) -> EmlSpec:
    return build_mail(brief_from(request))


def _address(name: str, email: str) -> str:
    clean = name.replace('"', "").replace("<", "").replace(">", "")
    return f"{clean} <{email}>"


def build_mail(b: Brief) -> EmlSpec:
    r = b.rng
    ident = b.world.profile.identity
    me = _address(ident.full_name, ident.email)
    colleague = b.world.colleague(b.author)
    if b.by_user:
        other = b.audience or (
            b.world.profile.collaborators[0] if b.world.profile.collaborators else None
        )
        sender, to = me, [_address(other.name, other.email)] if other else [me]
        writer, reader = ident.full_name, other.name if other else ident.full_name
        role, org = ident.role, ident.organization
    elif colleague is not None:
        sender, to = _address(colleague.name, colleague.email), [me]
        writer, reader, role, org = (
            colleague.name,
            ident.full_name,
            colleague.role,
            colleague.organization,
        )
    else:
        country = ident.location.split(",")[-1].strip()
        sender = _address(b.author, f"info@{domain_for_org(b.author, country)}")
        to, writer, reader, role, org = [me], b.author, ident.full_name, "Customer team", b.author
    cc = [
        _address(c.name, c.email)
        for c in b.world.people_on(b.project.id if b.project else None)
        if c.name not in (writer, reader) and r.random() < 0.3
    ][:2]
    stem = b.artifact.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    reply = stem.upper().startswith(("RE ", "RE_"))
    subject = stem
    for raw, nice in (("RE ", "Re: "), ("RE_ ", "Re: "), ("FW ", "Fw: "), ("FW_ ", "Fw: ")):
        if stem.upper().startswith(raw):
            subject = nice + stem[len(raw) :]
    first = reader.split()[0]
    greeting = r.choice((f"Hi {first},", f"Dear {first},", f"{first},", f"Morning {first},"))
    lead = r.choice(
        (
            f"Quick update on {b.topic}.",
            f"Following up on {b.topic} as promised.",
            f"Thanks for your note. On {b.topic}, here is where we are.",
            f"Just so we are working from the same numbers on {b.topic}:",
        )
    )
    body = [greeting, "", lead, ""]
    body.append(
        " ".join(fact(b, e) for e in b.entities[:3])
        or f"The latest version is in the shared folder ({long_date(b.day)})."
    )
    if b.entities[3:]:
        body += ["", " ".join(fact(b, e) for e in b.entities[3:])]
    attachments = [p.name for p in b.parents][:3]
    if attachments:
        body += [
            "",
            f"I have attached {attachments[0]}"
            + (" and the related files." if len(attachments) > 1 else "."),
        ]
    asks = actions(b, 2)
    body += ["", "Could you:"] + [f"- {a[0][0].lower() + a[0][1:]} by {a[2]}" for a in asks]
    body += [
        "",
        r.choice(("Thanks,", "Many thanks,", "Best,", "Kind regards,", "Cheers,")),
        writer.split()[0],
        "",
        f"{writer}",
        f"{role} | {org}",
    ]
    if reply:
        earlier = b.created - dt.timedelta(hours=r.randint(2, 70))
        body += [
            "",
            f"On {earlier:%a, %d %b %Y at %H:%M}, {reader} wrote:",
            f"> Can you send me the latest on {b.topic}?",
            "> I need it before the review.",
            f"> {reader.split()[0]}",
        ]
    return EmlSpec.model_validate(
        {
            "from": sender,
            "to": to,
            "cc": cc,
            "date": b.created,
            "subject": cap(subject)[:200],
            "body": "\n".join(body) + "\n",
            "attachments": [a.replace("/", "-") for a in attachments],
        }
    )

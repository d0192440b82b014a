"""Email messages (.eml, RFC 5322 with MIME) through the standard library's `email` package."""

from __future__ import annotations

import hashlib
import html
import mimetypes
import re
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, parseaddr
from pathlib import Path

from engine.computer.formats import Extract
from engine.computer.formats._common import (
    TextBudget,
    describe,
    failed,
    sniff_bytes,
    sniff_file,
    truncation_note,
)
from engine.schema.specs import EmlSpec, as_utc

SPEC = EmlSpec
KIND = "eml"
MAX_READ_BYTES = 64 * 1024 * 1024
_POLICY = policy.SMTP  # CRLF line ends, as RFC 5322 asks
_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def _digest(spec: EmlSpec) -> str:
    return hashlib.sha256(spec.model_dump_json(by_alias=True).encode()).hexdigest()


def render(spec: EmlSpec, attachments: Mapping[str, bytes] | None = None) -> bytes:
    """The message's bytes. `attachments` gives contents by name; names without one are empty parts."""
    files = dict(attachments or {})
    digest = _digest(spec)
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = spec.sender
    msg["To"] = ", ".join(spec.to)
    if spec.cc:
        msg["Cc"] = ", ".join(spec.cc)
    msg["Date"] = format_datetime(as_utc(spec.date))
    msg["Subject"] = spec.subject
    domain = parseaddr(spec.sender)[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = spec.message_id or f"<{digest[:24]}@{domain}>"
    if spec.in_reply_to:
        msg["In-Reply-To"] = spec.in_reply_to
        msg["References"] = spec.in_reply_to
    body = spec.body if spec.body.endswith("\n") or not spec.body else spec.body + "\n"
    msg.set_content(body)
    for name in spec.attachments:
        ctype, _ = mimetypes.guess_type(name)
        maintype, subtype = (ctype or "application/octet-stream").split("/", 1)
        data = files.get(name, b"")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if msg.is_multipart():
        # The generator would draw a random boundary; the same spec must give the same bytes.
        msg.set_boundary(f"==synthcomp-{digest[:20]}==")
    return msg.as_bytes(policy=_POLICY)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|tr|h[1-6]|li)>|<br\s*/?>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.I | re.S)


def html_to_text(markup: str) -> str:
    text = _SCRIPT.sub("", markup)
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _defect_names(msg) -> list[str]:
    names = [type(d).__name__ for d in msg.defects]
    if msg.is_multipart():
        for part in msg.walk():
            if part is not msg:
                names.extend(type(d).__name__ for d in part.defects)
    return names


def extract(path: Path, max_chars: int) -> Extract:
    size = path.stat().st_size
    with open(path, "rb") as f:
        data = f.read(MAX_READ_BYTES)
    cut = len(data) < size
    head = data[:8192]
    if sniff_bytes(head) != "text":
        return failed(
            path,
            KIND,
            f"This is not an email message: its content is {describe(sniff_file(path))}.",
        )

    msg = BytesParser(policy=policy.default).parsebytes(data)
    present = [h for h in _HEADERS if msg.get(h) is not None]
    if not present:
        return failed(
            path,
            KIND,
            "This does not look like an email message: it has none of the From, To, Date "
            "or Subject headers.",
        )

    out = TextBudget(max_chars)
    for h in _HEADERS:
        value = msg.get(h)
        if value is not None:
            out.add(f"{h}: {value}")
    out.add("")

    body_part = msg.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        try:
            body = body_part.get_content()
        except (LookupError, ValueError, AssertionError):  # unknown charset, bad encoding
            payload = body_part.get_payload(decode=True) or b""
            body = payload.decode("utf-8", errors="replace")
        body = body.replace("\r\n", "\n")
        if body_part.get_content_subtype() == "html":
            body = html_to_text(body)
    out.add(body.strip())

    atts = []
    for part in msg.iter_attachments():
        name = part.get_filename() or "(unnamed)"
        payload = part.get_payload(decode=True) or b""
        atts.append(f"- {name} ({part.get_content_type()}, {len(payload):,} bytes)")
    if atts:
        out.add("")
        out.add("Attachments:")
        out.extend(atts)

    defects = _defect_names(msg)
    error = None
    broken = {
        "StartBoundaryNotFoundDefect",
        "CloseBoundaryNotFoundDefect",
        "MultipartInvariantViolationDefect",
    }
    if cut:
        error = f"The message is larger than {MAX_READ_BYTES:,} bytes; only its start was read."
    elif broken.intersection(defects):
        error = (
            "This message is incomplete or damaged (its MIME parts do not close properly; "
            "it may have been cut off)."
        )
    notes = []
    if out.full:
        notes.append(truncation_note(max_chars))
    return Extract(
        path=str(path),
        kind=KIND,
        text=out.text().rstrip(),
        truncated=out.full or cut,
        note=" ".join(notes) or None,
        error=error,
    )

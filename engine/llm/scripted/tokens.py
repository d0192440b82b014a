"""A stand-in tokenizer for the scripted backend's usage figures.

Real servers count BPE tokens; the scripted server needs counts that grow with
the text and a token sequence whose shared prefix between two requests
behaves like a prefix cache: appending a turn keeps the earlier tokens,
changing the system prompt loses them all. Words of up to six characters are
one token, longer words one per six characters, punctuation one each.
"""

from __future__ import annotations

import json
import re
from typing import Any

_TOKEN = re.compile(r"\w+|[^\w\s]")
_CHUNK = 6


def tokenize(text: str) -> list[str]:
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        piece = match.group()
        out.extend(piece[i : i + _CHUNK] for i in range(0, len(piece), _CHUNK))
    return out


def count(text: str) -> int:
    return len(tokenize(text))


def cut(text: str, limit: int) -> str:
    """The beginning of `text` holding at most `limit` tokens (for `finish_reason == "length"`)."""
    used = 0
    for match in _TOKEN.finditer(text):
        pieces = -(-len(match.group()) // _CHUNK)
        if used + pieces > limit:
            return text[: match.start() + (limit - used) * _CHUNK]
        used += pieces
    return text


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def prompt_tokens(body: dict[str, Any]) -> list[str]:
    """The request as one token sequence: tool and schema definitions first, as servers do."""
    seq: list[str] = []
    if body.get("tools"):
        seq += ["<|tools|>", *tokenize(_dump(body["tools"]))]
    if body.get("response_format"):
        seq += ["<|format|>", *tokenize(_dump(body["response_format"]))]
    for message in body.get("messages") or []:
        seq.append(f"<|{message.get('role', 'user')}|>")
        content = message.get("content")
        if isinstance(content, str):
            seq += tokenize(content)
        elif content is not None:
            seq += tokenize(_dump(content))
        if message.get("tool_calls"):
            seq += tokenize(_dump(message["tool_calls"]))
        if message.get("tool_call_id"):
            seq.append(str(message["tool_call_id"]))
    return seq


def shared_prefix(a: list[str], b: list[str]) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n

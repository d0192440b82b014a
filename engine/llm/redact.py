"""Keeping credentials out of records, logs and error messages.

The API key travels only in the `Authorization` header, which is never
recorded. Still, a server may echo it back in an error body, and a base URL may
carry a password; everything that leaves `engine.llm` as text (a record, a log
line, an exception) passes through a `Redactor` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

MASK = "[redacted]"


class Redactor:
    """Replaces every known secret string, wherever it appears in a value."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        # Very short strings would mask ordinary words; real keys are long.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, MASK)
        return value

    def value(self, value: Any) -> Any:
        """A copy of a JSON-like value with secrets masked in every string, keys included."""
        if not self._secrets:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.value(k): self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        return value


def public_url(url: str) -> str:
    """The URL without any user:password part, fit to show in a message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the configured server"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def trim(text: str, limit: int = 300) -> str:
    """One line, at most `limit` characters: what a person can read in an error sentence."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"

"""Build a value that satisfies a JSON schema, from a seeded RNG.

This is the scripted backend's fallback for any structured request and any
tool's arguments that no registered rule answers: whatever pydantic model the
engine asks for, the reply validates, so the machinery can be exercised end to
end without a model. It understands what pydantic emits: `$ref`/`$defs`,
`anyOf` (optionals and unions), `allOf`, `enum`, `const`, formats (date,
date-time, time, email, uri, uuid), string length, numeric bounds, array
length, `prefixItems`, `additionalProperties` maps. A `pattern` is honoured
only when a plausible guess happens to match it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from random import Random
from typing import Any

from engine.llm.scripted import vocab

MAX_DEPTH = 6  # recursive models (a folder of folders) stop growing here


class SchemaFiller:
    def __init__(self, root: dict[str, Any], rng: Random) -> None:
        self.root = root
        self.rng = rng

    def build(self, schema: dict[str, Any] | None = None) -> Any:
        return self._value(self.root if schema is None else schema, name="", owner="", depth=0)

    # -- dispatch -----------------------------------------------------------------

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 32:
            ref = schema["$ref"]
            target: Any = self.root
            if not ref.startswith("#"):
                raise ValueError(f"only local $ref are supported, not {ref!r}")
            for part in [p for p in ref[1:].split("/") if p]:
                target = target[part.replace("~1", "/").replace("~0", "~")]
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **extra}
            seen += 1
        return schema

    def _value(self, schema: Any, *, name: str, owner: str, depth: int) -> Any:
        if schema is True or schema == {}:
            return vocab.string_for(name, self.rng, owner=owner)
        if not isinstance(schema, dict):
            return None
        schema = self._resolve(schema)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return self.rng.choice(schema["enum"])
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                merged = _merge(merged, self._resolve(part))
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            return self._value(_merge(merged, rest), name=name, owner=owner, depth=depth)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [self._resolve(o) if isinstance(o, dict) else o for o in schema[key]]
                real = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
                if not real or (depth >= MAX_DEPTH and len(real) < len(options)):
                    return None
                choice = self.rng.choice(real)
                rest = {k: v for k, v in schema.items() if k not in (key, "default")}
                return self._value(_merge(rest, choice), name=name, owner=owner, depth=depth)
        kind = schema.get("type")
        if isinstance(kind, list):
            real_kinds = [k for k in kind if k != "null"] or ["null"]
            kind = real_kinds[0]
        if kind is None:
            if "properties" in schema or "additionalProperties" in schema:
                kind = "object"
            elif "items" in schema or "prefixItems" in schema:
                kind = "array"
            else:
                kind = "string"
        builder = {
            "object": self._object,
            "array": self._array,
            "string": self._string,
            "integer": self._integer,
            "number": self._number,
        }.get(kind)
        if builder is not None:
            return builder(schema, name=name, owner=owner, depth=depth)
        if kind == "boolean":
            return self.rng.random() < 0.5
        return None

    # -- kinds --------------------------------------------------------------------

    def _object(
        self, schema: dict[str, Any], *, name: str, owner: str, depth: int
    ) -> dict[str, Any]:
        title = schema.get("title") or name or owner
        properties: dict[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        out: dict[str, Any] = {}
        for prop, sub in properties.items():
            if prop not in required and (depth >= MAX_DEPTH or self.rng.random() < 0.15):
                continue
            out[prop] = self._value(sub, name=prop, owner=title, depth=depth + 1)
        extra = schema.get("additionalProperties")
        if not properties and isinstance(extra, dict) and depth < MAX_DEPTH:
            low = schema.get("minProperties", 1)
            high = max(low, min(schema.get("maxProperties", 3), 3))
            for _ in range(self.rng.randint(low, high)):
                key = vocab.string_for(vocab.singular(name) or "category", self.rng, owner=title)
                out[key] = self._value(
                    extra, name=vocab.singular(name), owner=title, depth=depth + 1
                )
        _align_email(out, properties, self.rng)
        return out

    def _array(self, schema: dict[str, Any], *, name: str, owner: str, depth: int) -> list[Any]:
        prefix = schema.get("prefixItems")
        if prefix:
            return [
                self._value(s, name=vocab.singular(name), owner=owner, depth=depth + 1)
                for s in prefix
            ]
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        if depth >= MAX_DEPTH:
            count = low
        else:
            top = low + 3 if high is None else min(int(high), max(low, 1) + 3)
            count = self.rng.randint(max(low, 1 if top >= 1 else 0), max(top, low))
        items = schema.get("items", {})
        out: list[Any] = []
        for _ in range(count):
            for _try in range(8):  # uniqueItems: draw again on a repeat
                value = self._value(items, name=vocab.singular(name), owner=owner, depth=depth + 1)
                if not schema.get("uniqueItems") or value not in out:
                    break
            out.append(value)
        return out

    def _string(self, schema: dict[str, Any], *, name: str, owner: str, depth: int) -> str:
        fmt = schema.get("format")
        rng = self.rng
        if fmt == "date":
            text = vocab.day(rng).isoformat()
        elif fmt == "date-time":
            text = vocab.moment(rng).replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")
        elif fmt == "time":
            text = f"{rng.randrange(8, 18):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
        elif fmt == "email":
            text = vocab.email(rng)
        elif fmt in ("uri", "url", "iri"):
            text = f"https://www.{rng.choice(vocab.DOMAINS)}/{rng.choice(vocab.NOUNS).replace(' ', '-')}"
        elif fmt == "uuid":
            text = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        elif fmt == "duration":
            text = f"P{rng.randrange(1, 30)}D"
        else:
            text = vocab.string_for(name, rng, owner=owner)
        pattern = schema.get("pattern")
        if pattern:
            text = self._matching(pattern, text, name)
        low = int(schema.get("minLength", 0))
        high = schema.get("maxLength")
        while len(text) < low:
            text = f"{text} {vocab.sentence(rng)}".strip()
        if high is not None and len(text) > int(high):
            text = text[: int(high)].rstrip() or text[: int(high)]
        return text

    def _matching(self, pattern: str, text: str, name: str) -> str:
        try:
            compiled = re.compile(pattern)
        except re.error:
            return text
        candidates = [
            text,
            vocab.string_for(name, self.rng),
            text.lower(),
            text.replace(" ", "_").lower(),
        ]
        candidates += [str(self.rng.randrange(10**5)), vocab.day(self.rng).isoformat()]
        for candidate in candidates:
            if compiled.search(candidate):
                return candidate
        return text

    def _integer(self, schema: dict[str, Any], *, name: str, owner: str, depth: int) -> int:
        low, high = _bounds(schema, integer=True)
        guess = vocab.integer_for(name, self.rng)
        value = guess if low <= guess <= high else self.rng.randint(int(low), int(high))
        step = schema.get("multipleOf")
        if step:
            value = int(math.ceil(value / step) * step)
            if value > high:
                value -= int(step)
        return int(value)

    def _number(self, schema: dict[str, Any], *, name: str, owner: str, depth: int) -> float:
        low, high = _bounds(schema, integer=False)
        guess = vocab.number_for(name, self.rng)
        value = guess if low <= guess <= high else round(self.rng.uniform(low, high), 2)
        value = min(max(value, low), high)
        step = schema.get("multipleOf")
        if step:
            value = math.ceil(value / step) * step
        return value


def _align_email(out: dict[str, Any], properties: dict[str, Any], rng: Random) -> None:
    """A person's email follows their name, as on a real address book."""
    person = next(
        (out[k] for k in ("name", "full_name", "fullName") if isinstance(out.get(k), str)), None
    )
    email_key = next((k for k in out if "email" in vocab.words_of(k)), None)
    if not person or email_key is None or not isinstance(out[email_key], str):
        return
    sub = properties.get(email_key) or {}
    if not isinstance(sub, dict) or "pattern" in sub or "maxLength" in sub:
        return
    parts = [re.sub(r"[^a-z]", "", w.lower()) for w in person.split()]
    if len(parts) >= 2 and all(parts):
        out[email_key] = f"{parts[0]}.{parts[-1]}@{rng.choice(vocab.DOMAINS)}"


def _bounds(schema: dict[str, Any], *, integer: bool) -> tuple[float, float]:
    nudge = 1 if integer else 0.01
    low = schema.get("minimum", -math.inf)
    high = schema.get("maximum", math.inf)
    if "exclusiveMinimum" in schema:
        low = max(low, schema["exclusiveMinimum"] + nudge)
    if "exclusiveMaximum" in schema:
        high = min(high, schema["exclusiveMaximum"] - nudge)
    if low == -math.inf and high == math.inf:
        return (0, 10**6)
    if low == -math.inf:
        low = min(0, high)
    if high == math.inf:
        high = max(low * 2, low + 1000)
    return (math.ceil(low) if integer else low, math.floor(high) if integer else high)


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        if key == "properties" and key in out:
            out[key] = {**out[key], **value}
        elif key == "required" and key in out:
            out[key] = sorted(set(out[key]) | set(value))
        else:
            out[key] = value
    return out


def fill(schema: dict[str, Any], rng: Random) -> Any:
    """A value valid for `schema` (a whole document: `$ref`s resolve against it)."""
    return SchemaFiller(schema, rng).build()

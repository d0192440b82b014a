"""Shared helpers of the scripted world-creation responders: data, money, dates, words.

Every responder answers only from its request: the `<context>` block and the data
shipped with the engine (the occupation taxonomy, places, and this package's own name
pools and per-family vocabulary in `data/`). Nothing here reads the clock or global
randomness; choices come from the request's seeded `rng`, or from `stable_rng` when
several requests (the batches of one world) must agree on the same choice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from random import Random
from typing import Any, TypeVar

from engine.synth.occupations import City, OccupationFamily, find_occupation, load_cities

T = TypeVar("T")


# --- shipped data --------------------------------------------------------------------------


def _read(name: str) -> Any:
    text = resources.files("engine.synth.scripted").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def names_data() -> dict[str, Any]:
    return _read("names.json")


@lru_cache(maxsize=1)
def domains_data() -> dict[str, Any]:
    return _read("domains.json")


@dataclass(frozen=True)
class Metric:
    """A measure the job tracks: 'Hand hygiene compliance' in % between 82 and 99."""

    name: str
    unit: str
    lo: float
    hi: float


@dataclass(frozen=True)
class Domain:
    """What a family's files talk about: work topics, cost lines, measures, counterparties."""

    family_id: str
    topics: tuple[str, ...]
    items: tuple[str, ...]
    metrics: tuple[Metric, ...]
    client: str
    ref: str
    products: tuple[str, ...]
    places: tuple[str, ...]
    budget: tuple[float, float]
    degrees: tuple[str, ...] = ()
    team: str = "team"
    own_topics: frozenset[str] = frozenset()  # topics about the user's own business, not a client's
    subject: str | None = None
    subject_topics: tuple[str, ...] = ()


@lru_cache(maxsize=256)
def domain_for(family_id: str | None, role: str = "") -> Domain:
    """The vocabulary of a family, narrowed to a subject the role names (a chemistry teacher)."""
    data = domains_data()
    row = {**data["default"], **data["families"].get(family_id or "", {})}
    subject, subject_topics = None, ()
    subjects: dict[str, list[str]] = row.get("subjects") or {}
    low = role.lower()
    for key in sorted(subjects, key=len, reverse=True):
        if re.search(rf"\b{re.escape(key)}", low):
            subject, subject_topics = key, tuple(subjects[key])
            break
    if subjects and subject is None and "primary" in subjects and "primary" in low:
        subject, subject_topics = "primary", tuple(subjects["primary"])
    return Domain(
        family_id=family_id or "default",
        topics=tuple(t.lstrip("~") for t in row["topics"]),
        own_topics=frozenset(t[1:] for t in row["topics"] if t.startswith("~")),
        items=tuple(row["items"]),
        metrics=tuple(Metric(m[0], m[1], float(m[2]), float(m[3])) for m in row["metrics"]),
        client=row["client"],
        ref=row["ref"],
        products=tuple(row["products"]),
        places=tuple(row["places"]),
        budget=(float(row["budget"][0]), float(row["budget"][1])),
        degrees=tuple(row.get("degrees") or ()),
        team=row.get("team") or "team",
        subject=subject,
        subject_topics=subject_topics,
    )


def family_for_role(role: str, *hints: str) -> OccupationFamily | None:
    """The occupation family of a profile, read back from its role (and other text if need be).

    The profile carries no family id, so later stages recover it the way the profile
    stage found it: by matching the job title against the taxonomy.
    """
    for text in (role, " ".join((role, *hints))):
        if text.strip():
            match = find_occupation(text)
            if match is not None:
                return match.family
    return None


def city_of(location: str) -> City | None:
    """The shipped city a profile's 'City, Country' names, if any."""
    city = location.split(",")[0].strip().lower()
    country = location.split(",")[-1].strip().lower()
    best = None
    for c in load_cities():
        if c.city.lower() == city:
            if c.country.lower() == country:
                return c
            best = best or c
    return best


# --- money -------------------------------------------------------------------------------

# code: (symbol, units per US dollar, decimals, symbol goes after the number)
CURRENCIES: dict[str, tuple[str, float, int, bool]] = {
    "USD": ("$", 1.0, 2, False),
    "GBP": ("£", 0.79, 2, False),
    "EUR": ("€", 0.92, 2, False),
    "CAD": ("$", 1.36, 2, False),
    "AUD": ("$", 1.52, 2, False),
    "NZD": ("$", 1.65, 2, False),
    "CHF": ("CHF ", 0.88, 2, False),
    "SEK": (" kr", 10.5, 2, True),
    "NOK": (" kr", 10.7, 2, True),
    "DKK": (" kr", 6.9, 2, True),
    "PLN": (" zł", 4.0, 2, True),
    "INR": ("₹", 83.0, 0, False),
    "JPY": ("¥", 150.0, 0, False),
    "KRW": ("₩", 1350.0, 0, False),
    "HKD": ("HK$", 7.8, 2, False),
    "SGD": ("S$", 1.35, 2, False),
    "MYR": ("RM", 4.7, 2, False),
    "PHP": ("₱", 56.0, 0, False),
    "NGN": ("₦", 1500.0, 0, False),
    "GHS": ("GH₵", 13.0, 2, False),
    "KES": ("KSh ", 130.0, 0, False),
    "ZAR": ("R", 18.5, 2, False),
    "BRL": ("R$", 5.0, 2, False),
    "MXN": ("$", 17.0, 2, False),
    "ARS": ("$", 900.0, 0, False),
    "CLP": ("$", 920.0, 0, False),
    "AED": ("AED ", 3.67, 2, False),
    "ILS": ("₪", 3.7, 2, False),
}


def nice_amount(usd: float, currency: str, rng: Random | None = None) -> float:
    """A figure a person would write: `usd` in `currency`, kept to three significant digits."""
    value = usd * CURRENCIES.get(currency, ("", 1.0, 2, False))[1]
    if value <= 0:
        return 0.0
    step = 10 ** max(0, len(str(int(value))) - 3)
    if rng is not None and step >= 10 and rng.random() < 0.35:
        step //= 2 if rng.random() < 0.5 else 10  # not every figure is round
    return float(max(step, round(value / step) * step))


def money(amount: float, currency: str | None, *, cents: bool | None = None) -> str:
    """'£4,850' or '£4,850.50': English thousands separators for every currency."""
    symbol, _, decimals, after = CURRENCIES.get(currency or "USD", (f"{currency} ", 1.0, 2, False))
    show_cents = (amount != int(amount)) if cents is None else cents
    digits = decimals if show_cents and decimals else 0
    body = f"{abs(amount):,.{digits}f}"
    sign = "-" if amount < 0 else ""
    return f"{sign}{body}{symbol}" if after else f"{sign}{symbol}{body}"


def figure(value: float, unit: str, currency: str | None = None) -> str:
    """A metric value with its unit, as prose writes it: '94.5%', '320 ms', '£18,400'."""
    if unit == "money":
        return money(value, currency)
    num = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    if unit == "%":
        return f"{num}%"
    if unit in ("count", "score"):
        return num
    return f"{num} {unit}"


# --- dates -------------------------------------------------------------------------------


def as_date(value: Any, default: dt.date | None = None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    if default is None:
        raise ValueError(f"not a date: {value!r}")
    return default


def as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, 9, 0)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=None)


def long_date(day: dt.date) -> str:
    """'4 March 2024': unambiguous on both sides of the Atlantic."""
    return f"{day.day} {day:%B %Y}"


def work_time(rng: Random, day: dt.date, *, evening: float = 0.15) -> dt.datetime:
    """A time someone would be saving a file on `day`: office hours, sometimes the evening."""
    if rng.random() < evening:
        hour = rng.randint(19, 22)
    else:
        hour = rng.choice((8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 16, 17))
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


# --- words -------------------------------------------------------------------------------


def fold(text: str) -> str:
    """ASCII letters only: 'Sørensen' -> 'Sorensen', 'Łukasz' -> 'Lukasz'."""
    text = text.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    text = text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE")
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch) and ord(ch) < 128)


def slug(text: str, sep: str = "-", limit: int = 40) -> str:
    """Lower-case ASCII words joined by `sep`, at most `limit` characters, cut between
    words (only a first word longer than `limit`, or a slug without `sep`, is cut inside)."""
    out = re.sub(r"[^a-z0-9]+", sep, fold(text).lower()).strip(sep)
    if len(out) > limit:
        whole = out[: limit + 1].rsplit(sep, 1)[0] if sep else ""
        out = whole if whole and len(whole) <= limit else out[:limit]
    return out.rstrip(sep) or "item"


def entity_id(prefix: str, name: str, taken: set[str]) -> str:
    """A fresh fact-sheet id like 'client_hartwell_household' (snake_case, unique, <= 48)."""
    base = f"{prefix}_{slug(name, '_', 60)}"
    if len(base) > 42:
        base = base[:42].rsplit("_", 1)[0]
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    taken.add(out)
    return out


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def title_case(text: str) -> str:
    small = {"and", "of", "the", "for", "to", "in", "on", "a", "an", "with", "by", "vs"}
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if w.isupper() or any(ch.isupper() for ch in w[1:]) or any(ch.isdigit() for ch in w):
            out.append(w)
        elif i and w.lower() in small:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def plural(phrase: str) -> str:
    """'lesson plan' -> 'lesson plans', 'scheme of work' -> 'schemes of work', 'notes' stays."""
    if " of " in phrase:
        head, rest = phrase.split(" of ", 1)
        return f"{plural(head)} of {rest}"
    words = phrase.split()
    if not words:
        return phrase
    word = words[-1]
    low = word.lower()
    if low.endswith("is") and len(low) > 4:
        word = word[:-2] + "es"
    elif low.endswith("s") and not low.endswith(("ss", "us")):
        pass  # already plural: notes, minutes, slides, results
    elif low.endswith(("x", "ch", "sh", "ss")):
        word += "es"
    elif low.endswith("y") and low[-2:-1] not in "aeiou":
        word = word[:-1] + "ies"
    elif word.isupper() or not low.isalpha():
        word += "s"
    else:
        word += "s"
    return " ".join([*words[:-1], word])


def join_words(items: Sequence[str], conj: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"


def a_an(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" and not word.lower().startswith("uni") else "a"


# --- randomness --------------------------------------------------------------------------


def stable_rng(*parts: Any) -> Random:
    """An RNG every request that shares `parts` agrees on (the batches of one world)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return Random(int(digest[:16], 16))


def weighted(rng: Random, weights: Mapping[T, float]) -> T:
    keys = list(weights)
    return rng.choices(keys, weights=[max(0.0, float(weights[k])) for k in keys], k=1)[0]


def sample(rng: Random, seq: Sequence[T], k: int) -> list[T]:
    return rng.sample(list(seq), min(k, len(seq)))

"""People: names that fit where someone lives, and the logins and emails derived from them.

A Leeds teacher's colleagues are mostly called Hughes and Clarke, with the mix of
names a British staff room has; a Munich engineer's are called Weber and Hoffmann.
Each country in `data/names.json` weighs a few name regions, so a world's cast is
plausible for its place without being a caricature of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random

from engine.synth.scripted.common import fold, names_data, slug, weighted


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    gender: str  # "f" or "m": picks pronouns in prose

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def pronoun(self) -> str:
        return "she" if self.gender == "f" else "he"

    @property
    def possessive(self) -> str:
        return "her" if self.gender == "f" else "his"


def country_info(country: str) -> dict:
    return names_data()["countries"].get(country) or names_data()["countries"]["United Kingdom"]


def new_person(rng: Random, country: str, gender: str | None = None) -> Person:
    """A person with a name drawn from the country's mix of name regions."""
    regions = names_data()["regions"]
    region = regions[weighted(rng, country_info(country)["mix"])]
    gender = gender or rng.choice("fm")
    return Person(rng.choice(region[gender]), rng.choice(region["last"]), gender)


def cast(rng: Random, country: str, n: int, avoid: set[str] | None = None) -> list[Person]:
    """`n` people with distinct names (and distinct surnames where the pools allow)."""
    taken = set(avoid or ())
    out: list[Person] = []
    surnames = {name.split()[-1] for name in taken}
    for _ in range(n * 20):
        if len(out) == n:
            break
        p = new_person(rng, country)
        if p.name in taken or (p.last in surnames and rng.random() < 0.85):
            continue
        taken.add(p.name)
        surnames.add(p.last)
        out.append(p)
    return out


_NAMED = re.compile(r"^([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?) ([A-Z][a-zA-Z'-]+),")


def named_in(text: str) -> tuple[str, str] | None:
    """'Maria Forsythe, a chemistry teacher...' names its person; most personas do not."""
    m = _NAMED.match(text.strip())
    if not m or m.group(1).lower() in ("a", "an", "the"):
        return None
    return m.group(1), m.group(2)


def gender_in(text: str) -> str | None:
    low = f" {text.lower()} "
    f = len(re.findall(r"\b(she|her|hers|herself|woman|mother|mum|mom)\b", low))
    m = len(re.findall(r"\b(he|him|his|himself|man|father|dad)\b", low))
    if f > m:
        return "f"
    if m > f:
        return "m"
    return None


def _ascii(part: str) -> str:
    return re.sub(r"[^a-z]", "", fold(part).lower())


def username_for(p: Person, rng: Random) -> str:
    """The account name IT gave them: 'mforsythe', 'maria.forsythe', 'forsythem'."""
    first, last = _ascii(p.first) or "user", _ascii(p.last) or "account"
    style = rng.choice(("initial_last", "initial_last", "first_dot_last", "first", "last_initial"))
    name = {
        "initial_last": first[0] + last,
        "first_dot_last": f"{first}.{last}",
        "first": first + last[0],
        "last_initial": last + first[0],
    }[style]
    return name[:24]


def email_local(p: Person, rng: Random) -> str:
    first, last = _ascii(p.first) or "info", _ascii(p.last) or "office"
    return rng.choice((f"{first}.{last}", f"{first}.{last}", f"{first[0]}.{last}", first + last[0]))


def email_of(p: Person, domain: str, rng: Random) -> str:
    return f"{email_local(p, rng)}@{domain}"


_SUFFIXES = re.compile(
    r"\b(ltd|llp|llc|inc|plc|gmbh|ag|sas|s\.?l|s\.?r\.?l|lda|ltda|s\.?a|b\.?v|ab|aps|as|pvt|pty|"
    r"pte|sdn bhd|k\.?k|co|the|and|of|sp\. z o\.o)\b\.?",
    re.IGNORECASE,
)


def domain_for_org(name: str, country: str, kind: str = "company") -> str:
    """A mail domain an organisation would own: 'hillsideacademy.org.uk', 'calderlogistics.de'."""
    info = country_info(country)
    tld = (info.get("public") or {}).get(kind) or info["tld"]
    if kind == "health" and tld.startswith(("nhs.", "hse.")):
        return tld if tld.startswith("hse.") else "nhs.net"
    core = _SUFFIXES.sub(" ", fold(name)).replace("&", " ")
    words = [w for w in re.split(r"[^A-Za-z0-9]+", core.lower()) if w]
    label = "".join(words) or "mail"
    if len(label) > 22:
        label = "".join(w[0] for w in words if w) + (words[-1] if len(words) < 5 else "")
    return f"{slug(label, '', 30)}.{tld}"

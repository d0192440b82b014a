"""What a persona says its owner does, as project topics: 'who runs the antibiotic
stewardship audits' -> 'antibiotic stewardship audits'.

The scripted profile builds projects from its occupation's topics; a persona that names
the work itself should see that work on the computer, so the named duties come first.
Rules only, and conservative: a phrase is taken after a verb of responsibility and cut
at the first punctuation or new clause; anything long or odd is left out rather than
turned into a strange project name.
"""

from __future__ import annotations

import re

_VERBS = (
    r"is responsible for|are responsible for|responsible for|in charge of|looks after|"
    r"look after|works on|working on|runs|run|running|leads|leading|manages|managing|"
    r"coordinates|coordinating|oversees|overseeing|organises|organizes|organising|"
    r"organizing|keeps|handles|handling|prepares|preparing|writes|writing|plans|planning|"
    r"maintains|maintaining|delivers|delivering|specialises in|specializes in|focuses on"
)
_CLAUSE = re.compile(rf"\b(?:{_VERBS})\s+(.+?)(?=[.;:,()!?]|\s+(?:who|which|while|but|from|since|for|in|at|with|on)\s|$)", re.I)  # fmt: skip
_ARTICLE = re.compile(r"^(?:the|a|an|our|their|his|her|its|all|every|each)\s+", re.I)
_PREPOSITION = re.compile(r"^(?:for|to|on|into|with|about)\s+", re.I)
_WORD = re.compile(r"^[A-Za-z][A-Za-z'&-]*$")
# Words that describe how, not what: dropped from the front of a phrase.
_MANNER = {"careful", "carefully", "detailed", "thorough", "popular", "busy", "own", "many"}
# A phrase is taken only when it ends in a word for a piece of work: 'every version of
# every document' is a habit, not a project.
_WORK = set(
    """audit audits review reviews programme program programmes project projects rota rotas
    accounts payroll budget budgets report reports reporting clinic clinics scheme schemes
    refresh migration launch rollout roll-out app service services flow flows shift shifts
    pipeline pipelines portfolio portfolios curriculum inspections inspection trial trials
    assessments assessment library libraries platform website campaign campaigns survey
    surveys plan plans planning register registers process processes contract contracts
    tender tenders bid bids renewal renewals onboarding training course courses events
    event conference newsletter returns filings compliance forecast forecasts system systems
    integration upgrade fundraising appeal study studies evaluation audit-cycle ward wards
    team teams office department lab laboratory unit desk line product products release
    releases roadmap backlog exams exam syllabus club clubs trip trips""".split()
)
MAX_WORDS = 6


def persona_duties(persona: str, limit: int = 2) -> list[str]:
    """The work a persona names, as short noun phrases, at most `limit`, in order."""
    out: list[str] = []
    for match in _CLAUSE.finditer(persona):
        for part in re.split(r"\s+and\s+|\s*&\s*", match.group(1)):
            words = _ARTICLE.sub("", _PREPOSITION.sub("", part.strip())).split()
            while words and words[0].lower() in _MANNER:
                words = words[1:]
            if not words or words[-1].lower() not in _WORK:
                continue
            if len(words) > MAX_WORDS or not all(_WORD.match(w) for w in words):
                continue
            # As written: capitals mid-sentence are names (NHS, Duke of Edinburgh).
            phrase = " ".join(words)
            if phrase.lower() not in (d.lower() for d in out):
                out.append(phrase)
            if len(out) >= limit:
                return out
    return out

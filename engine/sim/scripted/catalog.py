"""Deliverables a person in a given job is really asked for, as fill-in templates.

The scripted objectives agent picks templates by the occupation family and by
words of the user's current projects, then fills them from the profile (the
class, the budget and its figure, the client, the supplier). Families without
templates here get deliverables built from the taxonomy's typical artefacts of
that job (`engine/synth/data/occupation_families.json`), so every occupation
gets work that sounds like its own.

Placeholders a template may use: {user} {first} {org} {role} {project} {client}
{requester} {requester_first} {requester_role} {figure} {figure_name} {date}
{date_name} {group} {pupils} {vendor} {year} {artifact}.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.schema.objectives import RubricSource, Visibility

BRIEF, ASK, REVIEW = "initially_communicated", "revealed_on_ask", "only_at_review"
I, A, R = BRIEF, ASK, REVIEW  # noqa: E741  (short names keep the template table readable)


@dataclass(frozen=True)
class CriterionT:
    text: str
    points: int
    source: RubricSource
    visibility: Visibility
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeliverableT:
    key: str
    match: tuple[str, ...]  # project words that make this template fit
    title: str
    description: str
    outputs: tuple[tuple[str, str], ...]  # (kind, description)
    requester: tuple[str, ...]  # relationships, most likely first
    criteria: tuple[CriterionT, ...]
    private_file: tuple[str, str] | None = None  # (name, description) the requester keeps
    changes: tuple[str, ...] = field(default=())  # requirement changes the requester may make


def c(text: str, points: int, source: str, visibility: str, *keywords: str) -> CriterionT:
    return CriterionT(text, points, source, visibility, tuple(keywords))  # type: ignore[arg-type]


SCHOOL_TEACHING = (
    DeliverableT(
        key="practical_scheme",
        match=("scheme", "practical", "practicals", "curriculum", "lesson", "lessons", "rewrite"),
        title="{project}: revised scheme with practical timetable",
        description=(
            "Rewrite the scheme of work for {group} so that every required practical has a week, "
            "a lesson and a risk assessment, and give {requester_first} a practical timetable the "
            "technicians can order from. Build on the current scheme and lesson files."
        ),
        outputs=(
            ("docx", "The revised scheme of work, week by week, with practicals marked"),
            ("xlsx", "Practical timetable: practical, week, class, equipment and quantities"),
        ),
        requester=("manager", "peer"),
        criteria=(
            c(
                "Every required practical appears in the scheme with a week and a lesson number",
                5,
                "spec",
                I,
            ),
            c(
                "Each practical links to its risk assessment and names the main hazard and control",
                2,
                "expertise",
                A,
                "risk",
                "safety",
                "hazard",
            ),
            c(
                "The practical timetable lists equipment with quantities for a class of {pupils}",
                2,
                "spec",
                A,
                "equipment",
                "quantities",
                "technician",
            ),
            c(
                "The lesson sequence teaches the theory before each practical that depends on it",
                2,
                "expertise",
                R,
            ),
            c("End-of-topic assessment points are placed in the sequence", 2, "expertise", R),
            c(
                "Uses the department's week-by-week table layout (week, lesson, objective, practical)",
                1,
                "quality",
                A,
                "layout",
                "template",
                "format",
            ),
        ),
        private_file=(
            "Practical bookings {year} (technicians).xlsx",
            "The technicians' practical bookings by week for {group}, with equipment counts per class of {pupils}",
        ),
        changes=(
            "the scheme must now also show which lessons are taught by a cover teacher, so add a column for it",
            "please add a one-page overview of the term at the front of the scheme",
        ),
    ),
    DeliverableT(
        key="mock_analysis",
        match=(
            "mock",
            "mocks",
            "exam",
            "exams",
            "results",
            "assessment",
            "marks",
            "grades",
            "data",
            "report",
        ),
        title="Mock exam results analysis for {group}",
        description=(
            "Analyse {group}'s mock results question by question, compare them with target "
            "grades, and propose interventions for the pupils below target before the "
            "{date_name}. {requester_first} will use it at the department meeting."
        ),
        outputs=(
            ("xlsx", "Mark analysis workbook: marks per pupil and question, grade against target"),
            ("pptx", "A short summary deck for the department meeting"),
            ("docx", "Intervention plan for the pupils below target"),
        ),
        requester=("manager",),
        criteria=(
            c("Gives the average mark per question and per topic", 5, "spec", I),
            c(
                "Identifies the three weakest topics with evidence from the marks",
                5,
                "expertise",
                A,
                "weakest",
                "topics",
                "gaps",
            ),
            c(
                "Compares every pupil's mock grade with their target grade",
                2,
                "spec",
                A,
                "target",
                "grades",
            ),
            c("States the grade boundaries used and applies them consistently", 2, "expertise", R),
            c(
                "Lists named interventions with dates for each pupil below target",
                2,
                "interaction",
                A,
                "intervention",
                "support",
            ),
            c("Charts carry axis titles and the class name", 1, "quality", R),
        ),
        private_file=(
            "Target grades {group}.xlsx",
            "Target grades and prior attainment for every pupil in {group} ({pupils} pupils)",
        ),
        changes=(
            "the meeting now wants the analysis split by boys and girls as well, so add that breakdown",
        ),
    ),
    DeliverableT(
        key="lab_budget",
        match=("inventory", "budget", "order", "stock", "consumables", "equipment", "lab", "audit"),
        title="Costed consumables request against the {figure_name}",
        description=(
            "Turn the stock count into a costed order for next term's practicals, within the "
            "{figure_name} of {figure}, using {vendor}'s prices, with a one-page memo to "
            "{requester_first} explaining the priorities."
        ),
        outputs=(
            (
                "xlsx",
                "Costed order: item, quantity, unit price, supplier, line total, running total",
            ),
            ("docx", "One-page budget memo with priorities and the total"),
        ),
        requester=("manager",),
        criteria=(
            c("The order's total does not exceed {figure}", 5, "reference", I),
            c(
                "Unit prices come from {vendor}'s price list or quote",
                2,
                "reference",
                A,
                "supplier",
                "prices",
                "quote",
            ),
            c(
                "Line totals and the grand total are spreadsheet formulas that add up",
                5,
                "quality",
                R,
            ),
            c(
                "Items needed for required practicals are marked as priority",
                2,
                "expertise",
                A,
                "priority",
                "practicals",
            ),
            c(
                "Hazardous chemicals are ordered in the smallest practical quantities",
                2,
                "expertise",
                R,
            ),
            c("The memo fits on one page", 1, "quality", A, "memo", "length"),
        ),
        private_file=(
            "Department budget {year} - spend to date.xlsx",
            "Spend to date against the {figure_name} ({figure}), by month and budget line",
        ),
        changes=(
            "finance has asked for every line to carry its budget code, so add a budget-code column",
        ),
    ),
)

FINANCIAL_ADVISORY = (
    DeliverableT(
        key="portfolio_refresh",
        match=(
            "portfolio",
            "portfolios",
            "model",
            "allocation",
            "fund",
            "funds",
            "investment",
            "refresh",
        ),
        title="Model portfolio refresh paper",
        description=(
            "Review the model portfolios against the current market view and propose a refreshed "
            "allocation for each risk band, with the fund changes and their costs, for "
            "{requester_first} to take to the investment committee."
        ),
        outputs=(
            ("docx", "Refresh paper: current against proposed allocation, with the rationale"),
            ("xlsx", "Allocation workbook: weights per asset class and risk band, funds with OCFs"),
        ),
        requester=("manager", "peer"),
        criteria=(
            c(
                "Shows current and proposed allocation per asset class for every risk band",
                5,
                "spec",
                I,
            ),
            c("Each risk band's allocation sums to exactly 100 %", 5, "quality", R),
            c(
                "Quotes the ongoing charge (OCF) of every fund proposed",
                2,
                "reference",
                A,
                "charges",
                "ocf",
                "costs",
            ),
            c(
                "Explains each change against the risk band's volatility target",
                2,
                "expertise",
                A,
                "risk",
                "volatility",
            ),
            c(
                "Notes the capital gains tax effect of switching in taxable accounts",
                2,
                "expertise",
                R,
            ),
            c(
                "Follows the committee paper layout: summary, proposal, rationale, risks",
                1,
                "quality",
                A,
                "layout",
                "template",
                "format",
            ),
        ),
        private_file=(
            "Model portfolio weights {year}.xlsx",
            "Current model portfolio weights per risk band and the fund list with ongoing charges",
        ),
        changes=(
            "the committee wants a sixth, lower-risk band considered, so add it to the paper",
        ),
    ),
    DeliverableT(
        key="committee_deck",
        match=("committee", "performance", "quarter", "quarterly", "deck", "investment"),
        title="Investment committee deck",
        description=(
            "Prepare the investment committee deck: performance of the model portfolios against "
            "benchmark, the market view, and the proposals from the refresh paper, for "
            "{requester_first}."
        ),
        outputs=(
            ("pptx", "Committee deck: performance, market view and proposals"),
            ("pdf", "PDF export of the deck for the committee pack"),
        ),
        requester=("manager",),
        criteria=(
            c(
                "Shows each model portfolio's quarter and year-to-date return against its benchmark",
                5,
                "spec",
                I,
            ),
            c("No more than 12 slides plus an appendix", 2, "spec", A, "slides", "length"),
            c(
                "Includes a risk slide with volatility and maximum drawdown",
                2,
                "expertise",
                A,
                "risk",
                "drawdown",
            ),
            c("Every chart gives its source and an as-at date", 2, "quality", R),
            c("Every content slide has speaker notes", 1, "quality", R),
        ),
        changes=("please move the market view to the front; the chair wants to start with it",),
    ),
    DeliverableT(
        key="household_review",
        match=("client", "household", "family", "trust", "review", "plan", "retirement", "annual"),
        title="Annual review pack for {client}",
        description=(
            "Prepare {client}'s annual review: portfolio valuation and performance, a cash-flow "
            "forecast, and a suitability letter confirming the plan still fits their objectives "
            "and attitude to risk. {figure_name}: {figure}."
        ),
        outputs=(
            ("docx", "Suitability letter and review report"),
            ("xlsx", "Cash-flow forecast over ten years with assumptions"),
            ("pdf", "Valuation summary for the review meeting"),
        ),
        requester=("manager", "client"),
        criteria=(
            c("Uses the value of {figure} for the {figure_name}", 5, "reference", I),
            c(
                "Confirms suitability against the client's stated attitude to risk",
                5,
                "expertise",
                A,
                "suitability",
                "risk profile",
                "attitude",
            ),
            c(
                "The cash-flow forecast runs at least ten years and states its assumptions",
                2,
                "spec",
                A,
                "cash flow",
                "forecast",
                "assumptions",
            ),
            c("Discloses all fees in both money and percentage terms", 2, "expertise", R),
            c(
                "Includes an agenda with last year's actions and their status",
                2,
                "interaction",
                A,
                "meeting",
                "agenda",
            ),
            c("Addressed to the clients by name, in plain English", 1, "quality", R),
        ),
        private_file=(
            "Household income and outgoings {year}.xlsx",
            "The household's own summary of income, outgoings and savings for {year}",
        ),
        changes=(
            "we now plan to retire two years earlier than we said, so please rerun the forecast",
        ),
    ),
)

BY_FAMILY: dict[str, tuple[DeliverableT, ...]] = {
    "school_teaching": SCHOOL_TEACHING,
    "financial_advisory": FINANCIAL_ADVISORY,
}

# Roles in the user's title that place them in a family when the persona was not matched.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "school_teaching": ("teacher", "teaching", "head of year", "schoolteacher", "tutor"),
    "financial_advisory": (
        "financial advisor",
        "financial adviser",
        "financial planner",
        "wealth",
        "paraplanner",
    ),
}

# Generic criteria about the craft of any deliverable, whatever the job.
GENERIC_EXPERTISE = (
    c("Delivers a complete {artifact}, not an outline or notes", 5, "spec", I),
    c(
        "States its assumptions and where each figure comes from",
        2,
        "expertise",
        A,
        "assumptions",
        "sources",
    ),
    c(
        "Leads with what {requester_role} must decide or do",
        2,
        "interaction",
        A,
        "audience",
        "decision",
        "summary",
    ),
    c("Follows the usual structure of a {artifact} in this line of work", 2, "expertise", R),
)

REQUIREMENT_CHANGES = (
    "please add a one-page summary at the front; it will go to people who will not read the rest",
    "the audience is wider now, so add a short slide version of the main points",
    "please bring the figures up to date with this month's numbers before you finish",
)

PREFERENCES = {
    "manager": (
        "numbers first, then the narrative",
        "a one-line summary at the top of every document",
        "no more than two pages unless asked",
        "drafts early rather than perfect late",
    ),
    "direct_report": ("clear written instructions", "examples of what good looks like"),
    "peer": ("a quick heads-up before anything changes", "shared files over attachments"),
    "client": (
        "plain English, no jargon",
        "figures in money as well as percentages",
        "a summary they can read on paper",
    ),
    "vendor": (
        "a purchase order number on every request",
        "quantities and delivery dates in one list",
    ),
    "external_partner": ("agendas before meetings", "decisions written down afterwards"),
    "regulator": (
        "references to the rule or guidance relied on",
        "dates and versions on every document",
    ),
    "mentor": ("questions sent ahead of a meeting",),
    "other": ("short emails",),
}

AUTHORITY = {
    "manager": "Signs off {first}'s deliverables and spending; sets priorities and deadlines",
    "direct_report": "Does the work assigned; no sign-off",
    "peer": "Advises and shares their own material; no sign-off over {first}'s work",
    "client": "Decides what they accept and approve for their own affairs",
    "vendor": "Sets prices, quotes and delivery dates for their company",
    "external_partner": "Agrees joint plans for their organisation",
    "regulator": "Sets and enforces the rules; can require changes",
    "mentor": "Advises only",
    "other": "Advises only",
}

EXTRA_NAMES = (
    "Grace Whitfield",
    "Samuel Adeyemi",
    "Ines Carvalho",
    "Oliver Brandt",
    "Mei Lin Zhou",
    "Rafael Ortega",
    "Hannah Kowalski",
    "Daniel Mensah",
    "Sofia Lindqvist",
    "Arjun Mehta",
)

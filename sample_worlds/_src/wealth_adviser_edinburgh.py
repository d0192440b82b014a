"""Catriona Moffat, Senior Financial Adviser at Lothian & Forth Wealth Management, Edinburgh.

The week before the March 2025 Investment Committee: the 2025 refresh of the firm's
five model portfolios (MPS 1-5) is on its final paper and deck; client annual
reviews run up to the tax-year end (the Fergusons' retirement, Dr Mehta's pension
carry-forward, the Crawfords' gifting); the Q4 compliance file review left actions.

Figures recur across files and are written once here, as the adviser keeps them in
her workbooks: the fund list and OCFs, the calendar-year returns, the Ferguson
accounts and cash-flow assumptions, the Mehta pension input amounts, the client book.
"""

from __future__ import annotations

import math

from _kit import B, File, H, N, P, R, T, World, d, money

from engine.schema.persona import Persona
from engine.schema.plans import PlannedProject
from engine.schema.profile import UserProfile
from engine.schema.specs import (
    ChartSpec,
    Column,
    DeckSpec,
    DocSpec,
    EmlSpec,
    ImageSpec,
    PdfSpec,
    Series,
    Sheet,
    SheetSpec,
    Slide,
    TableData,
    TextSpec,
)

USER = "Catriona Moffat"
EMAIL = "catriona.moffat@lothianforth.co.uk"
FIRM = "Lothian & Forth Wealth Management"
ADDRESS = "14 Charlotte Square, Edinburgh EH2 4DJ"

TOM = "Tom Galbraith"
EUAN = "Euan Baxter"
PRIYA = "Priya Nair"
MORAG = "Morag Lindsay"
ALASDAIR = "Alasdair Keir"
RUTH = "Ruth Kelman"

# --- the Model Portfolio Service ---------------------------------------------------------------

MODELS = ["MPS1 Cautious", "MPS2 Moderately Cautious", "MPS3 Balanced", "MPS4 Growth", "MPS5 Adventurous"]
CLASSES = [
    "UK equity",
    "North American equity",
    "Europe ex-UK equity",
    "Japan & Asia Pacific equity",
    "Emerging markets equity",
    "UK gilts",
    "Global bonds (GBP hedged)",
    "Sterling corporate bonds",
    "Alternatives",
    "Cash",
]
CLASS_SHORT = ["UK eq", "N America eq", "Europe eq", "Japan/APAC eq", "EM eq", "Gilts", "Global bonds", "£ corporates", "Alternatives", "Cash"]
# Strategic asset allocation, % per class, in CLASSES order.
SAA_2023 = {
    "MPS1": [6, 7, 3, 2, 2, 20, 20, 23, 10, 7],
    "MPS2": [9, 12, 5, 3, 3, 14, 17, 19, 11, 7],
    "MPS3": [14, 18, 7, 5, 4, 10, 12, 15, 10, 5],
    "MPS4": [17, 25, 9, 7, 6, 6, 9, 10, 8, 3],
    "MPS5": [20, 32, 11, 9, 9, 2, 4, 4, 7, 2],
}
SAA_V1 = {  # first draft: no absolute return, more gilts and cash
    "MPS1": [5, 8, 3, 2, 2, 23, 18, 22, 6, 11],
    "MPS2": [8, 13, 5, 3, 3, 18, 15, 18, 7, 10],
    "MPS3": [12, 20, 7, 5, 4, 14, 11, 14, 6, 7],
    "MPS4": [15, 27, 9, 7, 6, 9, 8, 9, 5, 5],
    "MPS5": [18, 34, 11, 9, 9, 4, 3, 3, 4, 5],
}
SAA_2025 = {  # v2 and FINAL
    "MPS1": [5, 8, 3, 2, 2, 22, 18, 22, 8, 10],
    "MPS2": [8, 13, 5, 3, 3, 17, 15, 18, 9, 9],
    "MPS3": [12, 20, 7, 5, 4, 13, 11, 14, 8, 6],
    "MPS4": [15, 27, 9, 7, 6, 8, 8, 9, 7, 4],
    "MPS5": [18, 34, 11, 9, 9, 3, 3, 3, 6, 4],
}
for _saa in (SAA_2023, SAA_V1, SAA_2025):
    assert all(sum(v) == 100 for v in _saa.values())

# (asset class index, fund, OCF %, 2024 return %)
FUNDS = {
    "caledon_uk": (0, "Caledon UK Equity Index", 0.06, 9.4),
    "strathmore_ukei": (0, "Strathmore UK Equity Income", 0.78, 7.9),
    "wexford_us": (1, "Wexford American Growth", 0.89, 18.4),
    "northgate_us": (1, "Northgate US Equity Index", 0.05, 26.9),
    "brannock_ussc": (1, "Brannock US Smaller Companies", 0.85, 14.2),
    "caledon_eur": (2, "Caledon Europe ex-UK Index", 0.08, 1.9),
    "kestrel_jp": (3, "Kestrel Japan Index", 0.10, 10.8),
    "kestrel_pac": (3, "Kestrel Pacific ex-Japan Index", 0.12, 9.7),
    "arran_em": (4, "Arran Emerging Markets Leaders", 0.92, 6.1),
    "caledon_gilt": (5, "Caledon UK Gilt Index", 0.10, -3.5),
    "forth_short": (5, "Forth Short-Dated Gilt", 0.15, 2.9),
    "harbour_agg": (6, "Harbourline Global Aggregate Bond Index (GBP Hedged)", 0.10, 1.8),
    "strathmore_corp": (7, "Strathmore Sterling Corporate Bond", 0.48, 2.6),
    "caledon_corp": (7, "Caledon Sterling Corporate Bond Index", 0.10, 1.9),
    "meridian_prop": (8, "Meridian Property Income", 0.96, -3.2),
    "dunmore_ar": (8, "Dunmore Absolute Return", 0.85, 1.1),
    "harbour_infra": (8, "Harbourline Global Infrastructure Index", 0.18, 8.7),
    "lf_liquidity": (9, "Lothian & Forth Sterling Liquidity", 0.10, 5.1),
}
# MPS3 fund weights, % of portfolio.
MPS3_CURRENT = {
    "caledon_uk": 8, "strathmore_ukei": 6, "wexford_us": 10, "northgate_us": 8,
    "caledon_eur": 7, "kestrel_jp": 3, "kestrel_pac": 2, "arran_em": 4,
    "caledon_gilt": 10, "harbour_agg": 12, "strathmore_corp": 10, "caledon_corp": 5,
    "meridian_prop": 4, "dunmore_ar": 6, "lf_liquidity": 5,
}
MPS3_V1 = {
    "caledon_uk": 7, "strathmore_ukei": 5, "northgate_us": 16, "brannock_ussc": 4,
    "caledon_eur": 7, "kestrel_jp": 3, "kestrel_pac": 2, "arran_em": 4,
    "caledon_gilt": 9, "forth_short": 5, "harbour_agg": 11, "strathmore_corp": 9,
    "caledon_corp": 5, "harbour_infra": 6, "lf_liquidity": 7,
}
MPS3_PROPOSED = {
    "caledon_uk": 7, "strathmore_ukei": 5, "northgate_us": 16, "brannock_ussc": 4,
    "caledon_eur": 7, "kestrel_jp": 3, "kestrel_pac": 2, "arran_em": 4,
    "caledon_gilt": 8, "forth_short": 5, "harbour_agg": 11, "strathmore_corp": 9,
    "caledon_corp": 5, "harbour_infra": 5, "dunmore_ar": 3, "lf_liquidity": 6,
}
for _w, _saa in ((MPS3_CURRENT, SAA_2023), (MPS3_V1, SAA_V1), (MPS3_PROPOSED, SAA_2025)):
    assert sum(_w.values()) == 100
    for _i in range(len(CLASSES)):
        assert sum(w for f, w in _w.items() if FUNDS[f][0] == _i) == _saa["MPS3"][_i]


def weighted_ocf(weights: dict[str, int]) -> float:
    """Weighted fund OCF of a portfolio, in %."""
    return sum(w * FUNDS[f][2] for f, w in weights.items()) / 100


def class_ocf(weights: dict[str, int]) -> list[float]:
    """Average OCF of each asset class under MPS3's fund split (the other models use the same split)."""
    out = []
    for i in range(len(CLASSES)):
        ws = {f: w for f, w in weights.items() if FUNDS[f][0] == i}
        total = sum(ws.values())
        out.append(sum(w * FUNDS[f][2] for f, w in ws.items()) / total if total else 0.0)
    return out


def model_ocf(saa: list[int], weights: dict[str, int]) -> float:
    return sum(a * o for a, o in zip(saa, class_ocf(weights), strict=True)) / 100


OCF_NOW = round(weighted_ocf(MPS3_CURRENT), 2)  # 0.36
SAVING_500K = round((weighted_ocf(MPS3_CURRENT) - weighted_ocf(MPS3_PROPOSED)) / 100 * 500_000)  # as the OCF sheet
SAVING_500K_V1 = round((weighted_ocf(MPS3_CURRENT) - weighted_ocf(MPS3_V1)) / 100 * 500_000)
OCF_V1 = round(weighted_ocf(MPS3_V1), 2)  # 0.23
OCF_NEW = round(weighted_ocf(MPS3_PROPOSED), 2)  # 0.25
MODEL_OCF_NOW = {m: round(model_ocf(SAA_2023[m], MPS3_CURRENT), 2) for m in SAA_2023}
MODEL_OCF_NEW = {m: round(model_ocf(SAA_2025[m], MPS3_PROPOSED), 2) for m in SAA_2025}

# Calendar-year returns, %, 2020..2024 (models net of fund charges, before advice/platform fees).
YEARS = [2020, 2021, 2022, 2023, 2024]
RETURNS = {
    "MPS1 Cautious": [3.9, 2.6, -10.4, 5.6, 3.0],
    "MPS2 Moderately Cautious": [4.8, 5.9, -10.1, 6.4, 4.6],
    "MPS3 Balanced": [6.2, 9.3, -9.8, 7.4, 6.5],
    "MPS4 Growth": [7.9, 12.8, -9.3, 8.3, 8.6],
    "MPS5 Adventurous": [9.8, 16.2, -8.7, 9.6, 10.7],
    "IA Mixed Investment 0-35% Shares": [3.3, 1.9, -10.2, 5.5, 4.2],
    "IA Mixed Investment 20-60% Shares": [3.5, 6.3, -9.7, 6.9, 6.7],
    "IA Mixed Investment 40-85% Shares": [5.3, 11.1, -10.0, 8.1, 9.4],
    "IA Flexible Investment": [6.8, 11.3, -9.1, 7.2, 10.1],
}
BENCHMARK = {
    "MPS1 Cautious": "IA Mixed Investment 0-35% Shares",
    "MPS2 Moderately Cautious": "IA Mixed Investment 20-60% Shares",
    "MPS3 Balanced": "IA Mixed Investment 20-60% Shares",
    "MPS4 Growth": "IA Mixed Investment 40-85% Shares",
    "MPS5 Adventurous": "IA Flexible Investment",
}
VOLATILITY = {"MPS1": 5.8, "MPS2": 7.4, "MPS3": 9.3, "MPS4": 11.2, "MPS5": 13.6}
MPS_AUM_M = {"MPS1": 38.4, "MPS2": 96.1, "MPS3": 171.8, "MPS4": 79.5, "MPS5": 26.8}
MPS_ACCOUNTS = {"MPS1": 402, "MPS2": 871, "MPS3": 1146, "MPS4": 455, "MPS5": 139}
MPS_AUM_TOTAL = round(sum(MPS_AUM_M.values()), 1)  # 412.6


BROAD = [(0, 5), (5, 8), (8, 9), (9, 10)]  # equities, bonds, alternatives, cash in CLASSES


def cumulative(name: str, years: int) -> float:
    return (math.prod(1 + r / 100 for r in RETURNS[name][-years:]) - 1) * 100


def r1(x: float) -> str:
    return f"{x:.1f}%"


# --- the Fergusons -------------------------------------------------------------------------------

FERGUSON_ACCOUNTS = [
    ("Iain", "SIPP (L&F Wrap)", 612_300),
    ("Iain", "Stocks & Shares ISA", 184_750),
    ("Shona", "SIPP (L&F Wrap)", 148_900),
    ("Shona", "Stocks & Shares ISA", 171_200),
    ("Joint", "General Investment Account", 119_250),
]
FERGUSON_TOTAL = sum(v for _, _, v in FERGUSON_ACCOUNTS)  # 1,236,400
FERGUSON_2023 = 1_082_100
FERGUSON_CONTRIB = 80_000
FERGUSON_GROWTH = FERGUSON_TOTAL - FERGUSON_2023 - FERGUSON_CONTRIB
CF = {  # cash-flow assumptions, as on the workbook's Assumptions sheet
    "growth": 0.045,
    "inflation": 0.025,
    "spending": 62_000,
    "travel": 10_000,
    "travel_until": 2034,
    "nhs": 38_200,
    "stps": 14_800,
    "state": 11_973,
    "tax": 0.16,
}


def ferguson_projection() -> list[dict[str, float]]:
    """The Projection sheet computed as its formulas compute it."""
    rows = []
    start = float(FERGUSON_TOTAL)
    for n in range(25):
        year = 2025 + n
        iain, shona = 62 + n, 59 + n
        infl = (1 + CF["inflation"]) ** n
        spend = (CF["spending"] + (CF["travel"] if year <= CF["travel_until"] else 0)) * infl
        nhs = CF["nhs"] * infl * (0.75 if year == 2025 else 1)
        stps = CF["stps"] * infl * (5 / 12 if year == 2025 else 1)
        sp_i = CF["state"] * infl if iain >= 67 else 0
        sp_s = CF["state"] * infl if shona >= 67 else 0
        net = (nhs + stps + sp_i + sp_s) * (1 - CF["tax"])
        draw = max(spend - net, 0)
        growth = (start - draw / 2) * CF["growth"]
        end = start + growth - draw
        real = end / (1 + CF["inflation"]) ** (n + 1)
        rows.append(dict(year=year, iain=iain, shona=shona, spend=spend, nhs=nhs, stps=stps,
                         sp_i=sp_i, sp_s=sp_s, net=net, draw=draw, start=start, growth=growth,
                         end=end, real=real))
        start = end
    return rows


PROJ = ferguson_projection()
FERGUSON_REAL_AT_87 = round(PROJ[-1]["real"], -3)
FERGUSON_DRAW_2025 = round(PROJ[0]["draw"], -2)
FERGUSON_SELF_FUNDING = next(r["year"] for r in PROJ if r["draw"] == 0)

# --- Dr Mehta: annual allowance carry forward ----------------------------------------------------

MEHTA_PIA = [("2021/22", 40_000, 31_400), ("2022/23", 40_000, 36_900), ("2023/24", 60_000, 38_200)]
MEHTA_2425_AA, MEHTA_2425_PIA = 60_000, 52_700
MEHTA_CARRY = sum(aa - pia for _, aa, pia in MEHTA_PIA)  # 33,500
MEHTA_CAPACITY = MEHTA_CARRY + MEHTA_2425_AA - MEHTA_2425_PIA  # 40,800
MEHTA_ACCOUNTS = [("SIPP (L&F Wrap)", 286_400), ("Stocks & Shares ISA", 241_000), ("General Investment Account", 87_500)]
MEHTA_TOTAL = sum(v for _, v in MEHTA_ACCOUNTS)  # 614,900

CRAWFORD_ACCOUNTS = [
    ("Douglas", "Stocks & Shares ISA", 412_600),
    ("Elspeth", "Stocks & Shares ISA", 388_900),
    ("Joint", "General Investment Account", 864_800),
    ("Douglas", "SIPP (uncrystallised)", 418_000),
]
CRAWFORD_TOTAL = sum(v for _, _, v in CRAWFORD_ACCOUNTS)  # 2,084,300

# --- the client book (31 Dec 2024) -----------------------------------------------------------------
# household, lead contact, model, AUM, ongoing fee %, review month, last review
CLIENT_BOOK = [
    ("Ferguson, Iain & Shona", "Iain Ferguson", "MPS3", FERGUSON_TOTAL, 0.75, "Jan", "2025-01-09"),
    ("Crawford, Douglas & Elspeth", "Elspeth Crawford", "MPS2", CRAWFORD_TOTAL, 0.60, "Nov", "2024-11-21"),
    ("Mehta, Dr Anjali", "Anjali Mehta", "MPS4", MEHTA_TOTAL, 0.75, "Oct", "2024-10-14"),
    ("Abernethy, Colin", "Colin Abernethy", "MPS2", 486_200, 0.75, "Mar", "2024-03-19"),
    ("Bell, Graham & Lorna", "Lorna Bell", "MPS3", 732_900, 0.75, "Apr", "2024-04-23"),
    ("Brodie Family Trust", "Neil Brodie (trustee)", "MPS2", 1_412_000, 0.75, "Jun", "2024-06-11"),
    ("Cameron, Fiona", "Fiona Cameron", "MPS1", 218_400, 0.85, "Sep", "2024-09-17"),
    ("Chen, Wei & Laura", "Laura Chen", "MPS4", 564_700, 0.75, "May", "2024-05-14"),
    ("Dalgleish, Robert", "Robert Dalgleish", "MPS3", 903_150, 0.75, "Feb", "2024-02-27"),
    ("Donaldson, Moira", "Moira Donaldson", "MPS2", 341_800, 0.85, "Aug", "2024-08-20"),
    ("Erskine, James & Kirsty", "Kirsty Erskine", "MPS5", 277_300, 0.85, "Oct", "2024-10-29"),
    ("Forbes, Hamish", "Hamish Forbes", "MPS3", 1_088_600, 0.75, "Dec", "2024-12-10"),
    ("Gillespie, Ann", "Ann Gillespie", "MPS1", 156_900, 1.00, "Jul", "2024-07-09"),
    ("Grant, Alistair & Ruth", "Alistair Grant", "MPS3", 674_250, 0.75, "Mar", "2024-03-05"),
    ("Henderson, Dr Paul", "Paul Henderson", "MPS4", 822_400, 0.75, "Nov", "2024-11-05"),
    ("Innes, Catherine", "Catherine Innes", "MPS2", 398_700, 0.85, "Jan", "2024-01-30"),
    ("Johnstone, Derek & Mary", "Mary Johnstone", "MPS2", 1_205_500, 0.75, "Sep", "2024-09-03"),
    ("Kaur, Harpreet", "Harpreet Kaur", "MPS4", 311_600, 0.85, "Jun", "2024-06-25"),
    ("Lamont, Stuart", "Stuart Lamont", "MPS3", 458_900, 0.75, "Apr", "2024-04-09"),
    ("MacAskill, Rory & Isla", "Isla MacAskill", "MPS3", 947_300, 0.75, "Feb", "2024-02-13"),
    ("McBride, Eilidh", "Eilidh McBride", "MPS5", 189_500, 1.00, "Aug", "2024-08-06"),
    ("McIntyre, Gordon", "Gordon McIntyre", "MPS2", 623_800, 0.75, "May", "2024-05-28"),
    ("Murray, Helen", "Helen Murray", "MPS1", 274_100, 0.85, "Oct", "2024-10-08"),
    ("Nicolson, Andrew & Jen", "Jen Nicolson", "MPS4", 699_950, 0.75, "Jul", "2024-07-23"),
    ("O'Neill, Patrick", "Patrick O'Neill", "MPS3", 512_600, 0.75, "Dec", "2024-12-03"),
    ("Ritchie, Sandra", "Sandra Ritchie", "MPS2", 287_450, 0.85, "Mar", "2024-03-26"),
    ("Ross, Malcolm & Anne", "Anne Ross", "MPS2", 1_634_200, 0.60, "Sep", "2024-09-24"),
    ("Sinclair, Duncan", "Duncan Sinclair", "MPS3", 398_350, 0.85, "Jun", "2024-06-04"),
    ("Tait, Lesley", "Lesley Tait", "MPS1", 204_800, 1.00, "Nov", "2024-11-26"),
    ("Urquhart, Ewan & Claire", "Claire Urquhart", "MPS4", 745_100, 0.75, "Jan", "2024-01-16"),
    ("Watt, Norman", "Norman Watt", "MPS2", 529_900, 0.75, "Apr", "2024-04-30"),
    ("Young, Kenneth & Sheila", "Sheila Young", "MPS3", 861_450, 0.75, "Aug", "2024-08-27"),
]
BOOK_TOTAL = sum(r[3] for r in CLIENT_BOOK)
BOOK_FEES = sum(r[3] * r[4] / 100 for r in CLIENT_BOOK)

# ---------------------------------------------------------------------------------------------------
# Profile
# ---------------------------------------------------------------------------------------------------

PERSONA = Persona(
    text="A senior financial adviser at a mid-sized wealth-management firm in Edinburgh who looks "
    "after about thirty client households, sits on the investment committee and is leading this "
    "year's refresh of the firm's model portfolios.",
    occupation="Financial Advisor",
    occupation_family="financial_advisory",
    industry="finance",
    seed=101,
    source="text",
)

PROFILE = UserProfile.model_validate(
    {
        "identity": {
            "full_name": USER,
            "username": "cmoffat",
            "email": EMAIL,
            "role": "Senior Financial Adviser",
            "organization": FIRM,
            "organization_context": "An independent wealth manager with about 140 staff and £2.3bn of "
            "client assets, with offices in Charlotte Square, Edinburgh and West George Street, "
            "Glasgow. Catriona sits in the eleven-adviser Private Clients team and is one of two "
            "advisers on the Investment Committee, which runs the firm's five risk-graded model "
            f"portfolios (the MPS, £{MPS_AUM_TOTAL}m).",
            "location": "Edinburgh, United Kingdom",
            "career_stage": "senior",
            "years_experience": 17,
        },
        "biography": "Catriona grew up in Stirling and read economics at the University of "
        "Aberdeen. She started as a paraplanner in 2008, qualified as a Chartered Financial "
        "Planner in 2014 and joined Lothian & Forth in 2018 with a following of clients from her "
        "previous firm. She is known for long, plain-English review letters, cash-flow models "
        "that clients can follow, and for pushing the Investment Committee on cost. She mentors "
        "the firm's paraplanner, Euan Baxter, and lives in Portobello with her husband and two "
        "children.",
        "career_history": [
            {
                "title": "Paraplanner",
                "organization": "Aberforth Life & Pensions",
                "start_year": 2008,
                "end_year": 2012,
                "summary": "Wrote suitability reports and pension transfer analyses for a team of six advisers.",
            },
            {
                "title": "Financial Adviser",
                "organization": "Kinross Hay Financial Planning",
                "start_year": 2012,
                "end_year": 2018,
                "summary": "Built a client bank of professionals and retirees; qualified as a Chartered Financial Planner in 2014.",
            },
            {
                "title": "Financial Adviser",
                "organization": FIRM,
                "start_year": 2018,
                "end_year": 2021,
                "summary": "Moved with twelve client households; joined the Investment Committee in 2020.",
            },
            {
                "title": "Senior Financial Adviser",
                "organization": FIRM,
                "start_year": 2021,
                "end_year": None,
                "summary": "Looks after 32 households; leads the 2025 refresh of the Model Portfolio Service.",
            },
        ],
        "work_context": "Catriona's year runs on client annual reviews (most fall between January "
        "and the 5 April tax-year end), the quarterly Investment Committee and the compliance "
        "file-review cycle. Euan prepares fact-find summaries, cash-flow models and first drafts "
        "of suitability reports; she rewrites and signs them. Since the FCA's Consumer Duty came "
        "in she has to evidence fair value and client understanding in every file. This quarter "
        "the MPS refresh takes most of her non-client time: the paper and deck go to the "
        "committee on 12 March 2025.",
        "current_projects": [
            {
                "id": "mps-refresh-2025",
                "name": "2025 Model Portfolio Service refresh",
                "description": "Review the strategic asset allocation and fund list of the five MPS "
                "models: exit the property fund, replace the active US fund with an index fund, "
                "add short-dated gilts and listed infrastructure, and cut the MPS3 fund OCF. Paper "
                "IC/25/03 and a deck go to the Investment Committee on 12 March 2025.",
                "client": "Investment Committee",
                "status": "active",
                "start_date": "2024-12-04",
                "end_date": "2025-04-07",
                "entities": ["mps", "ic_2025_03", "ic_2024_12", "ocf_mps3", "mps_aum", "rebalance_date"],
            },
            {
                "id": "annual-reviews-2025",
                "name": "Client annual reviews before the 2024/25 tax-year end",
                "description": "Review meetings, cash-flow updates, review letters and suitability "
                "reports for the households due in Q1, with pension and ISA actions to complete "
                "before 5 April 2025: the Fergusons' retirement income plan and Dr Mehta's "
                "carry-forward pension contribution.",
                "client": "Private clients",
                "status": "active",
                "start_date": "2025-01-06",
                "end_date": "2025-04-05",
                "entities": ["client_ferguson", "client_mehta", "tax_year_end", "client_book"],
            },
            {
                "id": "consumer-duty-file-review",
                "name": "Q4 2024 compliance file review actions",
                "description": "Close the actions from the Q4 2024 file review of six of Catriona's "
                "client files: evidence of capacity for loss, vulnerability checks and the "
                "fair-value wording in review letters.",
                "client": "Compliance",
                "status": "wrapping_up",
                "start_date": "2024-12-16",
                "end_date": "2025-03-31",
                "entities": ["file_review_q4", "client_crawford"],
            },
        ],
        "collaborators": [
            {
                "name": MORAG,
                "role": "Head of Private Clients",
                "relationship": "manager",
                "organization": FIRM,
                "communication_style": "Brisk and practical; reads the summary and the client impact first, wants no surprises at committee.",
                "email": "morag.lindsay@lothianforth.co.uk",
                "projects": ["mps-refresh-2025", "annual-reviews-2025"],
            },
            {
                "name": ALASDAIR,
                "role": "Chief Investment Officer and Investment Committee chair",
                "relationship": "other",
                "organization": FIRM,
                "communication_style": "Formal, precise about numbers and benchmarks; challenges any change that cannot be justified on risk as well as cost.",
                "email": "alasdair.keir@lothianforth.co.uk",
                "projects": ["mps-refresh-2025"],
            },
            {
                "name": TOM,
                "role": "Investment Analyst",
                "relationship": "peer",
                "organization": FIRM,
                "communication_style": "Sends spreadsheets rather than sentences; quick, occasionally misses a footnote.",
                "email": "tom.galbraith@lothianforth.co.uk",
                "projects": ["mps-refresh-2025"],
            },
            {
                "name": EUAN,
                "role": "Paraplanner",
                "relationship": "direct_report",
                "organization": FIRM,
                "communication_style": "Careful, asks before assuming; drafts are thorough but long.",
                "email": "euan.baxter@lothianforth.co.uk",
                "projects": ["annual-reviews-2025"],
            },
            {
                "name": PRIYA,
                "role": "Compliance Manager",
                "relationship": "peer",
                "organization": FIRM,
                "communication_style": "Writes numbered action lists with deadlines; cites the FCA handbook; friendly but firm.",
                "email": "priya.nair@lothianforth.co.uk",
                "projects": ["consumer-duty-file-review", "mps-refresh-2025"],
            },
            {
                "name": "Iain Ferguson",
                "role": "Client (retiring GP partner)",
                "relationship": "client",
                "organization": "Bruntsfield Medical Practice",
                "communication_style": "Friendly, detail-minded, replies by return; worries about running out of money.",
                "email": "iain.ferguson@btinternet.com",
                "projects": ["annual-reviews-2025"],
            },
            {
                "name": "Gillian Shaw",
                "role": "Chartered Accountant, partner",
                "relationship": "external_partner",
                "organization": "Shaw & Rennie CA",
                "communication_style": "Concise, attaches the figures, copies the paraplanner in.",
                "email": "gillian.shaw@shawrennie.co.uk",
                "projects": ["annual-reviews-2025"],
            },
        ],
        "software": ["Outlook", "Word", "Excel", "PowerPoint", "Adobe Acrobat", "Intelliflo Office", "Voyant", "FE Analytics", "Microsoft Teams"],
        "work_habits": {
            "tidiness": "organized",
            "naming_style": "descriptive",
            "naming_convention": "Client surname first, then document and date, underscores: Ferguson_Annual_Review_Letter_2024.docx; committee papers by reference: IC_Paper_MPS_Refresh_v2.docx.",
            "version_suffix_habit": "mixed",
            "version_suffix_examples": ["_v1", "_v2", "_FINAL"],
            "uses_dated_folders": True,
            "archives_old_work": False,
            "downloads_habit": "occasional_cleanup",
            "desktop_habit": "a_few_shortcuts",
            "tech_level": "intermediate",
            "computer_usage": "heavy",
        },
        "filesystem": {
            "os": "windows",
            "volumes": [{"label": "C:", "mount": "C:/", "folder": "C", "kind": "system", "purpose": "The firm's Windows 11 laptop; everything lives on C:."}],
            "home": "C:/Users/cmoffat",
            "documents": "C:/Users/cmoffat/Documents",
            "downloads": "C:/Users/cmoffat/Downloads",
            "desktop": "C:/Users/cmoffat/Desktop",
            "cloud_sync": "onedrive",
            "storage_pattern": "Client work in Documents/Clients/<Surname, names>, a dated folder per annual review; committee papers by meeting; fund factsheets stay in Downloads.",
            "organization_style": "By client and by committee meeting, with Compliance, CPD and Templates folders beside them.",
        },
        "fact_sheet": {
            "entities": [
                {"id": "firm", "type": "organization", "name": FIRM, "description": "Independent wealth manager, Edinburgh and Glasgow.", "attributes": [{"key": "address", "value": ADDRESS}]},
                {"id": "mps", "type": "product", "name": "Lothian & Forth Model Portfolio Service (MPS1-MPS5)", "description": "Five risk-graded discretionary model portfolios run by the Investment Committee.", "attributes": [{"key": "models", "value": "; ".join(MODELS)}]},
                {"id": "mps_aum", "type": "metric", "name": "MPS assets under management", "amount": MPS_AUM_TOTAL * 1_000_000, "currency": "GBP", "description": "At 31 December 2024, across 3,013 accounts."},
                {"id": "ocf_mps3", "type": "metric", "name": "MPS3 weighted fund OCF", "amount": OCF_NEW, "description": f"Proposed {OCF_NEW:.2f}%, down from {OCF_NOW:.2f}%."},
                {"id": "ic_2024_12", "type": "key_date", "name": "Investment Committee Q4 2024", "date": "2024-12-04"},
                {"id": "ic_2025_03", "type": "key_date", "name": "Investment Committee Q1 2025", "date": "2025-03-12", "attributes": [{"key": "paper", "value": "IC/25/03 2025 MPS refresh"}]},
                {"id": "rebalance_date", "type": "key_date", "name": "MPS rebalance to the 2025 allocation", "date": "2025-04-07"},
                {"id": "tax_year_end", "type": "key_date", "name": "2024/25 tax-year end", "date": "2025-04-05"},
                {"id": "client_ferguson", "type": "client", "name": "Iain and Shona Ferguson", "amount": FERGUSON_TOTAL, "currency": "GBP", "description": "Iain (62) retires from Bruntsfield Medical Practice on 30 June 2025; Shona (59) is a retired primary teacher. MPS3.", "attributes": [{"key": "model", "value": "MPS3 Balanced"}, {"key": "spending_target", "value": "£62,000 a year"}]},
                {"id": "client_mehta", "type": "client", "name": "Dr Anjali Mehta", "amount": MEHTA_TOTAL, "currency": "GBP", "description": "Consultant anaesthetist, 48, NHS Scotland pension; new client October 2024. MPS4.", "attributes": [{"key": "carry_forward_capacity", "value": money(MEHTA_CAPACITY)}]},
                {"id": "client_crawford", "type": "client", "name": "Douglas and Elspeth Crawford", "amount": CRAWFORD_TOTAL, "currency": "GBP", "description": "Retired, 76 and 73; inheritance-tax planning through gifts. MPS2."},
                {"id": "client_book", "type": "metric", "name": "Catriona's client book", "amount": BOOK_TOTAL, "currency": "GBP", "description": f"{len(CLIENT_BOOK)} households at 31 December 2024."},
                {"id": "file_review_q4", "type": "case", "name": "Q4 2024 compliance file review", "description": "Six of Catriona's files reviewed by Priya Nair in December 2024."},
                {"id": "shaw_rennie", "type": "organization", "name": "Shaw & Rennie CA", "description": "Dr Mehta's accountants."},
            ]
        },
    }
)

PROJECTS = [
    PlannedProject(id="mps-refresh-2025", name="2025 Model Portfolio Service refresh", status="current"),
    PlannedProject(id="annual-reviews-2025", name="Client annual reviews before the 2024/25 tax-year end", status="current"),
    PlannedProject(id="consumer-duty-file-review", name="Q4 2024 compliance file review actions", status="current"),
    PlannedProject(id="client-admin", name="Client files outside the current review round", status="past", summary="Fact finds, gifting schedules and correspondence kept with each household."),
    PlannedProject(id="cpd", name="CPD and professional standing", status="current", summary="CII CPD log and the annual Statement of Professional Standing."),
    PlannedProject(id="personal", name="Personal", status="personal"),
]

# ---------------------------------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------------------------------

FERG = "Documents/Clients/Ferguson, Iain & Shona"
MEHTA = "Documents/Clients/Mehta, Dr Anjali"
CRAW = "Documents/Clients/Crawford, Douglas & Elspeth"
IC_Q4 = "Documents/Investment Committee/2024-12 Q4 meeting"
IC_Q1 = "Documents/Investment Committee/2025-03 Q1 meeting"
REFRESH = "Documents/Model Portfolios/MPS Refresh 2025"

FOLDERS = {
    "Desktop": ("Shortcuts and the week's to-do list.", "work"),
    "Downloads": ("Fund factsheets, outlooks and attachments saved from email.", "downloads"),
    "Documents": ("Everything she keeps on purpose.", "work"),
    "Documents/Clients": ("One folder per client household, plus the client book.", "work"),
    FERG: ("The Fergusons' fact find and retirement planning.", "work"),
    f"{FERG}/2024 Review": ("The 2024 annual review: cash flow, notes, the review letter.", "work"),
    MEHTA: ("Dr Mehta's fact find, pension carry-forward and suitability report.", "work"),
    CRAW: ("The Crawfords' gifting schedule, review notes and solicitor's letter.", "work"),
    "Documents/Investment Committee": ("Papers, decks and minutes, one folder per meeting.", "work"),
    IC_Q4: ("The December 2024 committee: market review and minutes.", "work"),
    IC_Q1: ("The March 2025 committee: agenda, the MPS refresh paper and deck.", "work"),
    "Documents/Model Portfolios": ("Working files for the MPS.", "work"),
    REFRESH: ("Allocation and fund-list workbooks, performance data and notes for the 2025 refresh.", "work"),
    "Documents/Compliance": ("Compliance material for her own files.", "work"),
    "Documents/Compliance/Consumer Duty": ("Fair-value assessments and Consumer Duty guidance.", "work"),
    "Documents/Compliance/File Reviews": ("File-review results and follow-up.", "work"),
    "Documents/CPD": ("CPD log and CII statements.", "work"),
    "Documents/Templates": ("Her own letter templates.", "work"),
    "Documents/Personal": ("Household budget and holiday bookings.", "personal"),
}

# ---------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------


def c(value, fmt=None):
    """A number cell with an explicit format."""
    return {"type": "number", "value": value, "format": fmt} if fmt else value


FILES: list[File] = []


def add(*files: File) -> None:
    FILES.extend(files)


# --- Templates ----------------------------------------------------------------------------------------

add(
    File(
        path="Documents/Templates/Annual_Review_Letter_Template.docx",
        purpose="Catriona's own annual review letter template, with bracketed prompts for each section.",
        created=d("2022-09-12 10:05"),
        modified=d("2023-02-03 16:20"),
        projects=("client-admin",),
        entities=("firm",),
        spec=DocSpec(
            title="Annual review letter template",
            author=USER,
            blocks=[
                P(f"{FIRM}\n{ADDRESS}\nTelephone 0131 510 4400"),
                P("[Client names]\n[Address]"),
                P("[Date]"),
                P("Dear [first names],"),
                H("Your annual review", 2),
                P("Thank you for meeting me on [date] at [place / by Teams]. This letter sums up what we "
                  "discussed, how your investments have done over the year and what we agreed to do next. "
                  "Please read it carefully and tell me if anything has changed or is not as you remember it."),
                H("What has changed for you", 3),
                P("[Health, work, family, plans. Record any change in circumstances and any sign of vulnerability "
                  "we discussed, and what we have done about it.]"),
                H("Your investments", 3),
                P("[Valuation table: each account at the review date and a year before. Contributions and "
                  "withdrawals in the year. Return of the model portfolio against its benchmark, in plain words.]"),
                H("Your attitude to risk and capacity for loss", 3),
                P("[Result of this year's risk questionnaire, whether it still matches the model, and how much "
                  "the client could lose without changing their plans. Evidence capacity for loss with the "
                  "cash-flow figures, not only the questionnaire.]"),
                H("Costs", 3),
                P("[Ongoing advice fee, platform charge, MPS management fee and fund costs, each as a % and in "
                  "pounds for the year. Say why we believe the service is fair value.]"),
                H("What happens next", 3),
                B("[Action, who does it, by when]", "[ISA subscriptions before 5 April]", "[Next review month]"),
                P("With kind regards,"),
                P(f"{USER}\nSenior Financial Adviser, Chartered Financial Planner"),
                P(f"{FIRM} is authorised and regulated by the Financial Conduct Authority."),
            ],
        ),
    ),
)

# --- The Fergusons -------------------------------------------------------------------------------------

add(
    File(
        path=f"{FERG}/Ferguson_FactFind_2023-05.docx",
        purpose="Fact find for Iain and Shona Ferguson from the May 2023 meeting: family, income, pensions, assets, objectives and attitude to risk.",
        created=d("2023-05-16 14:10"),
        modified=d("2023-05-22 11:45"),
        projects=("client-admin",),
        entities=("client_ferguson",),
        spec=DocSpec(
            title="Fact find - Iain and Shona Ferguson",
            author=USER,
            blocks=[
                H("Fact find: Iain and Shona Ferguson"),
                R(("b", "Meeting: "), "16 May 2023, at their home, 22 Cluny Drive, Edinburgh EH10 6DW. "
                  "Present: Iain and Shona Ferguson, Catriona Moffat."),
                H("1. Personal details", 2),
                T(["", "Iain", "Shona"], [
                    ["Date of birth", "14 September 1962", "2 November 1965"],
                    ["Health", "Good; treated for high blood pressure", "Good"],
                    ["Occupation", "GP partner, Bruntsfield Medical Practice", "Retired primary teacher (left 2021)"],
                    ["Smoker", "No", "No"],
                    ["Wills / PoA", "Wills 2016; no power of attorney", "Wills 2016; no power of attorney"],
                ]),
                P("Two children, both independent: Calum (31, Glasgow, one child) and Kirsten (28, London). "
                  "Neither is financially dependent. Kirsten may need help with a flat deposit in the next "
                  "two to three years."),
                H("2. Income and spending", 2),
                T(["Item", "Amount (a year)", "Notes"], [
                    ["Iain: practice drawings", "£118,000", "Profit share, varies by ±£10k"],
                    ["Shona: income", "£0", "Teachers' pension deferred to 60"],
                    ["Household spending", "£54,000", "Excludes holidays"],
                    ["Holidays", "£9,000", "Want more travel once Iain retires"],
                ]),
                H("3. Pensions", 2),
                B(
                    "Iain: NHS Pension Scheme (Scotland), 1995 section and 2015 scheme. Latest statement "
                    "shows a 1995 section pension of £31,200 a year with an automatic lump sum of three "
                    "times the pension, and a 2015 scheme pension of £4,900 a year (2022 figures).",
                    "Iain: SIPP on the L&F Wrap, £498,600 (from a 2011 transfer and personal contributions).",
                    "Shona: Scottish Teachers' Pension Scheme, deferred, £14,100 a year from age 60 (2022 statement).",
                    "Shona: SIPP on the L&F Wrap, £121,300.",
                ),
                H("4. Investments and cash", 2),
                B(
                    "Iain ISA £152,900; Shona ISA £141,700; joint general investment account £98,400.",
                    "Cash: £85,000 across two easy-access accounts; they want to keep at least £30,000.",
                    "Home: 22 Cluny Drive, owned outright, estimated £875,000.",
                ),
                H("5. Objectives", 2),
                N(
                    "Iain to stop work at the end of June 2025, at 62, if the numbers allow.",
                    "Spend about £60,000 a year in today's money, plus £10,000 a year on travel for the first ten years.",
                    "Help Kirsten with a deposit of up to £40,000.",
                    "Keep the house; no plans to downsize.",
                ),
                H("6. Attitude to risk and capacity for loss", 2),
                P("Risk questionnaire (joint): score 52, 'balanced'. Both said a fall of 20% in a year "
                  "would worry them but they would not sell. With two defined-benefit pensions covering a "
                  "large part of their spending from 2025, their capacity for loss is medium to high. "
                  "Recommended model: MPS3 Balanced."),
                P("Next steps: Euan to build a cash-flow model; request an up-to-date NHS pension statement "
                  "from SPPA; review wills with their solicitor."),
            ],
        ),
    ),
)

_proj_rows = []
for i, row in enumerate(PROJ, start=2):
    prev = f"M{i - 1}" if i > 2 else "Assumptions!$B$11"
    _proj_rows.append([
        row["year"],
        row["iain"],
        row["shona"],
        f"=(Assumptions!$B$4+IF(A{i}<=Assumptions!$B$6,Assumptions!$B$5,0))*(1+Assumptions!$B$3)^(A{i}-2025)",
        f"=Assumptions!$B$7*(1+Assumptions!$B$3)^(A{i}-2025)*IF(A{i}=2025,0.75,1)",
        f"=Assumptions!$B$8*(1+Assumptions!$B$3)^(A{i}-2025)*IF(A{i}=2025,5/12,1)",
        f"=IF(B{i}>=67,Assumptions!$B$9*(1+Assumptions!$B$3)^(A{i}-2025),0)",
        f"=IF(C{i}>=67,Assumptions!$B$9*(1+Assumptions!$B$3)^(A{i}-2025),0)",
        f"=(E{i}+F{i}+G{i}+H{i})*(1-Assumptions!$B$10)",
        f"=MAX(D{i}-I{i},0)",
        f"={prev}",
        f"=(K{i}-J{i}/2)*Assumptions!$B$2",
        f"=K{i}+L{i}-J{i}",
        f"=M{i}/(1+Assumptions!$B$3)^(A{i}-2024)",
    ])

add(
    File(
        path=f"{FERG}/2024 Review/Ferguson_CashFlow_Dec2024.xlsx",
        purpose="Cash-flow model for the Fergusons' retirement: account values at 31 Dec 2024, assumptions, and a 25-year projection with formulas.",
        created=d("2024-12-09 09:20"),
        modified=d("2025-01-14 17:05"),
        author=EUAN,
        projects=("annual-reviews-2025",),
        entities=("client_ferguson",),
        links=(("derived_from", f"{FERG}/Ferguson_FactFind_2023-05.docx"),),
        spec=SheetSpec(
            title="Ferguson cash flow December 2024",
            author=EUAN,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Accounts",
                    columns=[Column(header="Owner", width=10), Column(header="Account", width=30), Column(header="Value 31/12/2024", format="currency", total="sum")],
                    rows=[[o, a, {"type": "currency", "value": v}] for o, a, v in FERGUSON_ACCOUNTS],
                    totals_row=True,
                    totals_label="Total portfolio",
                ),
                Sheet(
                    name="Assumptions",
                    columns=[Column(header="Assumption", width=44), Column(header="Value", width=14), Column(header="Source / note", width=60)],
                    rows=[
                        ["Growth, net of all charges (MPS3)", c(CF["growth"], "percent"), "L&F long-term assumption for MPS3, Jan 2025"],
                        ["Inflation (CPI)", c(CF["inflation"], "percent"), "Spending, pensions and state pension rise with it"],
                        ["Spending target (today's money)", c(CF["spending"], "currency"), "Agreed at the January 2025 review"],
                        ["Extra travel budget", c(CF["travel"], "currency"), "Each year up to and including the year below"],
                        ["Travel budget until", CF["travel_until"], "Tax year starting in"],
                        ["Iain NHS pension (full year)", c(CF["nhs"], "currency"), "SPPA statement Jan 2025: 1995 section £32,800 + 2015 scheme £5,400; from July 2025"],
                        ["Shona teachers' pension (full year)", c(CF["stps"], "currency"), "STPS statement 2024; from 2 Nov 2025 (age 60)"],
                        ["Full new State Pension, each", c(CF["state"], "currency"), "2025/26 rate £230.25 a week; counted from the first full tax year after 67"],
                        ["Effective tax on pension income", c(CF["tax"], "percent"), "Estimate across both; drawdown assumed from ISAs, GIA and tax-free cash first"],
                        ["Starting portfolio", "=Accounts!C7", "Valuation at 31 Dec 2024"],
                    ],
                ),
                Sheet(
                    name="Projection",
                    columns=[
                        Column(header="Tax year from"),
                        Column(header="Iain age"),
                        Column(header="Shona age"),
                        Column(header="Spending (£)", format="int"),
                        Column(header="NHS pension (£)", format="int"),
                        Column(header="Teachers' pension (£)", format="int"),
                        Column(header="State pension Iain (£)", format="int"),
                        Column(header="State pension Shona (£)", format="int"),
                        Column(header="Net guaranteed income (£)", format="int"),
                        Column(header="Drawn from portfolio (£)", format="int"),
                        Column(header="Portfolio at start (£)", format="int"),
                        Column(header="Growth (£)", format="int"),
                        Column(header="Portfolio at end (£)", format="int"),
                        Column(header="End value, today's money (£)", format="int"),
                    ],
                    rows=_proj_rows,
                ),
            ],
        ),
    ),
    File(
        path=f"{FERG}/2024 Review/Ferguson review meeting notes 2025-01-09.txt",
        purpose="Notes typed during the Fergusons' January 2025 review meeting.",
        created=d("2025-01-09 11:52"),
        projects=("annual-reviews-2025",),
        entities=("client_ferguson",),
        links=(("references", f"{FERG}/2024 Review/Ferguson_CashFlow_Dec2024.xlsx"),),
        spec=TextSpec(text=f"""Ferguson annual review - Thu 9 Jan 2025, 10:00, Charlotte Sq (meeting room 2)
Present: Iain, Shona, CM. Euan joined for cash flow part.

- Iain confirmed: leaving practice 30 June 2025. Partners have a locum lined up. He may do 1 day/wk
  sessional work for a year - NOT in the plan, treat as a bonus.
- NHS pension: he has applied. SPPA statement to follow by email (asked him to send PDF).
  He thinks 1995 section now ~£32-33k. Lump sum: wants the automatic lump sum (3x), not commute more.
- Shona: STPS from Nov 2025. Fine.
- Spending: they tracked 2024 -> about £58k + holidays £11k. Agreed target £62k + £10k travel to 2034.
- Kirsten flat deposit: now firm, £40k in spring 2026. From cash / lump sum, not the portfolio.
- Risk: questionnaire again -> 49 (balanced). Shona less comfortable than Iain. Talked through 2022
  (-9.8% for MPS3): she remembered it, didn't like it, but didn't want to sell. Stay MPS3.
- Capacity for loss: with DB pensions ~£53k gross from 2026 they could take a 30% fall and still
  meet essential spending. Euan to put the stress test in the letter.
- Portfolio {money(FERGUSON_TOTAL)} at 31/12. Up from {money(FERGUSON_2023)}; {money(FERGUSON_CONTRIB)} of that was April contributions.
- Projection (4.5% growth, 2.5% infl): first year draw ~{money(FERGUSON_DRAW_2025)} because Iain's salary stops
  and STPS only starts in Nov. No draws at all from {FERGUSON_SELF_FUNDING} (both state pensions paid and the travel budget over).
  Portfolio ~{money(FERGUSON_REAL_AT_87)} in today's money at 87 -> they are over-provided. Raise gifting / IHT next year.
- ISAs: £20k each before 5 April (from the GIA - bed & ISA). Iain final SIPP contribution before
  retiring? Check AA and carry forward with his NHS pension input - ask Euan.
- POA: still not done. Pushed again. They'll see Balfour Greig.
- Vulnerability: none identified. Iain's BP fine.

Actions
1. CM: review letter by 17 Jan.
2. Euan: suitability report for retirement income (drawdown order, TFC, ISA) by mid-Feb.
3. Iain: forward SPPA statement.
4. CM: bed & ISA instruction on 7 April for 2025/26 allowance as well.
"""),
    ),
    File(
        path="Downloads/SPPA_Annual_Benefit_Statement_IFerguson_2024.pdf",
        purpose="Iain Ferguson's NHS Pension Scheme (Scotland) benefit statement, forwarded by the client and saved from email.",
        created=d("2025-01-10 08:31"),
        origin="shared",
        author="Scottish Public Pensions Agency",
        projects=("annual-reviews-2025",),
        entities=("client_ferguson",),
        spec=PdfSpec(
            title="NHS Pension Scheme (Scotland) - Retirement benefit estimate",
            author="Scottish Public Pensions Agency",
            blocks=[
                H("NHS Pension Scheme (Scotland)"),
                P("Scottish Public Pensions Agency, 7 Tweedside Park, Tweedbank, Galashiels TD1 3TE"),
                H("Retirement benefit estimate", 2),
                T(["Member", "Dr Iain R Ferguson"], [
                    ["Date of birth", "14/09/1962"],
                    ["Membership", "1995 Section (practitioner) and 2015 Scheme"],
                    ["Estimate prepared", "06/01/2025"],
                    ["Assumed retirement date", "30/06/2025"],
                ]),
                H("Estimated benefits at 30/06/2025", 2),
                T(["Benefit", "1995 Section", "2015 Scheme", "Total"], [
                    ["Annual pension", "£32,800.00", "£5,400.00", "£38,200.00"],
                    ["Automatic lump sum", "£98,400.00", "n/a", "£98,400.00"],
                ]),
                P("Your 1995 Section benefits are payable without reduction from age 60. Your 2015 Scheme "
                  "benefits are payable from State Pension age (67); taking them at 62 would normally "
                  "reduce them. This estimate assumes you have elected to take your 2015 Scheme benefits "
                  "at the same time under the early retirement reduction buy-out already paid by your "
                  "employer, so no reduction is shown."),
                P("You may exchange part of your pension for an additional lump sum at a rate of £12 of "
                  "lump sum for each £1 of annual pension given up, subject to HMRC limits."),
                P("This is an estimate only and is not a guarantee. Benefits will be calculated on your "
                  "final pensionable pay and service when you retire."),
            ],
        ),
    ),
)

_ferg_rows = [[o, a, money(v)] for o, a, v in FERGUSON_ACCOUNTS] + [["", "Total", money(FERGUSON_TOTAL)]]


def _ferguson_letter_blocks() -> list:
    return [
        P(f"{FIRM}\n{ADDRESS}"),
        P("Dr Iain and Mrs Shona Ferguson\n22 Cluny Drive\nEdinburgh EH10 6DW"),
        P("15 January 2025"),
        P("Dear Iain and Shona,"),
        H("Your annual review", 2),
        P("Thank you both for coming in on 9 January. This letter sums up what we discussed, how your "
          "investments did in 2024 and what we agreed to do before and after Iain retires at the end of "
          "June. Please read it carefully and let me know if anything is not as you remember it."),
        H("What has changed for you", 3),
        P("Iain will leave Bruntsfield Medical Practice on 30 June 2025. Shona's Scottish Teachers' "
          "Pension starts on her 60th birthday in November. Kirsten's flat purchase is now planned for "
          "spring 2026 and you intend to give her £40,000 from cash and Iain's pension lump sum rather "
          "than from your investments. We did not identify any circumstances that make either of you "
          "vulnerable, and your health is good."),
        H("Your investments", 3),
        P(f"Your combined portfolio was worth {money(FERGUSON_TOTAL)} at 31 December 2024, up from "
          f"{money(FERGUSON_2023)} a year earlier. Of the increase, {money(FERGUSON_CONTRIB)} came from "
          f"your ISA and pension contributions in April and the remaining {money(FERGUSON_GROWTH)} from "
          "investment growth after charges."),
        T(["Owner", "Account", "Value at 31/12/2024"], _ferg_rows),
        P(f"All five accounts follow our MPS3 Balanced model, which returned "
          f"{r1(RETURNS['MPS3 Balanced'][-1])} in 2024 after fund charges, slightly behind the "
          f"{r1(RETURNS[BENCHMARK['MPS3 Balanced']][-1])} of the average fund in its comparison sector "
          "(IA Mixed Investment 20-60% Shares). Our holdings in government bonds and a property fund "
          "held it back; our investment committee is reviewing both in March and I will write to you "
          "separately about any change."),
        H("Your plans and whether they are affordable", 3),
        P(f"Euan has updated your cash-flow model with a spending target of £62,000 a year in today's "
          f"money, plus £10,000 a year for travel until 2034, and with Iain's NHS pension of £38,200 a "
          f"year from July. In the first year you will draw about {money(FERGUSON_DRAW_2025)} from the "
          "portfolio, because Iain's earnings stop before Shona's pension starts; after that the "
          "withdrawals fall as both State Pensions begin. On our assumptions of 4.5% a year growth "
          f"after charges and 2.5% inflation, the portfolio is still worth about "
          f"{money(FERGUSON_REAL_AT_87)} in today's money when Iain is 87: more than today, because "
          f"from {FERGUSON_SELF_FUNDING} your pensions cover all of your planned spending. In other words "
          "you can afford the plan with room to spare, and could spend or give away more during your "
          "lifetimes. We will look at that, and at inheritance tax, at your next review."),
        H("Your attitude to risk and capacity for loss", 3),
        P("Your joint risk score this year was 49, still 'balanced', and MPS3 remains suitable. We "
          "talked about 2022, when MPS3 fell by 9.8%: Shona found that uncomfortable but neither of "
          "you wanted to sell. Your two pensions will cover most of your essential spending from 2026, "
          "so even a fall of 30% in the portfolio would mean trimming travel rather than changing how "
          "you live. That is why we consider your capacity for loss to be medium to high."),
        H("Costs", 3),
        P("Our ongoing advice fee is 0.75% a year, the platform charges 0.20% and the MPS management "
          "fee is 0.15%. The funds in MPS3 cost a further 0.36% on average. For 2024 that came to about "
          f"{money(FERGUSON_TOTAL * 0.0146)} in total, or 1.46%. We review every year whether the service "
          "is fair value for what it costs; our latest assessment is available if you would like to "
          "read it."),
        H("What happens next", 3),
        N(
            "Euan will send a suitability report on how to draw your retirement income (which accounts "
            "first, and how to use Iain's lump sum) by mid-February.",
            "Before 5 April we will move £20,000 each from the joint account into your ISAs, and do the "
            "same again on 7 April for the new tax year.",
            "Please forward Iain's SPPA statement when it arrives (thank you, Iain, it has).",
            "Please book the power of attorney appointment with Balfour Greig.",
            "Your next review will be in January 2026, with a catch-up call after Iain retires in July.",
        ),
        P("With kind regards,"),
        P(f"{USER}\nSenior Financial Adviser, Chartered Financial Planner"),
        P(f"{FIRM} is authorised and regulated by the Financial Conduct Authority."),
    ]


add(
    File(
        path=f"{FERG}/2024 Review/Ferguson_Annual_Review_Letter_2024.docx",
        purpose="The Fergusons' 2024 annual review letter: valuation, MPS3 performance, cash-flow result, risk and capacity for loss, costs and actions.",
        created=d("2025-01-15 09:40"),
        modified=d("2025-01-15 16:32"),
        projects=("annual-reviews-2025",),
        entities=("client_ferguson", "mps", "tax_year_end"),
        links=(
            ("derived_from", "Documents/Templates/Annual_Review_Letter_Template.docx"),
            ("references", f"{FERG}/2024 Review/Ferguson_CashFlow_Dec2024.xlsx"),
            ("references", f"{FERG}/2024 Review/Ferguson review meeting notes 2025-01-09.txt"),
        ),
        spec=DocSpec(title="Annual review 2024 - Iain and Shona Ferguson", author=USER, blocks=_ferguson_letter_blocks()),
    ),
    File(
        path=f"{FERG}/2024 Review/Ferguson_Annual_Review_Letter_2024.pdf",
        purpose="PDF of the signed review letter, as sent to the clients' secure portal.",
        created=d("2025-01-15 16:40"),
        projects=("annual-reviews-2025",),
        entities=("client_ferguson",),
        links=(("extracted_from", f"{FERG}/2024 Review/Ferguson_Annual_Review_Letter_2024.docx"),),
        spec=PdfSpec(title="Annual review 2024 - Iain and Shona Ferguson", author=USER, blocks=_ferguson_letter_blocks()),
    ),
)


def _ferguson_suitability(version: int) -> list:
    draft = version == 1
    blocks = [
        H("Suitability report: your retirement income"),
        P("Prepared for Dr Iain and Mrs Shona Ferguson"),
        P(f"Prepared by {EUAN + ', Paraplanner, for ' + USER if draft else USER + ', Senior Financial Adviser'}"
          f" · {'12' if draft else '26'} February 2025"),
        H("1. What you asked us to do", 2),
        P("Iain retires on 30 June 2025. You asked us to recommend how to turn your pensions, ISAs and "
          "joint account into a reliable income of £62,000 a year after tax (plus £10,000 a year for "
          "travel until 2034), while keeping enough flexibility to help Kirsten in 2026 and to leave "
          "the pensions as long as possible because they fall outside your estates for inheritance tax."),
        H("2. Your circumstances", 2),
        P(f"Your portfolio was worth {money(FERGUSON_TOTAL)} at 31 December 2024: Iain's SIPP "
          "£612,300 and ISA £184,750, Shona's SIPP £148,900 and ISA £171,200, and your joint "
          "general investment account £119,250. Iain's NHS pension will be £38,200 a year with a "
          "lump sum of £98,400. Shona's teachers' pension will be £14,800 a year from November 2025. "
          "You keep about £85,000 in cash."),
        H("3. Our recommendations", 2),
        N(
            "Take Iain's NHS pension and automatic lump sum in full on 1 July 2025. Do not exchange "
            "more pension for lump sum: at £12 for each £1 given up, the exchange is poor value for "
            "someone of Iain's health and age.",
            "Use the lump sum for Kirsten's £40,000 gift and to top up your cash reserve to two years "
            "of the gap between your spending and your pensions.",
            "Draw your income from the joint account first, then from your ISAs, and leave both SIPPs "
            "untouched for as long as the plan allows. From April 2027 unused pensions are due to count "
            "towards your estates for inheritance tax; we will revisit this order when the rules are final.",
            "Keep all accounts in MPS3 Balanced.",
            "Make a final personal contribution of £20,000 gross to Iain's SIPP before 30 June, within "
            "the annual allowance left after his NHS pension input for 2025/26.",
        ),
        H("4. Why we recommend this", 2),
        P("Drawing from the taxable joint account first uses your capital gains tax allowances and "
          "keeps income tax low while Iain's NHS pension is your main income. Your ISAs are tax-free "
          "either way. Leaving the SIPPs until later keeps their tax-free growth and flexibility."),
    ]
    if draft:
        blocks.append(P("[Euan: I have not costed the SIPP contribution against Iain's NHS pension input "
                        "amount for 2025/26 yet; SPPA figures needed. Catriona to confirm the £20k.]"))
    else:
        blocks.append(P("We checked the SIPP contribution against Iain's pension input in the NHS scheme "
                        "for 2025/26, estimated by SPPA at £31,500. Together with the £20,000 gross "
                        "contribution that is £51,500, within the £60,000 annual allowance."))
    blocks += [
        H("5. Risks and disadvantages", 2),
        B(
            "Investment values can fall as well as rise. In a fall like 2022 (-9.8% for MPS3) we would "
            "draw from the cash reserve rather than sell investments.",
            "Inflation: your NHS and teachers' pensions rise with CPI, but the portfolio must keep pace too.",
            "Tax rules on pensions and inheritance may change; the recommended order depends on them.",
        ),
        H("6. Costs", 2),
        P("There is no extra charge for this advice: it is covered by the ongoing advice fee of 0.75% a year. "
          "Platform, MPS and fund charges are unchanged."),
    ]
    return blocks


add(
    File(
        path=f"{FERG}/Ferguson_Suitability_Report_Retirement_v1.docx",
        purpose="Paraplanner's first draft of the Fergusons' retirement income suitability report, with an open question for Catriona.",
        created=d("2025-02-12 15:15"),
        author=EUAN,
        origin="shared",
        projects=("annual-reviews-2025",),
        entities=("client_ferguson", "tax_year_end"),
        links=(
            ("references", f"{FERG}/2024 Review/Ferguson_CashFlow_Dec2024.xlsx"),
            ("references", "Downloads/SPPA_Annual_Benefit_Statement_IFerguson_2024.pdf"),
        ),
        spec=DocSpec(title="Suitability report - retirement income - Ferguson (draft)", author=EUAN, blocks=_ferguson_suitability(1)),
    ),
    File(
        path=f"{FERG}/Ferguson_Suitability_Report_Retirement_v2.docx",
        purpose="Catriona's revision of the suitability report: annual allowance check added, her name as adviser.",
        created=d("2025-02-26 10:02"),
        modified=d("2025-02-26 12:48"),
        projects=("annual-reviews-2025",),
        entities=("client_ferguson", "tax_year_end"),
        links=(("version_of", f"{FERG}/Ferguson_Suitability_Report_Retirement_v1.docx"),),
        spec=DocSpec(title="Suitability report - retirement income - Ferguson", author=USER, blocks=_ferguson_suitability(2)),
    ),
)

# --- Dr Mehta ------------------------------------------------------------------------------------------

add(
    File(
        path=f"{MEHTA}/Mehta_FactFind_2024-10.docx",
        purpose="Fact find for Dr Anjali Mehta, a new client referred by Iain Ferguson in October 2024.",
        created=d("2024-10-14 16:30"),
        modified=d("2024-10-16 09:10"),
        projects=("client-admin",),
        entities=("client_mehta",),
        spec=DocSpec(
            title="Fact find - Dr Anjali Mehta",
            author=USER,
            blocks=[
                H("Fact find: Dr Anjali Mehta"),
                R(("b", "Meeting: "), "14 October 2024, Charlotte Square. Referred by Dr Iain Ferguson."),
                H("About Anjali", 2),
                B(
                    "Born 3 March 1976 (48). Consultant anaesthetist, Royal Infirmary of Edinburgh, since 2011.",
                    "Divorced 2019; one son, Arjun (15), lives with her. Maintenance not an issue.",
                    "Home in Grange, value about £720,000, mortgage £186,000 over 11 years at 4.1% fixed to 2027.",
                    "Salary £131,500 plus private work (around £22,000 a year, taxed through self-assessment).",
                ),
                H("Pensions", 2),
                P("NHS Pension Scheme (Scotland), 2015 scheme since 2015 (1995 section before that). The "
                  "2023/24 pension savings statement shows a pension input amount of £38,200. Her "
                  "accountant, Gillian Shaw at Shaw & Rennie, holds the earlier statements."),
                P("Personal pension from her divorce settlement (pension sharing order), now a SIPP, £279,600."),
                H("Investments", 2),
                B("Stocks and shares ISA £236,200 (self-directed, 31 holdings).", "General investment account £85,900 (inherited shares, mostly UK banks)."),
                H("Objectives", 2),
                N(
                    "Reduce her income tax: she pays 45% on part of her income and loses some of her personal allowance.",
                    "Use any unused pension annual allowance before it is lost.",
                    "Retire at 58 if possible.",
                    "Help Arjun through university from 2027.",
                ),
                H("Attitude to risk", 2),
                P("Questionnaire score 63, 'growth'. Long horizon, secure income, she has held equities "
                  "through 2020 and 2022 without selling. Recommended model: MPS4 Growth."),
            ],
        ),
    ),
    File(
        path=f"{MEHTA}/RE_ Mehta - pension input amounts 2021-24.eml",
        purpose="Email from Dr Mehta's accountant with her NHS pension input amounts for three years and her adjusted income.",
        created=d("2025-01-08 09:42"),
        origin="shared",
        author="Gillian Shaw",
        projects=("annual-reviews-2025",),
        entities=("client_mehta", "shaw_rennie"),
        spec=EmlSpec.model_validate({
            "from": "Gillian Shaw <gillian.shaw@shawrennie.co.uk>",
            "to": [f"{USER} <{EMAIL}>"],
            "cc": [f"{EUAN} <euan.baxter@lothianforth.co.uk>"],
            "subject": "RE: Mehta - pension input amounts 2021-24",
            "body": "Catriona,\n\nAs promised, from Anjali's pension savings statements (SPPA) and our tax files:\n\n"
                    "  2021/22  pension input amount  £31,400   annual allowance £40,000\n"
                    "  2022/23  pension input amount  £36,900   annual allowance £40,000\n"
                    "  2023/24  pension input amount  £38,200   annual allowance £60,000\n\n"
                    "She was a member of a registered scheme in all three years. Her threshold income was "
                    "under £200,000 in each year, so no tapering. For 2024/25 SPPA's estimate of her "
                    "pension input is £52,700 (pay award backdated and a change of pay point in August).\n\n"
                    "Adjusted net income for 2024/25 is looking like £151,000 before any personal "
                    "contribution, so every £1 of gross contribution up to £25,000 or so also wins back "
                    "personal allowance. She would like to do this before 5 April.\n\n"
                    "Best wishes,\nGillian\n\nGillian Shaw CA\nPartner, Shaw & Rennie CA\n9 Atholl Crescent, Edinburgh EH3 8HA\n",
        }),
    ),
    File(
        path=f"{MEHTA}/Mehta_Annual_Allowance_CarryForward.xlsx",
        purpose="Annual allowance and carry-forward calculation for Dr Mehta's 2024/25 SIPP contribution.",
        created=d("2025-01-08 14:05"),
        modified=d("2025-01-10 10:20"),
        projects=("annual-reviews-2025",),
        entities=("client_mehta", "tax_year_end"),
        links=(("derived_from", f"{MEHTA}/RE_ Mehta - pension input amounts 2021-24.eml"),),
        spec=SheetSpec(
            title="Mehta annual allowance carry forward",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Carry forward",
                    columns=[
                        Column(header="Tax year", width=10),
                        Column(header="Annual allowance", format="currency", width=18),
                        Column(header="Pension input amount", format="currency", width=22),
                        Column(header="Unused allowance", format="currency", width=16, total="sum"),
                        Column(header="Source", width=36),
                    ],
                    rows=[
                        [ty, {"type": "currency", "value": aa}, {"type": "currency", "value": pia}, f"=MAX(B{i}-C{i},0)", "SPPA statement via Shaw & Rennie"]
                        for i, (ty, aa, pia) in enumerate(MEHTA_PIA, start=2)
                    ],
                    totals_row=True,
                    totals_label="Carry forward available",
                ),
                Sheet(
                    name="2024-25",
                    columns=[Column(header="Item", width=48), Column(header="Amount", format="currency", width=14)],
                    rows=[
                        ["Annual allowance 2024/25", {"type": "currency", "value": MEHTA_2425_AA}],
                        ["NHS pension input 2024/25 (SPPA estimate)", {"type": "currency", "value": MEHTA_2425_PIA}],
                        ["Unused allowance this year", "=B2-B3"],
                        ["Carry forward from 2021/22 to 2023/24", "='Carry forward'!D5"],
                        ["Maximum further gross contribution", "=B4+B5"],
                        ["Recommended gross SIPP contribution", {"type": "currency", "value": 40_000}],
                        ["Net payment (basic-rate relief added by the SIPP)", "=B7*0.8"],
                        ["Headroom left", "=B6-B7"],
                    ],
                ),
            ],
        ),
    ),
    File(
        path=f"{MEHTA}/Mehta_Suitability_Report_Jan2025.docx",
        purpose="Suitability report recommending a £40,000 gross carry-forward SIPP contribution and MPS4 for Dr Mehta.",
        created=d("2025-01-22 10:15"),
        modified=d("2025-01-24 14:40"),
        projects=("annual-reviews-2025",),
        entities=("client_mehta", "tax_year_end", "mps"),
        links=(
            ("references", f"{MEHTA}/Mehta_Annual_Allowance_CarryForward.xlsx"),
            ("references", f"{MEHTA}/Mehta_FactFind_2024-10.docx"),
        ),
        spec=DocSpec(
            title="Suitability report - Dr Anjali Mehta",
            author=USER,
            blocks=[
                H("Suitability report"),
                P("Prepared for Dr Anjali Mehta by Catriona Moffat, Senior Financial Adviser · 24 January 2025"),
                H("Summary of our advice", 2),
                B(
                    "Pay a personal contribution of £40,000 gross (£32,000 from you, with £8,000 basic-rate "
                    "tax relief added) into your SIPP before 5 April 2025, using allowance carried forward "
                    "from the last three tax years.",
                    "Claim the further higher and additional-rate relief through your 2024/25 tax return.",
                    "Move your ISA, SIPP and general investment account into our MPS4 Growth model.",
                ),
                H("Your pension allowance", 2),
                P(f"The annual allowance is £60,000 for 2024/25. Your NHS pension input this year is "
                  f"estimated at {money(MEHTA_2425_PIA)}, which leaves {money(MEHTA_2425_AA - MEHTA_2425_PIA)}. "
                  f"You can also carry forward {money(MEHTA_CARRY)} of unused allowance from 2021/22 to "
                  f"2023/24, because you were in a registered scheme in each of those years and your income "
                  f"was not high enough for the allowance to be tapered. In total you could contribute up "
                  f"to {money(MEHTA_CAPACITY)} gross this tax year without an annual allowance charge."),
                T(["Tax year", "Allowance", "Pension input", "Unused"],
                  [[ty, money(aa), money(pia), money(aa - pia)] for ty, aa, pia in MEHTA_PIA]
                  + [["2024/25", money(MEHTA_2425_AA), money(MEHTA_2425_PIA), money(MEHTA_2425_AA - MEHTA_2425_PIA)]]),
                P(f"We recommend £40,000 rather than the full {money(MEHTA_CAPACITY)} because SPPA's figure "
                  f"for this year is an estimate; the {money(MEHTA_CAPACITY - 40_000)} margin protects you if "
                  "the final pension input is slightly higher."),
                H("Why this is right for you", 2),
                P("Your adjusted net income for 2024/25 is about £151,000. A £40,000 gross contribution "
                  "brings it to around £111,000, which restores most of your personal allowance. The "
                  "effective tax relief on the part that does this is 60%. Gillian Shaw has confirmed "
                  "the figures and will reflect the contribution in your tax return."),
                H("Investment", 2),
                P(f"Your attitude to risk is 'growth' and you are investing for at least ten years. MPS4 "
                  f"Growth holds about 64% in shares and returned {r1(RETURNS['MPS4 Growth'][-1])} in 2024. "
                  "Your inherited bank shares will be sold in stages to use your capital gains allowance "
                  "over two tax years."),
                H("Costs", 2),
                P("Initial advice fee for this recommendation: £1,200, agreed in our client agreement. Ongoing "
                  "advice fee 0.75% a year, platform 0.20%, MPS management fee 0.15%, fund costs about 0.35%."),
                H("Risks", 2),
                B(
                    "Money in a pension cannot normally be taken before age 57 (from 2028).",
                    "If your final pension input for 2024/25 is higher than estimated, part of the contribution "
                    "could still fall outside the allowance; we have left a margin for this.",
                    "The value of investments can go down as well as up.",
                ),
            ],
        ),
    ),
)

# --- The Crawfords -------------------------------------------------------------------------------------

_gifts = [
    ("2023-05-10", "Douglas", "Alan Crawford (son)", 150_000, "Potentially exempt transfer"),
    ("2023-05-10", "Elspeth", "Fiona Crawford-Hay (daughter)", 150_000, "Potentially exempt transfer"),
    ("2023-04-11", "Douglas", "Grandchildren's Junior ISAs (4)", 6_000, "Annual exemptions 2023/24 and 2022/23"),
    ("2023-04-11", "Elspeth", "Grandchildren's Junior ISAs (4)", 6_000, "Annual exemptions 2023/24 and 2022/23"),
    ("2024-04-09", "Douglas", "Grandchildren's Junior ISAs (4)", 3_000, "Annual exemption 2024/25"),
    ("2024-04-09", "Elspeth", "Grandchildren's Junior ISAs (4)", 3_000, "Annual exemption 2024/25"),
    ("2024-06-28", "Douglas", "Grandchildren's Junior ISAs (4)", 12_000, "Normal expenditure out of income"),
    ("2024-12-02", "Elspeth", "Fiona Crawford-Hay (daughter)", 5_000, "Wedding gift (parent) - exempt"),
]
add(
    File(
        path=f"{CRAW}/Crawford_Gifting_and_IHT_Schedule.xlsx",
        purpose="Record of the Crawfords' gifts since 2023 with the exemption used and when each potentially exempt transfer leaves the estate.",
        created=d("2023-06-08 11:00"),
        modified=d("2024-11-22 15:35"),
        projects=("client-admin",),
        entities=("client_crawford",),
        spec=SheetSpec(
            title="Crawford gifting schedule",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Gifts",
                    columns=[
                        Column(header="Date", format="date", width=12),
                        Column(header="From", width=10),
                        Column(header="To", width=32),
                        Column(header="Amount", format="currency", total="sum", width=13),
                        Column(header="Exemption / treatment", width=40),
                        Column(header="Out of estate from", format="date", width=20),
                    ],
                    rows=[
                        [{"type": "date", "value": dt_}, who, to, {"type": "currency", "value": amt}, how,
                         f'=IF(LEFT(E{i},9)="Potential",EDATE(A{i},84),"n/a")']
                        for i, (dt_, who, to, amt, how) in enumerate(_gifts, start=2)
                    ],
                    totals_row=True,
                ),
                Sheet(
                    name="Income surplus",
                    columns=[Column(header="Item (2023/24, net)", width=40), Column(header="Douglas", format="currency"), Column(header="Elspeth", format="currency")],
                    rows=[
                        ["State pension", {"type": "currency", "value": 8_740}, {"type": "currency", "value": 7_960}],
                        ["University of Edinburgh pension", {"type": "currency", "value": 29_850}, {"type": "currency", "value": 0}],
                        ["NHS pension (Elspeth, nurse)", {"type": "currency", "value": 0}, {"type": "currency", "value": 14_220}],
                        ["Dividends and interest", {"type": "currency", "value": 11_400}, {"type": "currency", "value": 9_900}],
                        ["Share of household spending", {"type": "currency", "value": -26_000}, {"type": "currency", "value": -26_000}],
                        ["Surplus income", "=SUM(B2:B6)", "=SUM(C2:C6)"],
                    ],
                ),
            ],
        ),
    ),
    File(
        path=f"{CRAW}/Balfour_Greig_WS_letter_2024-10-30.pdf",
        purpose="Letter from the Crawfords' solicitors about their new wills and a discretionary trust for the grandchildren.",
        created=d("2024-10-30 12:14"),
        origin="shared",
        author="Balfour Greig WS",
        projects=("client-admin",),
        entities=("client_crawford",),
        spec=PdfSpec(
            title="Mr and Mrs Crawford - wills and trust",
            author="Balfour Greig WS",
            blocks=[
                P("Balfour Greig WS · Solicitors and Notaries · 31 Melville Street, Edinburgh EH3 7JF"),
                P("Our ref: HMC/CRA/0142/7\nYour ref: CM\n30 October 2024"),
                P(f"{USER}\n{FIRM}\n{ADDRESS}"),
                P("Dear Ms Moffat,"),
                H("Mr Douglas and Mrs Elspeth Crawford", 2),
                P("We act for Mr and Mrs Crawford and have their authority to write to you. They have "
                  "signed new wills, each leaving their estate to the survivor and then equally to Alan "
                  "and Fiona, with a legacy of £50,000 to a discretionary trust for their four "
                  "grandchildren."),
                P("They have asked us to co-ordinate with you on two points before their review with you "
                  "in November. First, the record of lifetime gifts: please let us have a copy of your "
                  "schedule so that the executors will have it. Second, the regular payments to the "
                  "grandchildren's Junior ISAs: if these are to be treated as normal expenditure out of "
                  "income, we recommend a short letter of intent signed by each of them, and a yearly "
                  "record showing that their income after the payments still covers their usual "
                  "standard of living."),
                P("We also note that Mr Crawford's pension is not yet in payment. Under the changes "
                  "announced in the Budget on 30 October, unused pension funds are expected to form part "
                  "of the estate for inheritance tax from April 2027. We would welcome your view on "
                  "whether this changes the order in which they should draw on their assets."),
                P("Yours sincerely,"),
                P("Hamish M Cowan\nPartner"),
            ],
        ),
    ),
    File(
        path=f"{CRAW}/Crawford_Review_Notes_2024-11-21.docx",
        purpose="Notes of the Crawfords' November 2024 review: gifting, the budget's pension IHT change, and actions.",
        created=d("2024-11-21 15:50"),
        modified=d("2024-11-22 09:05"),
        projects=("client-admin", "consumer-duty-file-review"),
        entities=("client_crawford",),
        links=(
            ("references", f"{CRAW}/Balfour_Greig_WS_letter_2024-10-30.pdf"),
            ("references", f"{CRAW}/Crawford_Gifting_and_IHT_Schedule.xlsx"),
        ),
        spec=DocSpec(
            title="Crawford review notes 21 November 2024",
            author=USER,
            blocks=[
                H("Crawford annual review: 21 November 2024"),
                P("At their home in Barnton. Douglas, Elspeth, Catriona. Alan joined by phone for the last half hour, with his parents' agreement."),
                H("Portfolio", 2),
                P(f"Total {money(CRAWFORD_TOTAL)} at the review date, in MPS2 Moderately Cautious: "
                  "Douglas ISA £412,600, Elspeth ISA £388,900, joint GIA £864,800, Douglas SIPP "
                  "(uncrystallised) £418,000. Income needs are met by pensions; no withdrawals planned."),
                H("Gifting", 2),
                B(
                    "The two £150,000 gifts of May 2023 leave their estates in May 2030. Both are in good health.",
                    "Junior ISA payments continue: £3,000 each from annual exemptions every April, plus £12,000 a year from Douglas out of surplus income.",
                    "Elspeth gave Fiona £5,000 for her wedding on 2 December (parent's wedding gift, exempt).",
                    "Letter of intent for the regular gifts: Balfour Greig to draft.",
                ),
                H("Budget 30 October: pensions and inheritance tax", 2),
                P("Douglas's SIPP was intended to pass outside his estate. If the proposal goes ahead, from "
                  "April 2027 it will be counted. We discussed drawing his tax-free cash and gifting some of it, "
                  "but agreed to wait for the final legislation rather than act on a consultation."),
                H("Vulnerability and understanding", 2),
                P("Douglas (76) found the inheritance tax discussion hard to follow and asked Elspeth to "
                  "explain it back. No sign of cognitive decline, but I have recorded a possible "
                  "vulnerability (age, complex topic) and will send a one-page summary with a diagram "
                  "rather than a long letter, and offer a follow-up call."),
                H("Actions", 2),
                N(
                    "CM: update the gifting schedule and send it to Balfour Greig (done 22/11).",
                    "CM: one-page summary to Douglas and Elspeth by 29 November.",
                    "CM: revisit pension/IHT once draft legislation is out (expected 2025).",
                ),
            ],
        ),
    ),
)

# --- Client book ---------------------------------------------------------------------------------------

add(
    File(
        path="Documents/Clients/Client_Book_Jan2025.xlsx",
        purpose="Catriona's client book at 31 December 2024: every household, model, assets, ongoing fee and review dates.",
        created=d("2023-01-09 08:50"),
        modified=d("2025-01-31 17:20"),
        projects=("annual-reviews-2025", "client-admin"),
        entities=("client_book", "client_ferguson", "client_mehta", "client_crawford", "mps"),
        spec=SheetSpec(
            title="Client book January 2025",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Households",
                    columns=[
                        Column(header="Household", width=30),
                        Column(header="Lead contact", width=22),
                        Column(header="Model"),
                        Column(header="AUM 31/12/2024", format="currency", total="sum", width=16),
                        Column(header="Ongoing fee %", format="decimal", width=15),
                        Column(header="Annual fee", format="currency", total="sum", width=13),
                        Column(header="Review month", width=14),
                        Column(header="Last review", format="date", width=12),
                    ],
                    rows=[
                        [h, lead, m, {"type": "currency", "value": aum}, c(fee, "decimal"), f"=D{i}*E{i}/100", mon,
                         {"type": "date", "value": last}]
                        for i, (h, lead, m, aum, fee, mon, last) in enumerate(CLIENT_BOOK, start=2)
                    ],
                    totals_row=True,
                ),
                Sheet(
                    name="By model",
                    columns=[Column(header="Model"), Column(header="Households", format="int"), Column(header="AUM", format="currency", width=16)],
                    rows=[
                        [m, f'=COUNTIF(Households!C2:C{len(CLIENT_BOOK) + 1},A{i})', f'=SUMIF(Households!C2:C{len(CLIENT_BOOK) + 1},A{i},Households!D2:D{len(CLIENT_BOOK) + 1})']
                        for i, m in enumerate(["MPS1", "MPS2", "MPS3", "MPS4", "MPS5"], start=2)
                    ],
                ),
            ],
        ),
    ),
)

# --- Compliance ----------------------------------------------------------------------------------------

add(
    File(
        path="Documents/Compliance/Consumer Duty/MPS_Fair_Value_Assessment_2024.pdf",
        purpose="Compliance's 2024 fair-value assessment of the MPS under the Consumer Duty, with the total cost of ownership for each model.",
        created=d("2024-10-25 13:30"),
        origin="shared",
        author=PRIYA,
        projects=("consumer-duty-file-review", "mps-refresh-2025"),
        entities=("mps", "firm"),
        spec=PdfSpec(
            title="MPS fair value assessment 2024",
            author=PRIYA,
            blocks=[
                H("Model Portfolio Service: fair value assessment 2024"),
                P(f"{FIRM} · Compliance · Prepared by {PRIYA}, Compliance Manager · October 2024 · Internal"),
                H("1. Scope", 2),
                P("This assessment covers the five MPS models as held by retail clients on the L&F Wrap "
                  "platform at 30 September 2024. It considers the total cost to the client, the benefits "
                  "and service received, performance against the stated objective and comparable "
                  "services, and whether any group of clients (including those in vulnerable "
                  "circumstances) receives poorer value."),
                H("2. Total cost of ownership", 2),
                T(["Model", "Advice", "Platform", "MPS fee", "Fund OCF", "Total"], [
                    [m.split()[0], "0.75%", "0.20%", "0.15%", f"{MODEL_OCF_NOW[m.split()[0]]:.2f}%",
                     f"{0.75 + 0.20 + 0.15 + MODEL_OCF_NOW[m.split()[0]]:.2f}%"]
                    for m in MODELS
                ]),
                P("Advice fee shown at the standard rate; it falls to 0.60% for households above £1.5m and "
                  "some legacy clients pay 0.85% or 1.00% under older agreements (see section 5)."),
                H("3. Performance", 2),
                P("Over five years to 30 September 2024 all five models met their stated objectives of "
                  "growth in line with their risk level. Against the IA sector averages MPS4 and MPS5 "
                  "were ahead; MPS1 and MPS2 were behind over three years, mainly because of the length "
                  "of their gilt holdings in 2022."),
                H("4. Conclusion", 2),
                P("The MPS provides fair value. Two points are referred to the Investment Committee: fund "
                  "costs in MPS3 (0.36%) are higher than comparable passive-led services, largely because "
                  "of one active US equity fund and the property fund; and the lower-risk models' "
                  "relative performance should be monitored."),
                H("5. Actions", 2),
                N(
                    "Investment Committee to consider the fund costs as part of the 2025 refresh (owner: A. Keir).",
                    "Advisers to review the 23 legacy agreements above 0.85% at each client's next review (owner: M. Lindsay).",
                    "Compliance to repeat this assessment after any change to the models.",
                ),
            ],
        ),
    ),
    File(
        path="Documents/Compliance/File Reviews/File_Review_Q4_2024_CMoffat.xlsx",
        purpose="Results of Compliance's Q4 2024 review of six of Catriona's client files, item by item, with actions.",
        created=d("2025-01-20 09:55"),
        origin="shared",
        author=PRIYA,
        projects=("consumer-duty-file-review",),
        entities=("file_review_q4", "client_crawford"),
        spec=SheetSpec(
            title="File review Q4 2024 - C Moffat",
            author=PRIYA,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Results",
                    columns=[
                        Column(header="Client file", width=28),
                        Column(header="Advice type", width=22),
                        Column(header="Fact find", width=9),
                        Column(header="ATR & CfL", width=9),
                        Column(header="Suitability", width=13),
                        Column(header="Costs disclosed", width=17),
                        Column(header="Vulnerability", width=15),
                        Column(header="Outcome", width=26),
                        Column(header="Points", format="int", total="sum"),
                    ],
                    rows=[
                        ["Forbes, Hamish", "Annual review", "Pass", "Pass", "Pass", "Pass", "Pass", "Satisfactory", 0],
                        ["Crawford, Douglas & Elspeth", "Annual review / IHT", "Pass", "Pass", "Pass", "Pass", "Point", "Satisfactory with points", 1],
                        ["Henderson, Dr Paul", "Pension contribution", "Pass", "Point", "Pass", "Pass", "Pass", "Satisfactory with points", 1],
                        ["Erskine, James & Kirsty", "New ISA", "Pass", "Pass", "Pass", "Point", "Pass", "Satisfactory with points", 1],
                        ["Tait, Lesley", "Annual review", "Pass", "Pass", "Pass", "Pass", "Pass", "Satisfactory", 0],
                        ["O'Neill, Patrick", "Annual review", "Pass", "Pass", "Pass", "Pass", "Pass", "Satisfactory", 0],
                    ],
                    totals_row=True,
                ),
                Sheet(
                    name="Actions",
                    columns=[Column(header="No.", format="int"), Column(header="Client", width=26), Column(header="Finding", width=70), Column(header="Due", format="date")],
                    rows=[
                        [1, "Crawford", "Possible vulnerability recorded in notes but not on the CRM vulnerability field; add it and the adjustments made.", {"type": "date", "value": "2025-02-14"}],
                        [2, "Henderson", "Capacity for loss evidenced only by the questionnaire; add the cash-flow evidence discussed at the meeting.", {"type": "date", "value": "2025-02-28"}],
                        [3, "Erskine", "Review letter gives fees in % only; add the pound amounts for the year (Consumer Duty, consumer understanding).", {"type": "date", "value": "2025-03-31"}],
                    ],
                ),
            ],
        ),
    ),
    File(
        path="Documents/Compliance/File Reviews/RE_ Q4 file review - your actions.eml",
        purpose="Email from Compliance sending the Q4 file review results and the three actions, with the workbook attached.",
        created=d("2025-01-20 10:05"),
        origin="shared",
        author=PRIYA,
        projects=("consumer-duty-file-review",),
        entities=("file_review_q4",),
        links=(("references", "Documents/Compliance/File Reviews/File_Review_Q4_2024_CMoffat.xlsx"),),
        attachments={"File_Review_Q4_2024_CMoffat.xlsx": "Documents/Compliance/File Reviews/File_Review_Q4_2024_CMoffat.xlsx"},
        spec=EmlSpec.model_validate({
            "from": f"{PRIYA} <priya.nair@lothianforth.co.uk>",
            "to": [f"{USER} <{EMAIL}>"],
            "cc": [f"{MORAG} <morag.lindsay@lothianforth.co.uk>"],
            "subject": "RE: Q4 file review - your actions",
            "body": "Hi Catriona,\n\nThanks for your time on Friday. The full results are attached. All six files are "
                    "satisfactory; three have points to close:\n\n"
                    "1. Crawford - put the vulnerability flag and the adjustments (one-page summary, follow-up call) "
                    "on Intelliflo, not only in your notes. By 14 February please.\n"
                    "2. Henderson - capacity for loss: add the cash-flow evidence you described. By 28 February.\n"
                    "3. Erskine - add the fees in pounds to the review letter and re-send. By 31 March.\n\n"
                    "On 3: please use pounds as well as percentages in every review letter from now on, including "
                    "the platform and fund costs. It is the most common point across the team this quarter.\n\n"
                    "Thanks,\nPriya\n\nPriya Nair\nCompliance Manager\nLothian & Forth Wealth Management\n",
            "attachments": ["File_Review_Q4_2024_CMoffat.xlsx"],
        }),
    ),
)

# --- CPD -----------------------------------------------------------------------------------------------

_cpd = [
    ("2024-11-12", "CII webinar: Budget 2024 - pensions and inheritance tax", "Structured", 1.5),
    ("2024-11-20", "L&F Investment Committee pre-read: fixed income duration (T. Galbraith)", "Unstructured", 1.0),
    ("2024-12-05", "PFS Scotland regional conference, Glasgow (three sessions)", "Structured", 4.5),
    ("2025-01-14", "FCA Consumer Duty: one year on - firm training (P. Nair)", "Structured", 2.0),
    ("2025-01-29", "Reading: FCA multi-firm review of retirement income advice", "Unstructured", 2.5),
    ("2025-02-11", "CISI e-learning: Listed infrastructure as an asset class", "Structured", 1.5),
    ("2025-02-19", "Provider seminar: Harbourline index range", "Structured", 1.0),
    ("2025-02-27", "Mentoring session with E. Baxter: suitability report drafting", "Unstructured", 1.0),
]
add(
    File(
        path="Documents/CPD/CII_SPS_2024-25.pdf",
        purpose="Catriona's CII Statement of Professional Standing for 1 November 2024 to 31 October 2025.",
        created=d("2024-11-04 09:12"),
        origin="web_download",
        author="Chartered Insurance Institute",
        projects=("cpd",),
        spec=PdfSpec(
            title="Statement of Professional Standing",
            author="The Chartered Insurance Institute",
            blocks=[
                H("Statement of Professional Standing"),
                P("The Chartered Insurance Institute · Accredited body for retail investment advisers"),
                T(["Name", "Catriona Moffat"], [
                    ["CII PIN", "84217736"],
                    ["Qualifications", "Chartered Financial Planner; Advanced Diploma in Financial Planning"],
                    ["Valid from", "1 November 2024"],
                    ["Valid until", "31 October 2025"],
                ]),
                P("The CII confirms that the above individual has (a) signed a declaration to adhere to the "
                  "CII Code of Ethics, (b) completed the required continuing professional development in "
                  "the previous twelve months, and (c) holds an appropriate qualification to act as a "
                  "retail investment adviser."),
                P("Check this statement online using the PIN above. This statement is issued for one year."),
            ],
        ),
    ),
    File(
        path="Documents/CPD/CPD_Log_2024-25.xlsx",
        purpose="CPD log for the CII year from November 2024, structured and unstructured hours against the 35-hour requirement.",
        created=d("2024-11-04 09:30"),
        modified=d("2025-02-28 17:45"),
        projects=("cpd",),
        links=(("references", "Documents/CPD/CII_SPS_2024-25.pdf"),),
        spec=SheetSpec(
            title="CPD log 2024-25",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Log",
                    columns=[Column(header="Date", format="date", width=12), Column(header="Activity", width=64), Column(header="Type", width=13), Column(header="Hours", format="decimal", total="sum")],
                    rows=[[{"type": "date", "value": dt_}, what, kind, c(h, "decimal")] for dt_, what, kind, h in _cpd],
                    totals_row=True,
                ),
                Sheet(
                    name="Summary",
                    columns=[Column(header="Measure", width=30), Column(header="Hours", format="decimal"), Column(header="Required", format="decimal"), Column(header="Still to do", format="decimal")],
                    rows=[
                        ["Structured", f'=SUMIF(Log!C2:C{len(_cpd) + 1},"Structured",Log!D2:D{len(_cpd) + 1})', c(21, "decimal"), "=MAX(C2-B2,0)"],
                        ["Total", f"=SUM(Log!D2:D{len(_cpd) + 1})", c(35, "decimal"), "=MAX(C3-B3,0)"],
                    ],
                ),
            ],
        ),
    ),
)

# --- Investment Committee, December 2024 ---------------------------------------------------------------

add(
    File(
        path=f"{IC_Q4}/IC_Q4_2024_Market_Review.pptx",
        purpose="Tom Galbraith's market review deck for the December 2024 Investment Committee.",
        created=d("2024-12-02 16:10"),
        modified=d("2024-12-03 11:25"),
        origin="shared",
        author=TOM,
        projects=("mps-refresh-2025",),
        entities=("ic_2024_12", "mps"),
        spec=DeckSpec(
            title="Market review Q4 2024",
            author=TOM,
            slides=[
                Slide(layout="title", title="Market review", subtitle="Investment Committee · 4 December 2024 · Tom Galbraith"),
                Slide(title="The quarter in brief", bullets=[
                    "Bank of England cut Bank Rate to 4.75% on 7 November; markets price two more cuts in 2025",
                    "Budget on 30 October: gilt yields rose; 10-year gilt at 4.4% (3.8% at the end of June)",
                    "US election: US equities and the dollar rallied; S&P 500 +27% year to date in sterling",
                    "UK and European equities lagged; Japan recovered from the August sell-off",
                    "UK commercial property: valuations flat, outflows from open-ended funds continued",
                ], notes="Keep to ten minutes. The property point leads into item 6."),
                Slide(layout="chart", title="Asset class returns to 30 November 2024 (GBP)", chart=ChartSpec(
                    type="bar", title="Total return year to date, %",
                    categories=["UK equity", "US equity", "Europe ex-UK", "Japan", "EM", "UK gilts", "Global agg (hedged)", "£ corporate", "UK property"],
                    series=[Series(name="2024 YTD", values=[8.1, 26.4, 2.6, 10.2, 5.9, -2.8, 1.6, 2.3, -1.9])],
                )),
                Slide(layout="table", title="MPS positioning versus strategic allocation", table=TableData(
                    header=["Asset class", "MPS3 SAA", "MPS3 actual", "View"],
                    rows=[
                        ["UK equity", "14%", "13.6%", "Neutral"],
                        ["North American equity", "18%", "19.9%", "Drifted up; rebalance in January"],
                        ["UK gilts", "10%", "9.4%", "Add at 4.4%, shorter duration"],
                        ["Alternatives", "10%", "9.3%", "Property fund under review"],
                        ["Cash", "5%", "5.2%", "Neutral"],
                    ],
                )),
                Slide(title="Meridian Property Income: why it is on the agenda", bullets=[
                    "-3.2% year to date; fund size down from £1.9bn to £1.2bn since 2022",
                    "Dealing suspended March-September 2020; notice period for large redemptions now 90 days",
                    "OCF 0.96%, the most expensive holding in MPS3",
                    "Proposal: MPS refresh paper in March to look at listed infrastructure instead",
                ]),
                Slide(layout="section", title="Outlook", subtitle="Rates lower but not low; US concentration is the main equity risk"),
            ],
        ),
    ),
    File(
        path=f"{IC_Q4}/IC_Minutes_2024-12-04_FINAL.docx",
        purpose="Approved minutes of the 4 December 2024 Investment Committee, including the action for Catriona to bring the MPS refresh in March.",
        created=d("2024-12-06 14:20"),
        modified=d("2024-12-11 10:00"),
        origin="shared",
        author=RUTH,
        projects=("mps-refresh-2025",),
        entities=("ic_2024_12", "mps", "firm"),
        links=(("references", f"{IC_Q4}/IC_Q4_2024_Market_Review.pptx"),),
        spec=DocSpec(
            title="Investment Committee minutes 4 December 2024",
            author=RUTH,
            blocks=[
                H("Investment Committee: minutes"),
                P("Wednesday 4 December 2024, 10:00-12:15, Boardroom, 14 Charlotte Square"),
                R(("b", "Present: "), "Alasdair Keir (Chair, CIO), Morag Lindsay, Catriona Moffat, Tom Galbraith, "
                  "Fraser Dunlop (independent member). ", ("b", "In attendance: "), "Priya Nair (Compliance), "
                  "Ruth Kelman (Secretary)."),
                H("1. Apologies and declarations", 2),
                P("None. CM declared that three of her client households hold Meridian Property Income outside the MPS."),
                H("2. Minutes of 11 September 2024 and actions", 2),
                P("Approved. Action 24/12 (drift report) closed; action 24/14 (cash fund review) closed."),
                H("3. Market review", 2),
                P("TG presented the market review. The committee noted the rise in gilt yields after the "
                  "Budget and the concentration of US index returns in a few large companies. FD asked "
                  "whether the models should hold more short-dated gilts now that yields were above 4%; "
                  "AK agreed this should form part of the March review."),
                H("4. MPS performance to 30 September 2024", 2),
                P("All models positive over the year. MPS1 and MPS2 remain behind their sectors over three "
                  "years. Wexford American Growth lagged the US index by over 8 percentage points year to "
                  "date. The committee agreed that the case for an active US manager should be reviewed."),
                H("5. Fair value assessment", 2),
                P("PN summarised the 2024 assessment: the MPS offers fair value, but MPS3 fund costs (0.36%) "
                  "are high against peers. Referred to the March review."),
                H("6. Meridian Property Income", 2),
                P("The committee discussed continued outflows and the 90-day notice on large redemptions. "
                  "Agreed not to add to the holding and to consider alternatives in March."),
                H("7. Actions", 2),
                B(
                    "24/17 Bring a full MPS refresh proposal covering strategic allocation, property, the active US fund, bond duration and cost. Owner: CM / TG. Due: March 2025 IC.",
                    "24/18 Update the fair value assessment for any proposed change. Owner: PN. Due: March 2025 IC.",
                    "24/19 Screen listed infrastructure and short-dated gilt funds. Owner: TG. Due: 31 January 2025.",
                    "24/20 Rebalance the MPS to its strategic allocation (US drift). Owner: TG. Due: 10 January 2025.",
                ),
                P("Next meeting: Wednesday 12 March 2025, 10:00."),
            ],
        ),
    ),
)

# --- The refresh: data, screens, workbooks -------------------------------------------------------------


def _returns_rows() -> list:
    rows = []
    for i, (name, vals) in enumerate(RETURNS.items(), start=2):
        rows.append([name] + [c(v / 100, "percent") for v in vals] + [
            f"=(1+D{i})*(1+E{i})*(1+F{i})-1",
            f"=(1+B{i})*(1+C{i})*(1+D{i})*(1+E{i})*(1+F{i})-1",
        ])
    return rows


add(
    File(
        path=f"{REFRESH}/MPS_Performance_to_31Dec2024.xlsx",
        purpose="Calendar-year returns of the five models and their IA sector benchmarks to 2024, cumulative figures, relative returns and fund returns.",
        created=d("2025-01-17 12:30"),
        modified=d("2025-01-17 16:55"),
        origin="shared",
        author=TOM,
        projects=("mps-refresh-2025",),
        entities=("mps", "mps_aum"),
        spec=SheetSpec(
            title="MPS performance to 31 December 2024",
            author=TOM,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Calendar years",
                    columns=[Column(header="Model / sector", width=36)] + [Column(header=str(y), format="percent") for y in YEARS]
                    + [Column(header="3 years", format="percent"), Column(header="5 years", format="percent")],
                    rows=_returns_rows(),
                ),
                Sheet(
                    name="Relative",
                    columns=[Column(header="Model", width=26), Column(header="Benchmark", width=36), Column(header="2024", format="percent"),
                             Column(header="Benchmark 2024", format="percent"), Column(header="Relative 2024", format="percent"),
                             Column(header="3 years", format="percent"), Column(header="Benchmark 3 years", format="percent"),
                             Column(header="Relative 3 years", format="percent"), Column(header="Volatility 3y", format="percent"),
                             Column(header="AUM £m", format="decimal"), Column(header="Accounts", format="int")],
                    rows=[
                        [m, BENCHMARK[m],
                         f"=INDEX('Calendar years'!F2:F10,MATCH(A{i},'Calendar years'!A2:A10,0))",
                         f"=INDEX('Calendar years'!F2:F10,MATCH(B{i},'Calendar years'!A2:A10,0))",
                         f"=C{i}-D{i}",
                         f"=INDEX('Calendar years'!G2:G10,MATCH(A{i},'Calendar years'!A2:A10,0))",
                         f"=INDEX('Calendar years'!G2:G10,MATCH(B{i},'Calendar years'!A2:A10,0))",
                         f"=F{i}-G{i}",
                         c(VOLATILITY[m.split()[0]] / 100, "percent"),
                         c(MPS_AUM_M[m.split()[0]], "decimal"),
                         MPS_ACCOUNTS[m.split()[0]]]
                        for i, m in enumerate(MODELS, start=2)
                    ],
                ),
                Sheet(
                    name="Funds 2024",
                    columns=[Column(header="Fund", width=50), Column(header="Asset class", width=28), Column(header="OCF %", format="decimal"), Column(header="2024 return", format="percent")],
                    rows=[[name, CLASSES[ci], c(ocf, "decimal"), c(ret / 100, "percent")] for ci, name, ocf, ret in FUNDS.values()],
                ),
            ],
        ),
    ),
    File(
        path=f"{REFRESH}/fund_screen_export_20250121.csv",
        purpose="FE Analytics export of the candidate funds screened for the refresh (infrastructure, short-dated gilts, US equity).",
        created=d("2025-01-21 11:08"),
        origin="system_generated",
        author="FE Analytics",
        projects=("mps-refresh-2025",),
        spec=TextSpec(text="""Fund Name,Sector,OCF (%),1Y Return (%),3Y Return Ann. (%),5Y Return Ann. (%),3Y Volatility (%),Fund Size (GBP m),Passive
Harbourline Global Infrastructure Index,IA Infrastructure,0.18,8.7,4.1,5.2,12.9,2140,Y
Ardgowan Global Listed Infrastructure,IA Infrastructure,0.79,7.2,3.3,4.8,12.1,865,N
Pentland Infrastructure Income,IA Infrastructure,0.88,4.9,1.2,3.6,13.8,412,N
Kestrel Global Infrastructure Tracker,IA Infrastructure,0.22,8.3,3.9,,13.1,390,Y
Forth Short-Dated Gilt,IA UK Gilts,0.15,2.9,0.4,0.2,3.1,1730,Y
Caledon UK Gilt Index,IA UK Gilts,0.10,-3.5,-6.9,-4.1,10.8,5210,Y
Strathmore Short Duration Sterling Bond,IA Sterling Strategic Bond,0.41,5.6,2.2,2.0,2.9,980,N
Northgate US Equity Index,IA North America,0.05,26.9,11.8,15.6,15.9,18900,Y
Wexford American Growth,IA North America,0.89,18.4,6.1,13.9,19.4,3120,N
Brannock US Smaller Companies,IA North American Smaller Companies,0.85,14.2,2.9,9.1,21.3,1440,N
Kestrel S&P 500 Equal Weight Index,IA North America,0.20,12.6,6.5,10.8,16.1,760,Y
Meridian Property Income,IA UK Direct Property,0.96,-3.2,-5.8,-2.4,5.4,1210,N
Dunmore Absolute Return,IA Targeted Absolute Return,0.85,1.1,2.4,2.1,4.2,2380,N
"""),
    ),
    File(
        path="Downloads/Northgate_US_Equity_Index_Factsheet_Dec2024.pdf",
        purpose="Fund factsheet for Northgate US Equity Index at 31 December 2024, downloaded while screening.",
        created=d("2025-01-21 11:20"),
        origin="web_download",
        author="Northgate Investment Management",
        projects=("mps-refresh-2025",),
        spec=PdfSpec(
            title="Northgate US Equity Index Fund - factsheet December 2024",
            author="Northgate Investment Management",
            blocks=[
                H("Northgate US Equity Index Fund"),
                P("Class C Accumulation (GBP) · Factsheet as at 31 December 2024 · For professional advisers"),
                H("Objective", 2),
                P("To track the performance of the S&P 500 Index (net total return, in sterling) before "
                  "charges, by holding all or substantially all of the index constituents."),
                T(["Fund facts", ""], [
                    ["Launch date", "14 June 2011"], ["Fund size", "£18.9bn"], ["Ongoing charges figure", "0.05%"],
                    ["Holdings", "503"], ["Tracking error (3 years, annualised)", "0.04%"], ["Dealing", "Daily, 12:00 noon"],
                ]),
                H("Performance (%)", 2),
                T(["", "1 year", "3 years (ann.)", "5 years (ann.)"], [
                    ["Fund", "26.9", "11.8", "15.6"], ["Index", "27.0", "11.9", "15.7"],
                ]),
                H("Top ten holdings (% of fund)", 2),
                T(["Company", "Weight"], [
                    ["Apple", "7.6"], ["NVIDIA", "6.6"], ["Microsoft", "6.3"], ["Amazon.com", "4.1"], ["Meta Platforms A", "2.6"],
                    ["Tesla", "2.3"], ["Broadcom", "2.2"], ["Alphabet A", "2.2"], ["Alphabet C", "1.8"], ["Berkshire Hathaway B", "1.7"],
                ]),
                P("The top ten holdings make up 37.4% of the fund. Past performance is not a guide to future "
                  "returns. The value of investments and the income from them can fall as well as rise."),
            ],
        ),
    ),
    File(
        path="Downloads/Harbourline_Global_Infrastructure_Index_Factsheet_Dec2024.pdf",
        purpose="Fund factsheet for Harbourline Global Infrastructure Index, the proposed replacement for the property fund.",
        created=d("2025-01-23 14:02"),
        origin="web_download",
        author="Harbourline Asset Management",
        projects=("mps-refresh-2025",),
        spec=PdfSpec(
            title="Harbourline Global Infrastructure Index Fund - factsheet",
            author="Harbourline Asset Management",
            blocks=[
                H("Harbourline Global Infrastructure Index Fund"),
                P("I Accumulation (GBP) · 31 December 2024"),
                H("About the fund", 2),
                P("The fund aims to track the FTSE Developed Core Infrastructure 50/50 Index (net, GBP), "
                  "which holds listed companies in utilities, transport and communications infrastructure "
                  "with a 50% cap on utilities."),
                T(["Fund facts", ""], [
                    ["Fund size", "£2.14bn"], ["OCF", "0.18%"], ["Holdings", "141"], ["Yield", "3.4%"],
                    ["Sector split", "Utilities 50% · Transport 31% · Communications 19%"],
                ]),
                H("Performance (%)", 2),
                T(["", "2024", "2023", "2022", "3 years ann.", "5 years ann."], [
                    ["Fund", "8.7", "1.9", "1.9", "4.1", "5.2"], ["Index", "8.9", "2.1", "2.0", "4.3", "5.4"],
                ]),
                H("Top holdings (%)", 2),
                T(["Company", "Country", "Weight"], [
                    ["NextEra Energy", "US", "5.1"], ["Union Pacific", "US", "4.9"], ["Transurban", "Australia", "3.8"],
                    ["American Tower", "US", "3.6"], ["Enbridge", "Canada", "3.4"], ["National Grid", "UK", "3.1"],
                    ["Aena", "Spain", "2.7"], ["Vinci", "France", "2.6"],
                ]),
                P("Listed infrastructure shares can fall sharply with equity markets and are sensitive to "
                  "interest rates. Past performance is not a guide to the future."),
            ],
        ),
    ),
    File(
        path="Downloads/Caledon_Investment_Outlook_2025.pdf",
        purpose="A fund house's 2025 market outlook, downloaded in January and quoted in the refresh paper.",
        created=d("2025-01-06 19:40"),
        origin="web_download",
        author="Caledon Investors",
        projects=("mps-refresh-2025",),
        spec=PdfSpec(
            title="Investment Outlook 2025: Higher for a while",
            author="Caledon Investors",
            blocks=[
                H("Investment Outlook 2025: higher for a while"),
                P("Caledon Investors · Multi-Asset Team · January 2025"),
                H("Key points", 2),
                B(
                    "We expect the Bank of England to cut rates slowly, to around 3.75% by the end of 2025, with "
                    "UK inflation above target for most of the year.",
                    "Gilt yields of 4-4.5% give bonds back their role as diversifiers and income; we prefer "
                    "short and medium maturities while fiscal risk is high.",
                    "US equities are priced for continued earnings growth. The ten largest companies are over a "
                    "third of the S&P 500: diversification within equities matters more than at any time since 2000.",
                    "Real assets: listed infrastructure offers inflation-linked cash flows with daily liquidity; "
                    "we remain cautious on open-ended property funds.",
                ),
                H("Our base case", 2),
                P("Global growth of about 3%, led by the US, with Europe and the UK growing around 1%. The "
                  "main risks are a resurgence of inflation that stops rate cuts, trade tariffs, and a "
                  "sharp correction in the largest technology companies."),
                H("Asset class views (12 months)", 2),
                T(["Asset class", "View", "Comment"], [
                    ["UK equities", "Neutral", "Cheap, but earnings growth is weak"],
                    ["US equities", "Neutral", "Strong earnings, stretched valuations, high concentration"],
                    ["Europe ex-UK", "Neutral", "Exposed to tariffs"],
                    ["Japan", "Positive", "Governance reform continues"],
                    ["Emerging markets", "Neutral", "China stimulus versus a strong dollar"],
                    ["UK gilts (short/medium)", "Positive", "Attractive real yields"],
                    ["Corporate bonds", "Neutral", "Spreads tight"],
                    ["Listed infrastructure", "Positive", "Rate cuts and inflation linkage"],
                    ["Property funds", "Negative", "Liquidity mismatch"],
                ]),
                P("This document is for professional investors only. Forecasts are not reliable indicators of future results."),
            ],
        ),
    ),
)


def _saa_rows(saa: dict[str, list[int]]) -> list:
    rows = [[cls] + [saa[m][i] for m in saa] for i, cls in enumerate(CLASSES)]
    return rows


def _fund_rows(weights: dict[str, int], previous: dict[str, int]) -> list:
    rows = []
    order = sorted(set(weights) | set(previous), key=lambda f: (FUNDS[f][0], list(FUNDS).index(f)))
    for f in order:
        ci, name, ocf, _ = FUNDS[f]
        now, before = weights.get(f, 0), previous.get(f, 0)
        change = "Retain" if now and before else ("New" if now else "Remove")
        if now and before and now != before:
            change = f"Retain ({before}% to {now}%)"
        rows.append([CLASSES[ci], name, change, c(ocf, "decimal"), before, now])
    return rows


def _saa_workbook(version: int) -> SheetSpec:
    saa = SAA_V1 if version == 1 else SAA_2025
    weights = MPS3_V1 if version == 1 else MPS3_PROPOSED
    funds = _fund_rows(weights, MPS3_CURRENT)
    n = len(funds) + 1
    return SheetSpec(
        title=f"MPS SAA and fund list proposal v{version}",
        author=USER,
        currency="GBP",
        sheets=[
            Sheet(
                name="SAA current",
                columns=[Column(header="Asset class", width=30)] + [Column(header=m, format="int", total="sum") for m in SAA_2023],
                rows=_saa_rows(SAA_2023),
                totals_row=True,
            ),
            Sheet(
                name="SAA proposed",
                columns=[Column(header="Asset class", width=30)] + [Column(header=m, format="int", total="sum") for m in saa],
                rows=_saa_rows(saa),
                totals_row=True,
            ),
            Sheet(
                name="Change",
                columns=[Column(header="Asset class", width=30)] + [Column(header=m, format="int") for m in saa],
                rows=[[cls] + [f"='SAA proposed'!{col}{i}-'SAA current'!{col}{i}" for col in "BCDEF"] for i, cls in enumerate(CLASSES, start=2)],
            ),
            Sheet(
                name="MPS3 funds",
                columns=[
                    Column(header="Asset class", width=28),
                    Column(header="Fund", width=50),
                    Column(header="Change", width=20),
                    Column(header="OCF (%)", format="decimal"),
                    Column(header="Current weight (%)", format="int", total="sum"),
                    Column(header="Proposed weight (%)", format="int", total="sum"),
                ],
                rows=funds,
                totals_row=True,
            ),
            Sheet(
                name="OCF",
                columns=[Column(header="Measure", width=44), Column(header="Value", format="decimal")],
                rows=[
                    ["MPS3 weighted OCF, current (%)", f"=SUMPRODUCT('MPS3 funds'!D2:D{n},'MPS3 funds'!E2:E{n})/100"],
                    ["MPS3 weighted OCF, proposed (%)", f"=SUMPRODUCT('MPS3 funds'!D2:D{n},'MPS3 funds'!F2:F{n})/100"],
                    ["Saving (percentage points)", "=B2-B3"],
                    ["Saving on a £500,000 portfolio (£ a year)", "=B4/100*500000"],
                ],
            ),
        ],
    )


add(
    File(
        path=f"{REFRESH}/refresh working notes.txt",
        purpose="Catriona's running notes on the MPS refresh: decisions, comments from colleagues, open points.",
        created=d("2025-01-27 08:40"),
        modified=d("2025-02-21 17:10"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ic_2025_03", "ocf_mps3"),
        links=(
            ("references", f"{REFRESH}/fund_screen_export_20250121.csv"),
            ("references", f"{REFRESH}/MPS_Performance_to_31Dec2024.xlsx"),
        ),
        spec=TextSpec(text=f"""MPS REFRESH 2025 - working notes (CM)

27/01
- Action 24/17 from Dec IC. Paper due to Ruth by 5 March for 12 March IC.
- Tom's perf file: MPS3 {r1(RETURNS['MPS3 Balanced'][-1])} in 2024 vs {r1(RETURNS['IA Mixed Investment 20-60% Shares'][-1])} sector. MPS1/2 well behind over 3y (gilt duration 2022).
- Fund screen: Harbourline infra index 0.18% is the obvious one (Kestrel tracker only 3y record).
  Forth Short-Dated Gilt 0.15% for the short end.
- US: Wexford 18.4% vs Northgate 26.9% in 2024. 5y also behind. Hard to defend at 0.89%.
  Keep a small active tilt? Brannock US smaller cos for diversification away from mega caps.

03/02
- Morag: keep the client letter simple, one page; no jargon about SAA.
- Priya: fair value update needed for any change - send her the OCFs by model.

07/02 - v1 SAA done. Drop Dunmore completely? Its 3y is 2.4% ann. at 0.85%... yes in v1.
  MPS3 OCF {OCF_NOW:.2f}% -> {OCF_V1:.2f}% in v1.

12/02 - Tom's comments on v1 paper:
  * "Dropping Dunmore removes the only diversifier that held up in 2022" (it was +3.0% in 2022). Fair.
  * Suggests 3% Dunmore in MPS3, infra 5%.
- Alasdair (corridor): agrees with Tom. Wants the risk case, not only cost.

19/02 - v2 SAA: alternatives 8% in MPS3 (infra 5 + Dunmore 3), gilts 13, cash 6.
  MPS3 OCF now {OCF_NEW:.2f}%. Still a saving of {OCF_NOW - OCF_NEW:.2f} pts.

21/02 - Priya re implementation date: don't rebalance before 5 April - GIA clients would crystallise
  gains in 2024/25 when many have used their £3,000 allowance. Move to Mon 7 April.
  -> change in v2 paper.
  Open: transition cost estimate from Tom (he says ~0.08% one-off).
"""),
    ),
    File(
        path=f"{REFRESH}/MPS_SAA_and_Fund_List_v1.xlsx",
        purpose="First draft of the proposed strategic asset allocation for MPS1-5 and the MPS3 fund list, with the OCF calculation.",
        created=d("2025-02-05 13:20"),
        modified=d("2025-02-07 18:05"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ocf_mps3"),
        links=(
            ("derived_from", f"{REFRESH}/MPS_Performance_to_31Dec2024.xlsx"),
            ("references", f"{REFRESH}/fund_screen_export_20250121.csv"),
        ),
        spec=_saa_workbook(1),
    ),
    File(
        path=f"{REFRESH}/MPS_SAA_and_Fund_List_v2.xlsx",
        purpose="Second version of the allocation and fund list after Tom's and Alasdair's comments: 3% absolute return kept in MPS3, gilts 13%, cash 6%.",
        created=d("2025-02-19 10:45"),
        modified=d("2025-02-24 09:30"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ocf_mps3"),
        links=(("version_of", f"{REFRESH}/MPS_SAA_and_Fund_List_v1.xlsx"),),
        spec=_saa_workbook(2),
    ),
)


def _ic_paper(version: str) -> list:
    """IC/25/03 in its three versions: 'v1', 'v2' and 'FINAL'."""
    v1 = version == "v1"
    saa = SAA_V1 if v1 else SAA_2025
    ocf_new = OCF_V1 if v1 else OCF_NEW
    saving = OCF_NOW - ocf_new
    saving_500k = SAVING_500K_V1 if v1 else SAVING_500K
    date = {"v1": "10 February 2025", "v2": "24 February 2025", "FINAL": "5 March 2025"}[version]
    rebalance = "Monday 31 March 2025" if v1 else "Monday 7 April 2025"
    mps3 = "MPS3 Balanced"
    bench3 = BENCHMARK[mps3]
    perf_rows = []
    for m in MODELS:
        b = BENCHMARK[m]
        perf_rows.append([m, r1(RETURNS[m][-1]), r1(RETURNS[b][-1]), r1(cumulative(m, 3)), r1(cumulative(b, 3))])
    blocks = [
        H("IC/25/03: 2025 refresh of the Model Portfolio Service"),
        R(("b", "To: "), "Investment Committee, 12 March 2025   ", ("b", "From: "), "Catriona Moffat, with Tom Galbraith   ",
          ("b", "Date: "), date + ("   DRAFT" if version != "FINAL" else "")),
        R(("b", "Decision required: "), "approve the strategic asset allocation and fund list changes in sections 4 and 5 and the implementation plan in section 8."),
        H("1. Summary", 2),
        B(
            "Exit Meridian Property Income from all models and replace it with Harbourline Global Infrastructure Index.",
            "Replace Wexford American Growth with Northgate US Equity Index, keeping a small active allocation to US smaller companies.",
            "Add a short-dated gilt fund and raise gilts in every model; trim UK equity by two points in each model.",
            "Remove Dunmore Absolute Return." if v1 else "Keep Dunmore Absolute Return at a reduced weight (3% in MPS3) as a diversifier.",
            f"MPS3 fund costs fall from {OCF_NOW:.2f}% to {ocf_new:.2f}% a year.",
        ),
        H("2. Background", 2),
        P(f"The MPS holds £{MPS_AUM_TOTAL}m for {sum(MPS_ACCOUNTS.values()):,} client accounts, of which "
          f"£{MPS_AUM_M['MPS3']}m is in MPS3. The strategic allocation was last reviewed in February 2023. "
          "At its December meeting the Committee asked for proposals on property, the active US fund, "
          "bond duration and cost (action 24/17), and Compliance's fair value assessment referred MPS3 "
          "fund costs to this review."),
        H("3. Performance to 31 December 2024", 2),
        T(["Model", "2024", "Sector 2024", "3 years", "Sector 3 years"], perf_rows),
        P("Sectors: MPS1 IA Mixed Investment 0-35% Shares; MPS2 and MPS3 IA Mixed Investment 20-60% "
          "Shares; MPS4 IA Mixed Investment 40-85% Shares; MPS5 IA Flexible Investment. Model returns "
          "are after fund charges and before advice, platform and MPS fees."),
        P(f"MPS3 returned {r1(RETURNS[mps3][-1])} in 2024 against {r1(RETURNS[bench3][-1])} for the {bench3} "
          f"sector, and {r1(cumulative(mps3, 3))} over three years against {r1(cumulative(bench3, 3))}. "
          "The lower-risk models lag over three years because of the length of their gilt holdings in "
          "2022. In 2024 the property fund (-3.2%) and the active US fund (18.4% against 26.9% for the "
          "index) cost MPS3 about 1.2 percentage points between them."),
        H("4. Strategic asset allocation", 2),
        P("Proposed allocation by model, % (current in brackets). Equity weights do not change; the "
          "changes are within each part. The full grid is in MPS_SAA_and_Fund_List_" + ("v1" if v1 else "v2") + ".xlsx."),
        T(["Model", "Equities", "Bonds", "Alternatives", "Cash"],
          [[m] + [f"{sum(saa[m.split()[0]][a:b])} ({sum(SAA_2023[m.split()[0]][a:b])})" for a, b in BROAD]
           for m in MODELS]),
        P("MPS3 Balanced in detail, %:"),
        T(["Asset class", "Current", "Proposed", "Change"],
          [[cls, str(SAA_2023["MPS3"][i]), str(saa["MPS3"][i]), f"{saa['MPS3'][i] - SAA_2023['MPS3'][i]:+d}"]
           for i, cls in enumerate(CLASSES)]),
        P("Gilts: with ten-year yields around 4.5%, gilts again offer income and protection in an equity "
          "sell-off. We add them through a short-dated fund so that the models do not repeat 2022's "
          "duration losses. UK equity: trimmed to fund the changes; the models remain overweight the UK "
          "against global indices. Alternatives: " + (
              "we remove both the property fund and the absolute-return fund and hold listed infrastructure only."
              if v1 else
              "listed infrastructure replaces property; we keep a smaller holding in Dunmore Absolute Return, "
              "which was the only holding to rise in 2022 (+3.0%).")),
    ]
    if v1:
        blocks.append(P("[Tom: can you check the 3-year sector figures against FE before this goes to Morag?]"))
    blocks += [
        H("5. Fund list changes (MPS3 weights)", 2),
        T(["Fund", "Change", "MPS3 weight", "OCF"], [
            ["Meridian Property Income", "Remove", "4% to 0%", "0.96%"],
            ["Wexford American Growth", "Remove", "10% to 0%", "0.89%"],
        ] + ([["Dunmore Absolute Return", "Remove", "6% to 0%", "0.85%"]] if v1 else
             [["Dunmore Absolute Return", "Reduce", "6% to 3%", "0.85%"]]) + [
            ["Harbourline Global Infrastructure Index", "Add", "0% to 6%" if v1 else "0% to 5%", "0.18%"],
            ["Forth Short-Dated Gilt", "Add", "0% to 5%", "0.15%"],
            ["Brannock US Smaller Companies", "Add", "0% to 4%", "0.85%"],
            ["Northgate US Equity Index", "Increase", "8% to 16%", "0.05%"],
        ]),
        H("6. Costs", 2),
        P(f"The weighted fund OCF of MPS3 falls from {OCF_NOW:.2f}% to {ocf_new:.2f}%, a saving of "
          f"{saving:.2f} percentage points, or £{saving_500k:,} a year on a £500,000 portfolio. "
          "Fund costs by model:"),
        T(["Model", "Fund OCF now", "Fund OCF proposed"],
          [[m, f"{MODEL_OCF_NOW[m.split()[0]]:.2f}%",
            f"{(model_ocf(saa[m.split()[0]], MPS3_V1 if v1 else MPS3_PROPOSED)):.2f}%"] for m in MODELS]),
    ]
    if version == "FINAL":
        blocks.append(P(f"With advice (0.75%), platform (0.20%) and MPS (0.15%) fees, the total cost of a typical "
                        f"MPS3 client falls from {0.75 + 0.20 + 0.15 + OCF_NOW:.2f}% to "
                        f"{0.75 + 0.20 + 0.15 + OCF_NEW:.2f}%. Compliance will update the fair value "
                        "assessment (paper IC/25/04)."))
    blocks += [
        H("7. Risks", 2),
        B(
            "Concentration: moving to an index fund raises MPS3's exposure to the ten largest US companies "
            "from about 4.9% to 6.0% of the portfolio. Brannock US Smaller Companies partly offsets this.",
            "Transition costs: estimated at 0.08% one-off (dealing spreads), within the MPS fee.",
            "Capital gains: switching in general investment accounts may realise gains; see section 8.",
            "Listed infrastructure is more volatile than the property fund's reported valuations suggest, "
            "but can be sold daily; property dealing was suspended for six months in 2020.",
        ),
        H("8. Implementation", 2),
        P(f"Rebalance all models on {rebalance}." + ("" if v1 else
          " Waiting until after 5 April lets clients with general investment accounts use their "
          "2025/26 capital gains allowance; advisers will review any account with gains above £3,000 "
          "before the switch.")),
        B(
            "19 March: adviser briefing (CM, TG).",
            "w/c 17 March: client letters, one page, drafted by CM and approved by Compliance.",
            f"{rebalance}: rebalance; Operations to confirm completion within three working days.",
        ),
    ]
    if version == "FINAL":
        blocks += [
            H("9. Decisions sought", 2),
            N(
                "Approve the strategic asset allocation in section 4.",
                "Approve the fund changes in section 5.",
                "Approve implementation on Monday 7 April 2025 and the client communication plan.",
            ),
            H("Appendix: proposed MPS3 fund list", 2),
            T(["Asset class", "Fund", "Weight", "OCF"],
              [[CLASSES[FUNDS[f][0]], FUNDS[f][1], f"{w}%", f"{FUNDS[f][2]:.2f}%"] for f, w in
               sorted(MPS3_PROPOSED.items(), key=lambda kv: (FUNDS[kv[0]][0], list(FUNDS).index(kv[0])))]
              + [["", "Weighted OCF", "100%", f"{OCF_NEW:.2f}%"]]),
        ]
    return blocks


IC_PAPER = f"{IC_Q1}/IC_Paper_MPS_Refresh"
add(
    File(
        path=f"{IC_PAPER}_v1.docx",
        purpose="First draft of committee paper IC/25/03 on the MPS refresh (no absolute return, rebalance on 31 March).",
        created=d("2025-02-10 09:05"),
        modified=d("2025-02-10 17:40"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ic_2025_03", "ocf_mps3", "mps_aum"),
        links=(
            ("derived_from", f"{REFRESH}/MPS_SAA_and_Fund_List_v1.xlsx"),
            ("references", f"{IC_Q4}/IC_Minutes_2024-12-04_FINAL.docx"),
            ("references", "Downloads/Caledon_Investment_Outlook_2025.pdf"),
        ),
        spec=DocSpec(title="IC/25/03 2025 MPS refresh - draft v1", author=USER, blocks=_ic_paper("v1")),
    ),
    File(
        path=f"{IC_PAPER}_v2.docx",
        purpose="Second draft of IC/25/03: absolute return kept at 3% in MPS3, rebalance moved to 7 April for capital gains reasons.",
        created=d("2025-02-24 10:10"),
        modified=d("2025-02-24 16:15"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ic_2025_03", "ocf_mps3", "rebalance_date"),
        links=(
            ("version_of", f"{IC_PAPER}_v1.docx"),
            ("derived_from", f"{REFRESH}/MPS_SAA_and_Fund_List_v2.xlsx"),
        ),
        spec=DocSpec(title="IC/25/03 2025 MPS refresh - draft v2", author=USER, blocks=_ic_paper("v2")),
    ),
    File(
        path=f"{IC_Q1}/IC_Agenda_2025-03-12.docx",
        purpose="Agenda for the 12 March 2025 Investment Committee, circulated by the secretary.",
        created=d("2025-02-27 11:30"),
        origin="shared",
        author=RUTH,
        projects=("mps-refresh-2025",),
        entities=("ic_2025_03",),
        links=(("references", f"{IC_Q4}/IC_Minutes_2024-12-04_FINAL.docx"),),
        spec=DocSpec(
            title="Investment Committee agenda 12 March 2025",
            author=RUTH,
            blocks=[
                H("Investment Committee"),
                P("Wednesday 12 March 2025, 10:00-12:30 · Boardroom, 14 Charlotte Square · Teams link in the calendar invitation"),
                N(
                    "Apologies and declarations of interest (AK)",
                    "Minutes of 4 December 2024 and action log (AK) - paper IC/25/01",
                    "Market review (TG) - deck",
                    "MPS performance to 31 December 2024 (TG) - paper IC/25/02",
                    "2025 refresh of the Model Portfolio Service, for decision (CM) - paper IC/25/03 and deck",
                    "MPS fair value: update for the proposed changes (PN) - paper IC/25/04",
                    "Implementation and client communication (CM / ML) - in IC/25/03",
                    "Any other business",
                ),
                P("Papers to the secretary by Wednesday 5 March, please. Papers will be circulated on Thursday 6 March."),
                P("Next meeting: Wednesday 11 June 2025."),
            ],
        ),
    ),
    File(
        path=f"{IC_PAPER}_FINAL.docx",
        purpose="Final committee paper IC/25/03 as submitted: allocation, fund changes, costs (MPS3 OCF 0.25%), risks, implementation on 7 April and decisions sought.",
        created=d("2025-03-05 09:30"),
        modified=d("2025-03-05 11:30"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ic_2025_03", "ocf_mps3", "mps_aum", "rebalance_date"),
        links=(
            ("version_of", f"{IC_PAPER}_v2.docx"),
            ("derived_from", f"{REFRESH}/MPS_SAA_and_Fund_List_v2.xlsx"),
            ("references", "Documents/Compliance/Consumer Duty/MPS_Fair_Value_Assessment_2024.pdf"),
            ("references", f"{IC_Q1}/IC_Agenda_2025-03-12.docx"),
        ),
        spec=DocSpec(title="IC/25/03 2025 refresh of the Model Portfolio Service", author=USER, blocks=_ic_paper("FINAL")),
    ),
    File(
        path=f"{IC_PAPER}_FINAL.pdf",
        purpose="PDF of the final committee paper, as sent to the secretary for the pack.",
        created=d("2025-03-05 11:42"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ic_2025_03", "ocf_mps3"),
        links=(("extracted_from", f"{IC_PAPER}_FINAL.docx"),),
        spec=PdfSpec(title="IC/25/03 2025 refresh of the Model Portfolio Service", author=USER, blocks=_ic_paper("FINAL")),
    ),
    File(
        path=f"{REFRESH}/MPS3_proposed_allocation.png",
        purpose="Pie chart of MPS3's proposed allocation, exported for the committee deck.",
        created=d("2025-03-05 15:05"),
        projects=("mps-refresh-2025",),
        entities=("mps",),
        links=(("derived_from", f"{REFRESH}/MPS_SAA_and_Fund_List_v2.xlsx"),),
        spec=ImageSpec(
            width=900,
            height=560,
            title="MPS3 Balanced: proposed strategic allocation 2025",
            description="Share of the portfolio in each asset class after the 2025 refresh (from MPS_SAA_and_Fund_List_v2.xlsx).",
            author=USER,
            chart=ChartSpec(
                type="pie",
                title="MPS3 Balanced - proposed allocation (%)",
                categories=CLASSES,
                series=[Series(name="MPS3 proposed", values=SAA_2025["MPS3"])],
            ),
        ),
    ),
    File(
        path=f"{IC_Q1}/IC_Deck_MPS_Refresh_2025.pptx",
        purpose="The deck Catriona will present with IC/25/03: performance, the allocation change, fund changes, costs, risks and decisions.",
        created=d("2025-03-06 08:50"),
        modified=d("2025-03-07 09:15"),
        projects=("mps-refresh-2025",),
        entities=("mps", "ic_2025_03", "ocf_mps3", "rebalance_date"),
        links=(
            ("derived_from", f"{IC_PAPER}_FINAL.docx"),
            ("references", f"{REFRESH}/MPS3_proposed_allocation.png"),
        ),
        spec=DeckSpec(
            title="2025 MPS refresh",
            author=USER,
            slides=[
                Slide(layout="title", title="2025 refresh of the Model Portfolio Service",
                      subtitle="Investment Committee · 12 March 2025 · Catriona Moffat and Tom Galbraith"),
                Slide(title="What we are asking the Committee to approve", bullets=[
                    "New strategic allocation for MPS1-MPS5 (more short-dated gilts, less UK equity)",
                    "Exit property; add listed infrastructure",
                    "Replace the active US fund with an index fund; add US smaller companies",
                    "Keep Dunmore Absolute Return at a lower weight",
                    "Rebalance on Monday 7 April 2025",
                ], notes="Paper IC/25/03. Decisions are on the last slide."),
                Slide(layout="chart", title="2024: models against their sectors", chart=ChartSpec(
                    type="bar", title="Calendar year 2024 return, %",
                    categories=[m.split()[0] for m in MODELS],
                    series=[
                        Series(name="Model", values=[RETURNS[m][-1] for m in MODELS]),
                        Series(name="IA sector", values=[RETURNS[BENCHMARK[m]][-1] for m in MODELS]),
                    ],
                ), notes="MPS1 and MPS2 are behind mainly because of gilt duration and property."),
                Slide(layout="table", title="Allocation by model: proposed (current)", table=TableData(
                    header=["Model", "Equities", "Bonds", "Alternatives", "Cash"],
                    rows=[[m] + [f"{sum(SAA_2025[m.split()[0]][a:b])}% ({sum(SAA_2023[m.split()[0]][a:b])}%)" for a, b in BROAD]
                          for m in MODELS],
                ), notes="Equity weights unchanged in every model; the moves are within bonds and alternatives."),
                Slide(layout="chart", title="MPS3 Balanced: current and proposed allocation", chart=ChartSpec(
                    type="bar", title="% of portfolio",
                    categories=CLASS_SHORT,
                    series=[
                        Series(name="Current", values=SAA_2023["MPS3"]),
                        Series(name="Proposed", values=SAA_2025["MPS3"]),
                    ],
                )),
                Slide(title="Fund changes", bullets=[
                    "Out: Meridian Property Income (OCF 0.96%, -3.2% in 2024, 90-day notice on large sales)",
                    "Out: Wexford American Growth (OCF 0.89%, 18.4% against 26.9% for the index)",
                    "In: Harbourline Global Infrastructure Index (0.18%), Forth Short-Dated Gilt (0.15%)",
                    "In: Brannock US Smaller Companies (0.85%), a small active tilt away from the largest companies",
                    "Reduced: Dunmore Absolute Return, 6% to 3% in MPS3 (held up in 2022)",
                ]),
                Slide(title="Costs fall in every model", bullets=[
                    f"MPS3 fund OCF {OCF_NOW:.2f}% to {OCF_NEW:.2f}%",
                    f"£{SAVING_500K:,} a year less on a £500,000 portfolio",
                    f"Typical MPS3 total cost {0.75 + 0.20 + 0.15 + OCF_NOW:.2f}% to {0.75 + 0.20 + 0.15 + OCF_NEW:.2f}%",
                ], chart=ChartSpec(
                    type="bar", title="Fund OCF by model, %",
                    categories=[m.split()[0] for m in MODELS],
                    series=[
                        Series(name="Now", values=[MODEL_OCF_NOW[m.split()[0]] for m in MODELS]),
                        Series(name="Proposed", values=[MODEL_OCF_NEW[m.split()[0]] for m in MODELS]),
                    ],
                )),
                Slide(title="Risks we considered", bullets=[
                    "More in the largest US companies: offset by US smaller companies",
                    "Transition cost about 0.08% one-off",
                    "Capital gains in general investment accounts: rebalance after 5 April",
                    "Infrastructure is listed and volatile, but can be sold every day",
                ]),
                Slide(title="Implementation", bullets=[
                    "19 March: adviser briefing",
                    "w/c 17 March: one-page client letter, approved by Compliance",
                    "7 April: rebalance all models; Operations confirm within three working days",
                    "June IC: first review of the changes",
                ]),
                Slide(title="Decisions sought", bullets=[
                    "Approve the strategic asset allocation",
                    "Approve the fund changes",
                    "Approve implementation on 7 April and the client communication plan",
                ], notes="Then hand to Priya for IC/25/04."),
            ],
        ),
    ),
)

# --- Desktop and personal -------------------------------------------------------------------------------

add(
    File(
        path="Desktop/To do - w-c 24 Feb.txt",
        purpose="Catriona's running to-do list for the last week of February and the first week of March.",
        created=d("2025-02-24 07:55"),
        modified=d("2025-03-07 08:20"),
        projects=("mps-refresh-2025", "annual-reviews-2025", "consumer-duty-file-review"),
        entities=("ic_2025_03", "client_ferguson", "client_mehta", "file_review_q4"),
        spec=TextSpec(text="""TO DO  w/c 24 Feb

[x] IC paper v2 -> Tom + Morag
[x] Ferguson suitability - review Euan's draft, AA check (SPPA est 31.5k PIA 25/26)
[x] Crawford vulnerability flag on Intelliflo (Priya action 1) - done 12/2
[ ] Henderson CfL evidence - cash flow screenshot into file (due 28/2!!)
[x] Mehta - confirm £32k net received by Wrap before 5/4 (paid 3 Feb)
[ ] Erskine letter - add £ fees, resend (by 31/3)
[x] IC paper FINAL to Ruth (Wed 5th)
[ ] Deck - practise timing, 15 min max. Alasdair will ask about US concentration.
[ ] Client letter draft for MPS change (one page!) - after IC
[ ] Bed & ISA list for 7 April - Fergusons, Grants, Watt
[ ] CPD - 21 structured hrs needed by Oct, at 10.5
"""),
    ),
    File(
        path="Documents/Personal/Household budget 2025.xlsx",
        purpose="Catriona's own household budget for 2025.",
        created=d("2024-12-29 20:15"),
        modified=d("2025-02-25 21:40"),
        projects=("personal",),
        spec=SheetSpec(
            title="Household budget 2025",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Monthly",
                    columns=[Column(header="Item", width=30), Column(header="Monthly", format="currency", total="sum"), Column(header="Annual", format="currency", total="sum"), Column(header="Notes", width=36)],
                    rows=[
                        [item, {"type": "currency", "value": amt}, f"=B{i}*12", note]
                        for i, (item, amt, note) in enumerate([
                            ("Mortgage (Portobello)", 1_486, "Fixed 3.89% to Aug 2027"),
                            ("Council tax (band F)", 338, "10 instalments, shown as 12"),
                            ("Energy", 215, "Octopus, fixed"),
                            ("Food and household", 940, ""),
                            ("Childcare / after-school club", 410, "Term time average"),
                            ("Car (PCP + insurance)", 365, ""),
                            ("Phones and broadband", 96, ""),
                            ("Kids' activities", 180, "Swimming, Scouts, piano"),
                            ("Savings: JISAs", 200, "£100 each"),
                            ("Holidays fund", 350, "Skye in May"),
                        ], start=2)
                    ],
                    totals_row=True,
                ),
            ],
        ),
    ),
    File(
        path="Documents/Personal/Skye cottage booking confirmation.pdf",
        purpose="Booking confirmation for a family holiday cottage on Skye in May 2025.",
        created=d("2025-01-19 21:05"),
        origin="web_download",
        author="Hebridean Hideaways",
        projects=("personal",),
        spec=PdfSpec(
            title="Booking confirmation HH-25-03318",
            author="Hebridean Hideaways",
            blocks=[
                H("Booking confirmation"),
                P("Hebridean Hideaways · Portree, Isle of Skye IV51 9DG"),
                T(["Booking reference", "HH-25-03318"], [
                    ["Guest", "Mrs C Moffat"], ["Property", "Camas Cottage, Waternish (sleeps 5)"],
                    ["Arrive", "Saturday 24 May 2025, from 4pm"], ["Depart", "Saturday 31 May 2025, by 10am"],
                    ["Total", "£1,145.00"], ["Deposit paid", "£343.50"], ["Balance due", "£801.50 by 24 April 2025"],
                ]),
                P("Dogs: no. Please bring your own beach towels. The nearest shop is in Stein (4 miles)."),
            ],
        ),
    ),
)

WORLD = World(
    slug="wealth_adviser_edinburgh",
    seed=101,
    created_at=d("2025-03-07 17:30"),
    persona=PERSONA,
    profile=PROFILE,
    folders=FOLDERS,
    projects=PROJECTS,
    files=FILES,
)

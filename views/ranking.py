"""单位评分 Agency ranking as a view model: every agency of the round in the export's order
(``reports.score_export.score_rows``: rank, then name) with its rank change from the previous
round; filters by type, nature, grade and flag (a pure function, the page keeps the chosen
values in the URL); the display table; and how robust the ranks are to the level-1 weights.
Also the small helpers the overview shares (status texts, display rounding, flags).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data_access.leadership_queries import previous_round
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.fmt import (
    fmt_num,
    fmt_signed,
    hidden_ties,
    is_missing,
    joined,
    num,
    pct_number,
    tie_aware_decimals,
)
from domain.vocab import (
    Flag,
    Lang,
    Nature,
    RoundStatus,
    SourceKind,
    grade_label,
    grade_order,
    term_label,
)
from reports.score_export import score_rows
from scoring import RoundConfig, RoundResult, rank_sensitivity, round_half_up, summarise_sensitivity
from views.common import Column, Table
from views.names import Names, load_names

__all__ = [
    "STEP",
    "FLAG_OPTIONS",
    "Filter",
    "RankingFilters",
    "RankingModel",
    "Selection",
    "build_ranking",
    "ranking_rows",
    "rank_change",
    "filter_ranking",
    "ranking_table",
    "screen_table",
    "composite_texts",
    "VIEWS",
    "selection",
    "sensitivity",
    "has_evaluation_data",
    "flag_list",
    "change_text",
    "status_text",
    "provisional_text",
    "round1",
    "round_grades",
    "empty_table",
]

STEP = 0.10  # each level-1 maximum moves by ±10 % in the robustness check
#: The ranking's two column sets on screen (each fits 1366 px); the download has every column.
VIEWS = ("summary", "parts")
SUMMARY_KEYS = (
    "agency_id",
    "rank",
    "change",
    "agency",
    "composite_text",
    "grade",
    "common",
    "individual",
    "alerts",
)
PARTS_KEYS = (
    "agency_id",
    "rank",
    "agency",
    "team",
    "external",
    "survey",
    "computed",
    "discipline",
    "deducted",
    "rescaled",
    "common",
)
#: The flags one can filter by, in the order the filter offers them.
FLAG_OPTIONS: tuple[Flag, ...] = (
    Flag.KEY_TARGET,
    Flag.SELF_OVERRATED,
    Flag.INSUFFICIENT_DATA,
    Flag.NO_INDIVIDUAL,
)


# -- shared with the overview ---------------------------------------------------------------
def has_evaluation_data(result: RoundResult) -> bool:
    """Whether any leaf other than a deduction leaf has data.

    A deduction leaf scores full marks when no finding names it, so a round nobody has
    entered anything for still gets composites; pages show "no scores yet" instead."""
    leaves = result.leaves
    return bool(
        (leaves["present"].astype(bool) & (leaves["source_kind"] != SourceKind.DEDUCT)).any()
    )


def flag_list(flags: Any) -> list[str]:
    """The stored ';'-separated flags as a list."""
    return [f for f in str(flags or "").split(";") if f]


def change_text(now: Any, before: Any, digits: int = 1) -> str | None:
    """A KPI delta: '+1.2', '-3', or '0' (Streamlit draws no arrow for '0'); None when either
    side is missing."""
    if is_missing(now) or is_missing(before):
        return None
    return fmt_signed(float(now) - float(before), digits)


def status_text(rnd: RoundRef, lang: Lang) -> str:
    return translate("ov_status", lang, status=term_label(RoundStatus, rnd.status, lang))


def provisional_text(rnd: RoundRef, lang: Lang) -> str | None:
    """The "scores are provisional" note for a round not yet completed."""
    return None if rnd.status == RoundStatus.COMPLETED else translate("ld_provisional", lang)


def round1(values: pd.Series, scale: float = 1.0) -> pd.Series:
    """Display values: half-up to one decimal (DOMAIN §4), NaN where missing."""
    return (
        pd.to_numeric(values, errors="coerce")
        .map(lambda v: round_half_up(v * scale, 1))
        .astype(float)
    )


def round_grades(config: RoundConfig) -> list[str]:
    """The round's grade names best first, then the lowest grade and insufficient data."""
    return grade_order(config.grade_bands, config.lowest_grade, config.insufficient_label)


def empty_table() -> Table:
    return Table(pd.DataFrame())


@dataclass(frozen=True)
class Filter:
    """One URL-bound filter: the query parameter, the widget key, its label, the stored values
    it offers and their labels in the view's language."""

    param: str
    key: str
    label: str
    options: tuple[str, ...]
    labels: Mapping[str, str]

    def label_of(self, value: str) -> str:
        return self.labels.get(value, value)


@dataclass(frozen=True)
class RankingFilters:
    """The chosen stored values of each filter; an empty one keeps every row."""

    types: Sequence[str] = ()
    natures: Sequence[str] = ()
    grades: Sequence[str] = ()
    flags: Sequence[str] = ()


@dataclass(frozen=True)
class Selection:
    """The agency named in the URL, where it is among the shown rows, and its link text."""

    agency_id: int
    position: int
    label: str


@dataclass(frozen=True)
class RankingModel:
    """The ranking of a round in one language. ``empty``: nothing to rank (no agency, or no
    score entered) — show it and stop. ``rows``: the summary in the export's order with
    stored values (for filtering) and ``change``. ``robustness``: the sensitivity note."""

    heading: str
    status: str
    lang: Lang
    names: Names
    provisional: str | None = None
    empty: str | None = None
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    filters: tuple[Filter, ...] = ()
    robustness: str | None = None
    moved: Table = field(default_factory=empty_table)
    deduct_codes: tuple[str, ...] = ()
    weights: tuple[float, float] = (0.8, 0.2)

    @property
    def total(self) -> int:
        return len(self.rows)

    def shown(self, chosen: RankingFilters) -> pd.DataFrame:
        return filter_ranking(self.rows, chosen)

    def table(self, rows: pd.DataFrame) -> Table:
        """Every column (the download)."""
        return ranking_table(rows, self.names, self.lang, self.deduct_codes)

    def screen(self, rows: pd.DataFrame, view: str = "summary") -> Table:
        """The columns of one screen view (``VIEWS``)."""
        return screen_table(self.table(rows), view)

    def footnote(self, view: str) -> str | None:
        """Under the parts view: the columns add up to C, and how C makes the composite."""
        if view != "parts":
            return None
        wc, wi = self.weights
        return translate("rkp_parts_footnote", self.lang, wc=num(wc), wi=num(wi))

    def tie_note(self, rows: pd.DataFrame) -> str | None:
        """Said when a composite carries a second decimal to tell ranks apart, or when two
        ranks still look the same at the decimals shown."""
        if rows.empty:
            return None
        values, ranks = list(rows["composite"]), list(rows["rank"])
        if hidden_ties(values, list(rows["decimals"]), ranks):
            return translate("rkp_tie_hidden", self.lang)
        if any(int(d) > 1 for d in rows["decimals"]):
            return translate("rkp_tie_note", self.lang)
        return None


def rank_change(rank: Any, before: Any, was_in: bool, lang: Lang) -> str:
    """'↑2', '↓1', 'same', 'new' (not evaluated in the previous round), '—' without a rank."""
    # pd.isna, not domain.fmt.is_missing: ranks are nullable integers (pd.NA)
    if pd.isna(rank):
        return "—"
    if not was_in:
        return translate("rk_new", lang)
    if pd.isna(before):
        return "—"
    step = int(before) - int(rank)
    if step == 0:
        return translate("rk_same", lang)
    return translate("rk_up", lang, n=step) if step > 0 else translate("rk_down", lang, n=-step)


def ranking_rows(result: RoundResult, previous: RoundResult | None, lang: Lang) -> pd.DataFrame:
    """The summary in the export's order with ``change``: the rank change from the previous
    round as text ('—' for every agency without a previous round)."""
    order = [row["agency"] for row in score_rows(result)]
    frame = result.summary.set_index("name").loc[order].reset_index()
    # A composite shown as 89.2 beside another 89.2 of a different rank gets 2 decimals.
    frame["decimals"] = tie_aware_decimals(list(frame["composite"]), list(frame["rank"]))
    if previous is None:
        frame["change"] = "—"
        return frame
    before = dict(zip(previous.summary["agency_id"], previous.summary["rank"], strict=True))
    frame["change"] = [
        rank_change(r, before.get(a), a in before, lang)
        for a, r in zip(frame["agency_id"], frame["rank"], strict=True)
    ]
    return frame


def filter_ranking(rows: pd.DataFrame, chosen: RankingFilters) -> pd.DataFrame:
    """Rows matching every non-empty filter (any of the chosen values within a filter)."""
    keep = pd.Series(True, index=rows.index)
    for column, values in (
        ("agency_type", chosen.types),
        ("nature", chosen.natures),
        ("grade", chosen.grades),
    ):
        if values:
            keep &= rows[column].isin(list(values))
    if chosen.flags:
        wanted = set(chosen.flags)
        keep &= rows["flags"].map(lambda f: bool(set(flag_list(f)) & wanted))
    return rows[keep].reset_index(drop=True)


def composite_texts(rows: pd.DataFrame) -> list[str]:
    """The composites as shown: half-up to one decimal, two where a tie at one decimal
    hides a rank difference (``decimals`` of ``ranking_rows``)."""
    decimals = rows["decimals"] if "decimals" in rows else [1] * len(rows)
    return [fmt_num(v, int(d)) for v, d in zip(rows["composite"], decimals, strict=True)]


def _rounded(values: pd.Series, decimals: Any) -> pd.Series:
    return pd.Series(
        [round_half_up(v, int(d)) for v, d in zip(values, decimals, strict=True)],
        index=values.index,
        dtype=float,
    )


def _parts(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """The common score C in parts that add up to it as shown: the leaf points of each
    source, the full marks of the deduction leaves, the deductions as negative points, and
    what re-scaling over missing leaves (and display rounding) adds. Every part is rounded
    half-up to one decimal and the last one is C (rounded) minus the others, so the row adds
    up on screen and in the file."""
    out = {k: round1(rows[f"subtotal_{k}"]) for k in ("team", "external", "survey", "computed")}
    deducted = pd.to_numeric(rows["deductions"], errors="coerce").fillna(0.0)
    out["discipline"] = round1(pd.to_numeric(rows["subtotal_deduct"], errors="coerce") + deducted)
    out["deducted"] = round1(-deducted).where(deducted > 0, 0.0)
    common = round1(rows["common"])
    added = sum((part.fillna(0.0) for part in out.values()), pd.Series(0.0, index=rows.index))
    out["rescaled"] = round1(common - added).where(common.notna()) + 0.0  # no "-0.0"
    return out


def ranking_table(
    rows: pd.DataFrame, names: Names, lang: Lang, deduct_codes: Sequence[str] = ()
) -> Table:
    """The ranking with every column, as downloaded: display-rounded (half-up) numbers (the
    composite to the decimals that tell ranks apart), translated words; the hidden
    ``agency_id`` maps a selected row back to its agency. ``composite_text`` is the
    composite as shown on screen (``screen_table``)."""
    ids = rows["agency_id"].astype(int)
    decimals = rows["decimals"] if "decimals" in rows else pd.Series(1, index=rows.index)
    frame = pd.DataFrame(
        {
            "agency_id": ids,
            "rank": rows["rank"].astype("Int64"),
            "change": rows["change"],
            "agency": [names.agency(a, n) for a, n in zip(ids, rows["name"], strict=True)],
            "type": [names.agency_type(t) for t in rows["agency_type"]],
            "nature": [term_label(Nature, n, lang) for n in rows["nature"]],
            "composite": _rounded(rows["composite"], decimals),
            "composite_text": composite_texts(rows),
            "common": round1(rows["common"]),
            "individual": round1(rows["individual"]),
            "grade": [grade_label(g, lang) for g in rows["grade"]],
            "coverage": round1(rows["coverage"], 100),
            **_parts(rows),
            "flags": [
                joined([term_label(Flag, f, lang) for f in flag_list(x)], lang)
                for x in rows["flags"]
            ],
            # On screen without "no individual indicators": the X column already says so.
            "alerts": [
                joined(
                    [term_label(Flag, f, lang) for f in flag_list(x) if f != Flag.NO_INDIVIDUAL],
                    lang,
                )
                for x in rows["flags"]
            ],
        }
    )
    en = lang == "en"  # English names and grades are longer: widths that fit 1366 px either way

    def text(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    subtotal_help = text("rk_help_subtotals")
    codes = joined(list(deduct_codes), lang)
    return Table(
        frame,
        (
            Column("agency_id", "agency_id", "hidden"),
            Column("rank", text("rk_col_rank"), "int", width=52),
            Column("change", text("rkp_col_change"), width=64, help=text("rk_col_change")),
            Column("agency", text("ld_col_agency"), width=300 if en else 240),
            Column("type", text("rk_col_type")),
            Column("nature", text("rk_col_nature")),
            Column("composite", text("rk_col_composite"), "number", width=76),
            Column("grade", text("rk_col_grade"), width=88 if en else 72),
            Column("common", text("rk_col_common"), "number", width=72),
            Column("individual", text("rk_col_individual"), "number", width=76 if en else 72),
            Column("coverage", text("rk_col_coverage"), "percent", width=76),
            Column("team", text("rkp_col_team"), "number", width=72, help=subtotal_help),
            Column("external", text("rkp_col_external"), "number", width=72, help=subtotal_help),
            Column("survey", text("rkp_col_survey"), "number", width=72, help=subtotal_help),
            Column("computed", text("rkp_col_computed"), "number", width=72, help=subtotal_help),
            Column(
                "discipline",
                text("rkp_col_discipline"),
                "number",
                width=92,
                help=text("rkp_help_discipline", codes=codes),
            ),
            Column(
                "deducted",
                text("rkp_col_deducted"),
                "number",
                width=72,
                help=text("rkp_help_deducted"),
            ),
            Column(
                "rescaled",
                text("rkp_col_rescaled"),
                "number",
                width=84,
                help=text("rkp_help_rescaled"),
            ),
            Column("flags", text("rk_col_flags"), width=150 if en else 180),
        ),
    )


def screen_table(full: Table, view: str = "summary") -> Table:
    """The columns of one screen view of ``ranking_table``'s table: ``summary`` (rank,
    change, agency, composite as shown, grade, C, X, flags) or ``parts`` (C in parts that
    add up to it). Each fits a 1366 px screen; type, nature and coverage are in the file."""
    by_key = {c.key: c for c in full.columns}
    composite = by_key["composite"]
    by_key["composite_text"] = Column(
        "composite_text", composite.label, "text", width=composite.width, align="right"
    )
    flags = by_key["flags"]
    by_key["alerts"] = Column("alerts", flags.label, width=flags.width)
    if view == "parts":  # nine numbers beside it: a narrower name column
        agency = by_key["agency"]
        by_key["agency"] = Column("agency", agency.label, width=200)
    keys = PARTS_KEYS if view == "parts" else SUMMARY_KEYS
    return Table(full.frame, tuple(by_key[k] for k in keys))


def selection(model: RankingModel, rows: pd.DataFrame, wanted: str) -> Selection | None:
    """The agency of the URL's ``?agency=ID`` among ``rows`` (the shown ones), or None."""
    match = rows.index[rows["agency_id"].astype(str) == wanted].tolist()
    if not match:
        return None
    row = rows.iloc[match[0]]
    lang = model.lang
    name = model.names.agency(row["agency_id"], row["name"])
    label = (
        f"{translate('rk_selected', lang, name=name)} · "
        f"{fmt_num(row['composite'], int(row.get('decimals', 1)))} · "
        f"{grade_label(row['grade'], lang)} — {translate('ld_open_profile', lang)}"
    )
    return Selection(int(row["agency_id"]), int(match[0]), label)


def sensitivity(result: RoundResult, names: Names, lang: Lang) -> tuple[str | None, Table]:
    """The robustness note (None without graded agencies) and the agencies whose rank moves
    in some scenario: agency, rank, possible range, the scenarios that move it."""
    sens = rank_sensitivity(result, result.tree, result.config, step=STEP)
    summary = summarise_sensitivity(sens)
    changed, graded = summary["n_changed"], summary["n_agencies"]
    note: str | None = None
    if changed:
        note = translate(
            "rk_sens_some",
            lang,
            step=pct_number(STEP),
            m=graded,
            kept=graded - changed,
            changed=changed,
            shift=summary["max_shift"],
        )
    elif graded:
        note = translate("rk_sens_stable", lang, step=pct_number(STEP), m=graded)
    moved = (
        sens[sens["changed"].astype(bool)]
        .merge(result.summary[["agency_id", "name"]], on="agency_id")
        .sort_values("base_rank")
    )
    frame = pd.DataFrame(
        {
            "agency": [
                names.agency(a, n) for a, n in zip(moved["agency_id"], moved["name"], strict=True)
            ],
            "rank": moved["base_rank"].astype(int),
            "range": [
                f"{int(a)}–{int(b)}"
                for a, b in zip(moved["min_rank"], moved["max_rank"], strict=True)
            ],
            "scenarios": moved["scenarios_changed"].str.replace(";", ", "),
        },
        columns=["agency", "rank", "range", "scenarios"],
    )
    return note, Table(
        frame,
        (
            Column("agency", translate("ld_col_agency", lang)),
            Column("rank", translate("rk_col_rank", lang), "int"),
            Column("range", translate("rk_sens_range", lang)),
            Column("scenarios", translate("rk_sens_scenarios", lang)),
        ),
    )


def _filters(
    rows: pd.DataFrame, result: RoundResult, names: Names, lang: Lang
) -> tuple[Filter, ...]:
    types = tuple(sorted(rows["agency_type"].dropna().unique()))
    natures = tuple(sorted(rows["nature"].dropna().unique()))
    grades = tuple(round_grades(result.config))
    return (
        Filter(
            "type",
            "rk_type",
            translate("rk_f_type", lang),
            types,
            {t: names.agency_type(t) for t in types},
        ),
        Filter(
            "nature",
            "rk_nature",
            translate("rk_f_nature", lang),
            natures,
            {n: term_label(Nature, n, lang) for n in natures},
        ),
        Filter(
            "grade",
            "rk_grade",
            translate("rk_f_grade", lang),
            grades,
            {g: grade_label(g, lang) for g in grades},
        ),
        Filter(
            "flag",
            "rk_flag",
            translate("rk_f_flag", lang),
            tuple(f.value for f in FLAG_OPTIONS),
            {f.value: f.label(lang) for f in FLAG_OPTIONS},
        ),
    )


def build_ranking(reader: Reader, rnd: RoundRef, lang: Lang) -> RankingModel:
    """The ranking of ``rnd`` (an office view: the page admits office roles only)."""
    names = load_names(reader, rnd.round_id, lang)
    base: dict[str, Any] = {
        "heading": translate("rk_heading", lang, round=rnd.title(lang)),
        "status": status_text(rnd, lang),
        "lang": lang,
        "names": names,
        "provisional": provisional_text(rnd, lang),
    }
    result = reader.round_result(rnd.round_id)
    if result.summary.empty:
        return RankingModel(**base, empty=translate("ov_empty", lang))
    if not has_evaluation_data(result):
        return RankingModel(**base, empty=translate("ld_no_scores", lang))
    prev = reader(previous_round, rnd.round_id)
    previous = reader.round_result(prev["round_id"]) if prev else None
    rows = ranking_rows(result, previous, lang)
    note, moved = sensitivity(result, names, lang)
    tree = result.tree
    deduct = tuple(c for c in tree.leaves() if tree.leaf_source(c).kind == SourceKind.DEDUCT)
    return RankingModel(
        **base,
        rows=rows,
        filters=_filters(rows, result, names, lang),
        robustness=note,
        moved=moved,
        deduct_codes=deduct,
        weights=(float(result.config.weight_common), float(result.config.weight_individual)),
    )

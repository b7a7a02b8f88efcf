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
from domain.fmt import fmt_num, fmt_signed, is_missing, joined, pct_number
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

    @property
    def total(self) -> int:
        return len(self.rows)

    def shown(self, chosen: RankingFilters) -> pd.DataFrame:
        return filter_ranking(self.rows, chosen)

    def table(self, rows: pd.DataFrame) -> Table:
        return ranking_table(rows, self.names, self.lang)


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


def ranking_table(rows: pd.DataFrame, names: Names, lang: Lang) -> Table:
    """The ranking as shown and downloaded: display-rounded (half-up) numbers, translated
    words; the hidden ``agency_id`` maps a selected row back to its agency."""
    ids = rows["agency_id"].astype(int)
    frame = pd.DataFrame(
        {
            "agency_id": ids,
            "rank": rows["rank"].astype("Int64"),
            "change": rows["change"],
            "agency": [names.agency(a, n) for a, n in zip(ids, rows["name"], strict=True)],
            "type": [names.agency_type(t) for t in rows["agency_type"]],
            "nature": [term_label(Nature, n, lang) for n in rows["nature"]],
            "composite": round1(rows["composite"]),
            "common": round1(rows["common"]),
            "individual": round1(rows["individual"]),
            "grade": [grade_label(g, lang) for g in rows["grade"]],
            "coverage": round1(rows["coverage"], 100),
            **{
                k: round1(rows[f"subtotal_{k}"]) for k in ("team", "external", "survey", "computed")
            },
            "deducted": round1(rows["deductions"]),
            "flags": [
                joined([term_label(Flag, f, lang) for f in flag_list(x)], lang)
                for x in rows["flags"]
            ],
        }
    )

    def text(key: str) -> str:
        return translate(key, lang)

    subtotal_help = text("rk_help_subtotals")
    return Table(
        frame,
        (
            Column("agency_id", "agency_id", "hidden"),
            Column("rank", text("rk_col_rank"), "int", width=56, pinned=True),
            Column("change", text("rk_col_change")),
            Column("agency", text("ld_col_agency"), width=214, pinned=True),
            Column("type", text("rk_col_type")),
            Column("nature", text("rk_col_nature")),
            Column("composite", text("rk_col_composite"), "number", width=76),
            Column("common", text("rk_col_common"), "number", width=76),
            Column("individual", text("rk_col_individual"), "number", width=76),
            Column("grade", text("rk_col_grade")),
            Column("coverage", text("rk_col_coverage"), "percent", width=76),
            Column("team", text("rk_col_team"), "number", width=84, help=subtotal_help),
            Column("external", text("rk_col_external"), "number", width=84, help=subtotal_help),
            Column("survey", text("rk_col_survey"), "number", width=84, help=subtotal_help),
            Column("computed", text("rk_col_computed"), "number", width=84, help=subtotal_help),
            Column("deducted", text("rk_col_deducted"), "number", width=84, help=subtotal_help),
            Column("flags", text("rk_col_flags")),
        ),
    )


def selection(model: RankingModel, rows: pd.DataFrame, wanted: str) -> Selection | None:
    """The agency of the URL's ``?agency=ID`` among ``rows`` (the shown ones), or None."""
    match = rows.index[rows["agency_id"].astype(str) == wanted].tolist()
    if not match:
        return None
    row = rows.iloc[match[0]]
    lang = model.lang
    name = model.names.agency(row["agency_id"], row["name"])
    label = (
        f"{translate('rk_selected', lang, name=name)} · {fmt_num(row['composite'])} · "
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
    return RankingModel(
        **base, rows=rows, filters=_filters(rows, result, names, lang), robustness=note, moved=moved
    )

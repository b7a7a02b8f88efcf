"""The headline of the agency profile (单位画像) as a view model: the composite with its grade,
C, X, rank and coverage as cards, the formula that combines them, and the warnings (数据不足
with the leaves that have no data, 自评偏高, 重点监管对象 with its reasons)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain.fmt import fmt_int, fmt_num, fmt_pct
from domain.vocab import (
    GREY,
    PALETTE,
    KeyTargetReason,
    grade_colour,
    grade_label,
    grade_order,
    term_label,
)
from scoring import RoundConfig
from views.common import Column, Kpi, Table
from views.names import Names
from views.profile_detail import missing_text, node_label, texts
from views.profile_explain import Explained

__all__ = ["Card", "Headline", "build_headline"]


@dataclass(frozen=True)
class Card:
    """A headline card; ``tone`` colours its delta (a palette colour)."""

    kpi: Kpi
    tone: str = GREY


@dataclass(frozen=True)
class Headline:
    """Cards (composite with grade, C, X, rank, coverage), the formula, the insufficient-data
    warning with its missing leaves, then the other warnings (自评偏高, 重点监管对象)."""

    cards: tuple[Card, ...]
    formula: str
    insufficient: str | None
    missing: Table | None
    warnings: tuple[str, ...]


# -- headline --------------------------------------------------------------------------------


def build_headline(
    ex: Explained, config: RoundConfig, n_ranked: int, names: Names, lang: str
) -> Headline:
    t = texts(lang)
    order = grade_order(config.grade_bands, config.lowest_grade, config.insufficient_label)
    short = ex.coverage < ex.min_coverage
    rank = t("pf_rank_value", rank=fmt_int(ex.rank), n=n_ranked) if ex.rank is not None else "—"
    cards = (
        Card(
            Kpi(t("pf_kpi_composite"), fmt_num(ex.composite), delta=grade_label(ex.grade, lang)),
            grade_colour(ex.grade, order),
        ),
        Card(Kpi(t("pf_kpi_common"), fmt_num(ex.common))),
        Card(
            Kpi(
                t("pf_kpi_individual"),
                fmt_num(ex.individual),
                delta=t("pf_no_individual") if ex.only_common else None,
            )
        ),
        Card(Kpi(t("pf_kpi_rank"), rank, delta=t("pf_unranked") if ex.rank is None else None)),
        Card(
            Kpi(
                t("pf_kpi_coverage"),
                fmt_pct(ex.coverage, 0),
                delta=t("pf_below_min", min=fmt_pct(ex.min_coverage, 0)) if short else None,
            ),
            PALETTE[0],
        ),
    )
    if ex.only_common:
        formula = t("pf_formula_c", c=fmt_num(ex.common), total=fmt_num(ex.composite))
    else:
        formula = t(
            "pf_formula",
            wc=fmt_num(ex.weight_common),
            c=fmt_num(ex.common),
            wi=fmt_num(ex.weight_individual),
            x=fmt_num(ex.individual),
            total=fmt_num(ex.composite),
        )
    insufficient, missing = None, None
    if ex.grade == config.insufficient_label or short:
        absent = [n for n in ex.leaves() if not n.present]
        insufficient = t(
            "pf_insufficient",
            coverage=fmt_pct(ex.coverage),
            min=fmt_pct(ex.min_coverage, 0),
            n=len(absent),
        )
        missing = Table(
            pd.DataFrame(
                {
                    "indicator": [node_label(n, names, t) for n in absent],
                    "max_points": [n.max_points for n in absent],
                    "reason": [missing_text(n, t, lang) for n in absent],
                }
            ),
            (
                Column("indicator", t("pf_col_indicator")),
                Column("max_points", t("pf_col_max"), "number"),
                Column("reason", t("pf_col_reason")),
            ),
        )
    warnings = []
    if ex.self_overrated:
        warnings.append(
            t(
                "pf_self_overrated",
                points=fmt_num(ex.gap_points),
                share=fmt_pct(ex.gap_share),
                threshold=fmt_pct(ex.gap_threshold, 0),
            )
        )
    if ex.key_target:
        reasons = t("pf_sep").join(
            term_label(KeyTargetReason, r, lang) for r in ex.key_target_reasons
        )
        warnings.append(t("pf_key_target", reasons=reasons))
    return Headline(cards, formula, insufficient, missing, tuple(warnings))

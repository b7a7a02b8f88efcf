"""Self, external and survey ratings of one agency (单位画像's second tab) as a view model:
self against team score per leaf, external ratings by matter, both questionnaires with their
small-sample and suppression rules."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain.fmt import fmt_num, fmt_pct
from domain.vocab import GREY, Matter, Questionnaire, Rating, SourceKind, term_label
from scoring import RoundConfig
from views.common import Kpi
from views.names import Names
from views.profile_charts import Chart, rating_bars, self_team_dumbbell
from views.profile_detail import capital, node_label, survey_interval, texts
from views.profile_explain import Explained, ExternalDetail

__all__ = ["SurveyCard", "Ratings", "build_ratings"]


@dataclass(frozen=True)
class SurveyCard:
    """One questionnaire: a note (no responses / suppressed), or its figures."""

    title: str
    note: str | None
    kpis: tuple[Kpi, ...] = ()
    caption: str | None = None
    warning: str | None = None


@dataclass(frozen=True)
class Ratings:
    gap_caption: str | None
    self_team: Chart | None
    external: Chart | None
    external_caption: str | None
    surveys: tuple[SurveyCard, ...]


def build_ratings(ex: Explained, config: RoundConfig, names: Names, lang: str) -> Ratings:
    t = texts(lang)
    leaves = ex.leaves()
    gap_caption, self_team = None, None
    rows: list[dict[str, object]] = []
    for n in leaves:  # the leaves having both a self and a team score
        if n.self_score is None or n.team_score is None:
            continue
        for series, v in (
            (t("pf_self_score"), n.self_score),
            (SourceKind.TEAM.label(lang), n.team_score),
        ):
            rows.append(
                {
                    "label": node_label(n, names, t),
                    "series": series,
                    "share": v / n.max_points,
                    "text": f"{fmt_num(v)} / {fmt_num(n.max_points)}",
                }
            )
    if rows:
        gap_caption = t(
            "pf_gap_caption",
            points=fmt_num(ex.gap_points),
            share=fmt_pct(ex.gap_share),
            threshold=fmt_pct(ex.gap_threshold, 0),
        )
        self_team = Chart(self_team_dumbbell, (pd.DataFrame(rows), t("pf_axis_share")))
    external = [n for n in leaves if isinstance(n.detail, ExternalDetail)]
    levels = list(config.rating_values)
    level_labels = [term_label(Rating, lv, lang) for lv in levels]
    counts = [
        {
            "matter": capital(term_label(Matter, m, lang)),
            "level_label": label,
            "n": n.detail.counts.get(m, {}).get(level, 0),
        }
        for n in external
        if isinstance(n.detail, ExternalDetail)
        for m in n.detail.matters
        for level, label in zip(levels, level_labels)
    ]
    frame = pd.DataFrame(counts, columns=["matter", "level_label", "n"])
    chart, caption = None, None
    if frame["n"].sum() > 0:
        colours = [_rating_colour(lv) for lv in levels]
        chart = Chart(rating_bars, (frame, level_labels, colours, t("pf_axis_count")))
        caption = t("pf_sep").join(
            t(
                "pf_external_leaf",
                code=n.code,
                points=fmt_num(n.points),
                max=fmt_num(n.max_points),
                mean=fmt_num(n.detail.mean_value, 3),
            )
            for n in external
            if n.present and isinstance(n.detail, ExternalDetail)
        )
    return Ratings(gap_caption, self_team, chart, caption, _surveys(ex, lang))


def _rating_colour(level: str) -> str:
    try:
        return Rating(level).colour
    except ValueError:  # a level the round configured beyond the vocabulary
        return GREY


def _surveys(ex: Explained, lang: str) -> tuple[SurveyCard, ...]:
    t = texts(lang)
    by_q = {s.questionnaire: s for s in ex.surveys}
    cards = []
    for q in Questionnaire:
        label = q.label(lang)
        s = by_q.get(q.value)
        if s is None:
            cards.append(SurveyCard(label, t("pf_survey_none", q=label)))
        elif s.suppressed:
            cards.append(SurveyCard(label, t("pf_survey_suppressed", q=label, n=s.n)))
        else:
            cards.append(
                SurveyCard(
                    label,
                    None,
                    (Kpi(t("pf_survey_si"), fmt_num(s.si)), Kpi(t("pf_survey_n"), s.n)),
                    t(
                        "pf_survey_caption",
                        ci=survey_interval(s.ci_low, s.ci_high),
                        rate=fmt_pct(s.satisfaction_rate),
                    ),
                    t("pf_survey_small", n=s.n) if s.small_sample else None,
                )
            )
    return tuple(cards)

"""总览 Overview as a view model: the round's counts and scores against the previous round,
the grade distribution, what needs attention, rectification states, survey returns, data
freshness and the composite chart — or, for an agency user, its own figures only (the reader
scopes every read to the agency; nothing here filters by agency itself).

Figures come from a scored ``RoundResult`` and the counting queries; nothing here re-scores —
it only counts, averages for display and formats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data_access.leadership_queries import (
    data_freshness,
    overdue_rectifications,
    previous_round,
)
from data_access.queries import (
    agency_name,
    list_rounds,
    rectification_state_counts,
    round_overview,
    survey_status_counts,
)
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.fmt import (
    MISSING,
    fmt_num,
    fmt_pct,
    is_missing,
    num,
    pct_number,
    tie_aware_decimals,
)
from domain.vocab import (
    Lang,
    Questionnaire,
    grade_colour,
    grade_label,
)
from scoring import RoundConfig, RoundResult
from views.common import DeltaColor, Kpi, Table
from views.leadership_charts import composite_bars
from views.names import Names, load_names
from views.overview_tables import (
    attention_table,
    freshness_table,
    rectification_state_table,
    survey_table,
)
from views.ranking import (
    change_text,
    empty_table,
    has_evaluation_data,
    provisional_text,
    round1,
    round_grades,
    status_text,
)

__all__ = ["OverviewModel", "build_overview"]


@dataclass(frozen=True)
class OverviewModel:
    """Everything the overview shows, in one language. ``own``: an agency user's view (its
    own KPIs, no chart). ``empty``: the round has no agency (for this user) — show it, stop.
    ``not_scored``: nothing entered yet — shown instead of the score KPIs."""

    heading: str
    status: str
    own: bool
    empty: str | None = None
    comparison: str = ""
    has_previous: bool = False
    counts: tuple[Kpi, ...] = ()
    provisional: str | None = None
    not_scored: str | None = None
    score_kpis: tuple[Kpi, ...] = ()
    grade_kpis: tuple[Kpi, ...] = ()
    own_kpis: tuple[Kpi, ...] = ()
    own_survey_kpis: tuple[Kpi, ...] = ()
    attention: Table = field(default_factory=empty_table)
    rectification_states: Table = field(default_factory=empty_table)
    surveys: Table = field(default_factory=empty_table)
    freshness: Table = field(default_factory=empty_table)
    chart: dict[str, Any] | None = None

    @property
    def scored(self) -> bool:
        return self.not_scored is None


# -- headline figures -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Headline:
    """Round figures (or one agency's own): number scored, mean composite, grade counts, key
    targets, self-rated-too-high count, and per questionnaire its (mean) SI with the number of
    agencies averaged — or, for one agency, of its valid responses."""

    n_scored: int
    mean_composite: float | None
    grades: dict[str, int]
    key_targets: int
    self_overrated: int
    si: dict[Questionnaire, tuple[float | None, int]]


def _headline(result: RoundResult, own: bool) -> _Headline:
    s = result.summary
    surveys = result.surveys[
        ~result.surveys["suppressed"].astype(bool) & result.surveys["si"].notna()
    ]
    composite = pd.to_numeric(s["composite"], errors="coerce")
    si: dict[Questionnaire, tuple[float | None, int]] = {}
    for q in Questionnaire:
        rows = surveys[surveys["questionnaire"] == q]
        value = float(rows["si"].mean()) if len(rows) else None
        si[q] = (value, int(rows["n"].sum()) if own else len(rows))
    grades = s["grade"].value_counts()
    return _Headline(
        n_scored=int(composite.notna().sum()),
        mean_composite=float(composite.mean()) if composite.notna().any() else None,
        grades={g: int(grades.get(g, 0)) for g in round_grades(result.config)},
        key_targets=int(s["key_target"].astype(bool).sum()),
        self_overrated=int(s["self_overrated"].astype(bool).sum()),
        si=si,
    )


def _count_kpis(now: dict[str, int], before: dict[str, int] | None, lang: Lang) -> list[Kpi]:
    """The round's counts (queries.round_overview) and their change from the previous round;
    more open findings or overdue rectifications is bad news."""

    def change(key: str) -> str | None:
        return change_text(now[key], before[key], 0) if before else None

    return [
        Kpi(translate("kpi_agencies", lang), now["agencies"], delta=change("agencies")),
        Kpi(
            translate("kpi_findings_open", lang),
            now["findings_open"],
            translate("kpi_findings_total", lang, n=now["findings"]),
            change("findings_open"),
            "inverse",
        ),
        Kpi(
            translate("kpi_overdue", lang),
            now["overdue"],
            delta=change("overdue"),
            delta_color="inverse",
        ),
        Kpi(
            translate("kpi_survey", lang),
            now["responses_accepted"],
            translate("kpi_survey_all", lang, n=now["responses"]),
            change("responses_accepted"),
        ),
        Kpi(
            translate("kpi_ratings", lang),
            now["ratings"],
            translate("kpi_raters", lang, n=now["raters"]),
            change("ratings"),
        ),
    ]


def _si_kpi(
    label: str, q: Questionnaire, now: _Headline, old: _Headline | None, own: bool, lang: Lang
) -> Kpi:
    value, n = now.si[q]
    before = old.si[q][0] if old else None
    if value is None:
        caption = translate("ovx_si_none", lang)
    else:
        caption = translate("ovx_si_own_caption" if own else "ovx_si_caption", lang, n=n)
    return Kpi(label, fmt_num(value), caption, change_text(value, before))


def _score_kpis(now: _Headline, old: _Headline | None, lang: Lang) -> list[Kpi]:
    """Mean composite, SI of both questionnaires, key targets, self-rated-too-high count."""

    def change(now_n: int, old_n: int | None) -> str | None:
        return change_text(now_n, old_n, 0) if old else None

    return [
        Kpi(
            translate("ovx_mean_composite", lang),
            fmt_num(now.mean_composite),
            translate("ovx_mean_caption", lang, n=now.n_scored),
            change_text(now.mean_composite, old.mean_composite if old else None),
        ),
        _si_kpi(
            translate("ovx_si_satisfaction", lang),
            Questionnaire.SATISFACTION,
            now,
            old,
            False,
            lang,
        ),
        _si_kpi(translate("ovx_si_staff", lang), Questionnaire.STAFF, now, old, False, lang),
        Kpi(
            translate("ovx_key_targets", lang),
            now.key_targets,
            None,
            change(now.key_targets, old.key_targets if old else None),
            "inverse",
        ),
        Kpi(
            translate("ovx_self_overrated", lang),
            now.self_overrated,
            None,
            change(now.self_overrated, old.self_overrated if old else None),
            "inverse",
        ),
    ]


def _grade_kpis(
    now: _Headline, old: _Headline | None, config: RoundConfig, lang: Lang
) -> list[Kpi]:
    """One card per grade (count, its band, change): more of the top grades is good, more of
    the lowest grade or of insufficient data is bad."""
    bands = list(config.grade_bands)
    cards = []
    colour: DeltaColor
    for i, grade in enumerate(round_grades(config)):
        if i < len(bands):
            caption = translate("ovx_grade_caption", lang, bound=num(bands[i][1]))
            colour = "normal" if i < len(bands) - 1 else "off"
        elif grade == config.lowest_grade:
            caption = translate("ovx_grade_low_caption", lang, bound=num(bands[-1][1]))
            colour = "inverse"
        else:
            caption = translate("ovx_grade_na_caption", lang, cov=pct_number(config.min_coverage))
            colour = "inverse"
        before = old.grades.get(grade, 0) if old and old.n_scored else None
        cards.append(
            Kpi(
                grade_label(grade, lang),
                now.grades[grade],
                caption,
                change_text(now.grades[grade], before, 0),
                colour,
            )
        )
    return cards


def _own_kpis(
    result: RoundResult,
    previous: RoundResult | None,
    now: _Headline,
    old: _Headline | None,
    lang: Lang,
) -> tuple[list[Kpi], list[Kpi]]:
    """An agency's own composite (and change), grade, C, X, coverage; then its SI and gap."""
    row = result.summary.iloc[0]  # the reader scoped the round to this one agency
    before = None
    if previous is not None and len(previous.summary):
        before = previous.summary["composite"].iloc[0]
    gap = row["self_gap_share"]
    scores = [
        Kpi(
            translate("ovx_composite", lang),
            fmt_num(row["composite"]),
            None,
            change_text(row["composite"], before),
        ),
        Kpi(translate("ovx_grade", lang), grade_label(row["grade"], lang)),
        Kpi(translate("ovx_common", lang), fmt_num(row["common"])),
        Kpi(translate("ovx_individual", lang), fmt_num(row["individual"])),
        Kpi(translate("ovx_coverage", lang), fmt_pct(row["coverage"])),
    ]
    surveys = [
        _si_kpi(
            translate("ovx_si_satisfaction", lang), Questionnaire.SATISFACTION, now, old, True, lang
        ),
        _si_kpi(translate("ovx_si_staff", lang), Questionnaire.STAFF, now, old, True, lang),
        Kpi(
            translate("ovx_self_gap", lang),
            MISSING if is_missing(gap) else fmt_pct(gap),
            translate("ovx_self_gap_caption", lang),
        ),
    ]
    return scores, surveys


def _chart(result: RoundResult, names: Names, lang: Lang) -> dict[str, Any]:
    """The composite of every agency that has one, coloured by the round's grades."""
    # Best first in full precision: the bars sort stably on the rounded value after this.
    s = result.summary[result.summary["composite"].notna()].sort_values(
        "composite", ascending=False, kind="stable"
    )
    ids = s["agency_id"].astype(int)
    # Two composites shown as 89.2 with different ranks get a second decimal.
    decimals = tie_aware_decimals(list(s["composite"]), list(s["rank"]))
    frame = pd.DataFrame(
        {
            "agency_id": ids,
            "label": [
                names.agency_short(a, sn, n)
                for a, sn, n in zip(ids, s["short_name"], s["name"], strict=True)
            ],
            "name": [names.agency(a, n) for a, n in zip(ids, s["name"], strict=True)],
            "composite": round1(s["composite"]),
            "composite_text": [
                fmt_num(v, d) for v, d in zip(s["composite"], decimals, strict=True)
            ],
            "grade_label": [grade_label(g, lang) for g in s["grade"]],
            "common": s["common"].map(fmt_num),
            "individual": s["individual"].map(fmt_num),
            "coverage": s["coverage"].map(fmt_pct),
        }
    )
    order = round_grades(result.config)
    grades = [(grade_label(g, lang), grade_colour(g, order)) for g in order]
    titles = {
        "composite": translate("ovx_composite", lang),
        "grade": translate("ovx_grade", lang),
        "agency": translate("ld_col_agency", lang),
        "common": translate("ovx_common", lang),
        "individual": translate("ovx_individual", lang),
        "coverage": translate("ovx_coverage", lang),
    }
    return composite_bars(frame, grades, [b for _, b in result.config.grade_bands], titles)


# -- the model ------------------------------------------------------------------------------
def _heading(reader: Reader, rnd: RoundRef, names: Names, lang: Lang) -> str:
    scope = reader.principal.agency_scope
    if scope is None:
        return translate("ov_heading", lang, round=rnd.title(lang))
    zh = reader(agency_name, scope)
    return translate(
        "ov_heading_agency", lang, agency=names.agency(scope, zh or ""), round=rnd.title(lang)
    )


def _round_title(reader: Reader, round_id: int, name: str, lang: Lang) -> str:
    """Another round's name in ``lang``: its stored English name (the round list has it),
    else ``name``."""
    if lang == "en":
        rounds = reader(list_rounds)
        if "name_en" in rounds.columns:
            english = rounds.loc[rounds["round_id"] == round_id, "name_en"].tolist()
            if english and isinstance(english[0], str) and english[0]:
                return english[0]
    return name


def build_overview(reader: Reader, rnd: RoundRef, lang: Lang, today: dt.date) -> OverviewModel:
    """The overview of ``rnd`` as ``reader``'s principal may see it (an agency: its own)."""
    own = reader.principal.agency_scope is not None
    names = load_names(reader, rnd.round_id, lang)
    heading, status = _heading(reader, rnd, names, lang), status_text(rnd, lang)
    figures = reader(round_overview, rnd.round_id, today=today)
    if figures["agencies"] == 0:
        return OverviewModel(
            heading, status, own, empty=translate("ov_not_in_round" if own else "ov_empty", lang)
        )

    prev = reader(previous_round, rnd.round_id)
    before = reader(round_overview, prev["round_id"], today=today) if prev else None
    before = before if before and before["agencies"] else None  # an agency new in this round
    if prev and before:
        comparison = translate(
            "ovx_delta_note", lang, prev=_round_title(reader, prev["round_id"], prev["name"], lang)
        )
    else:
        comparison = translate("ovx_no_previous", lang)

    result = reader.round_result(rnd.round_id)
    previous = reader.round_result(prev["round_id"]) if prev and before else None
    now = _headline(result, own)
    old = _headline(previous, own) if previous is not None else None
    scored = has_evaluation_data(result)
    own_scores: list[Kpi] = []
    own_surveys: list[Kpi] = []
    if scored and own:
        own_scores, own_surveys = _own_kpis(result, previous, now, old, lang)
    office = scored and not own
    not_scored = (
        None if scored else translate("ovx_own_not_scored" if own else "ld_no_scores", lang)
    )
    overdue = reader(overdue_rectifications, rnd.round_id, today)
    return OverviewModel(
        heading,
        status,
        own,
        comparison=comparison,
        has_previous=before is not None,
        counts=tuple(_count_kpis(figures, before, lang)),
        provisional=provisional_text(rnd, lang),
        not_scored=not_scored,
        score_kpis=tuple(_score_kpis(now, old, lang)) if office else (),
        grade_kpis=tuple(_grade_kpis(now, old, result.config, lang)) if office else (),
        own_kpis=tuple(own_scores),
        own_survey_kpis=tuple(own_surveys),
        attention=attention_table(result, overdue, today, names, lang),
        rectification_states=rectification_state_table(
            reader(rectification_state_counts, rnd.round_id, today=today), lang
        ),
        surveys=survey_table(reader(survey_status_counts, rnd.round_id), lang),
        freshness=freshness_table(reader(data_freshness, rnd.round_id), lang),
        # the ranking chart is for the office only
        chart=_chart(result, names, lang) if office else None,
    )

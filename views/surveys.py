"""民意测评 Surveys page model (DOMAIN §5): for one round and questionnaire, every agency's SI
with its 95 % interval (a sorted dot-and-whisker chart), satisfaction rate and n, small
samples marked and suppressed ones shown as such (never as zero), the change since the
previous round, the selected agency's items weakest first with the distribution of answers,
and the import reports behind the figures. Pure: no streamlit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from data_access.leadership_queries import previous_round
from data_access.reader import Reader
from data_access.survey_queries import survey_import_reports, survey_item_answers, survey_quality
from domain.catalog import translate
from domain.vocab import Questionnaire
from reports.surveys import survey_status
from views.chart_theme import chart_config
from views.names import load_names

__all__ = ["SurveysPage", "build_surveys"]


@dataclass(frozen=True)
class SurveysPage:
    """What the page draws; ``empty`` is the message when there is nothing to show."""

    heading: str
    questionnaires: dict[str, str]  # stored name → label
    questionnaire: str
    agencies: dict[int, str]
    agency_id: int | None
    table: pd.DataFrame  # localized headers, one row per agency
    chart: dict[str, Any] | None  # a Vega-Lite spec (built once, drawn without Altair)
    items: pd.DataFrame  # the selected agency's items, weakest first
    items_note: str
    quality: pd.DataFrame  # the import reports
    empty: str = ""


def _num(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _figures(reader: Reader, round_id: int, questionnaire: str) -> dict[int, dict[str, Any]]:
    surveys = reader.round_result(round_id).surveys
    part = surveys[surveys["questionnaire"] == questionnaire]
    return {int(r["agency_id"]): r for r in part.to_dict("records")}


def build_surveys(
    reader: Reader,
    round_id: int,
    lang: str,
    questionnaire: str | None,
    agency_id: int | None,
) -> SurveysPage:
    """The page for the round; ``questionnaire`` defaults to 满意度调查问卷, ``agency_id`` to
    the weakest agency shown (an agency user: its own, data_access scopes the reads)."""
    labels = {q.value: q.label(lang) for q in Questionnaire}
    questionnaire = questionnaire if questionnaire in labels else Questionnaire.SATISFACTION.value
    names = load_names(reader, round_id, lang)
    quality = reader(survey_quality, round_id)
    quality = quality[quality["questionnaire"] == questionnaire]
    heading = translate("svp_heading", lang, questionnaire=labels[questionnaire])
    empty_items = pd.DataFrame()
    if quality.empty:
        return SurveysPage(heading, labels, questionnaire, {}, None, pd.DataFrame(), None,
                           empty_items, "", pd.DataFrame(), translate("svp_empty", lang))  # fmt: skip
    figures = _figures(reader, round_id, questionnaire)
    prev = reader(previous_round, round_id)
    before = _figures(reader, int(prev["round_id"]), questionnaire) if prev else {}
    config = reader.round_result(round_id).config
    rows: list[dict[str, Any]] = []
    for q in quality.itertuples():
        aid = int(q.agency_id)
        fig = figures.get(aid)
        n = int(fig["n"]) if fig is not None else 0
        suppressed = bool(fig["suppressed"]) if fig is not None else True
        small = bool(fig["small_sample"]) if fig is not None else n < config.survey_small_n
        si = None if suppressed or fig is None else _num(fig["si"])
        old = before.get(aid)
        old_si = None if old is None or old["suppressed"] else _num(old["si"])
        rows.append(
            {
                "agency_id": aid,
                "agency": names.agency(aid, q.agency),
                "label": names.agency_short(aid, q.agency_short, q.agency),
                "si": si,
                "ci_low": None if si is None or fig is None else _num(fig["ci_low"]),
                "ci_high": None if si is None or fig is None else _num(fig["ci_high"]),
                "rate": None if si is None or fig is None else _num(fig["satisfaction_rate"]),
                "n": n,
                "status": survey_status(n, suppressed, small),
                "change": None if si is None or old_si is None else si - old_si,
            }
        )
    frame = pd.DataFrame(rows).sort_values(["si", "agency"], ascending=[False, True],
                                           na_position="last")  # fmt: skip
    agencies = {int(r["agency_id"]): str(r["agency"]) for r in frame.to_dict("records")}
    if agency_id not in agencies:
        shown = frame.dropna(subset=["si"])
        agency_id = int(shown.iloc[-1]["agency_id"]) if not shown.empty else next(iter(agencies))
    items, note = _items(reader, round_id, agency_id, questionnaire, figures.get(agency_id), lang)
    return SurveysPage(
        heading=heading,
        questionnaires=labels,
        questionnaire=questionnaire,
        agencies=agencies,
        agency_id=agency_id,
        table=_table(frame, lang),
        chart=_chart(frame, lang),
        items=items,
        items_note=note,
        quality=_quality(reader(survey_import_reports, round_id), questionnaire, names, lang),
    )


_STATUS_KEYS = {
    "ok": "svp_status_ok",
    "small": "svp_status_small",
    "suppressed": "svp_status_suppressed",
}


def _status_text(status: str, lang: str) -> str:
    return translate(_STATUS_KEYS[status], lang)


def _fmt(value: float | None, digits: int = 1, pct: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%" if pct else f"{value:.{digits}f}"


def _table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = lambda k: translate(k, lang)  # noqa: E731
    return (
        pd.DataFrame(
            {
                t("svp_col_agency"): frame["agency"],
                t("svp_col_si"): [_fmt(v) for v in frame["si"]],
                t("svp_col_ci"): [
                    "—" if lo is None or pd.isna(lo) else f"{lo:.1f} – {hi:.1f}"
                    for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)
                ],
                t("svp_col_rate"): [_fmt(v, pct=True) for v in frame["rate"]],
                t("svp_col_n"): frame["n"].astype(int),
                t("svp_col_status"): [_status_text(s, lang) for s in frame["status"]],
                t("svp_col_change"): [
                    "—" if v is None or pd.isna(v) else f"{v:+.1f}" for v in frame["change"]
                ],
            }
        )
        .reset_index(drop=True)
        .astype(object)
        .where(lambda f: f.notna(), "—")
    )


def _chart(frame: pd.DataFrame, lang: str) -> dict[str, Any] | None:
    shown = frame.dropna(subset=["si"])
    if shown.empty:
        return None
    data = shown[["agency", "label", "si", "ci_low", "ci_high", "n", "status"]].assign(
        status=[_status_text(s, lang) for s in shown["status"]]
    )
    order = list(shown["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False))
    x_title = translate("svp_col_si", lang)
    base = alt.Chart(data)
    whisker = base.mark_rule().encode(
        y=y, x=alt.X("ci_low:Q", title=x_title, scale=alt.Scale(zero=False)), x2="ci_high:Q"
    )
    tooltip = [
        alt.Tooltip("agency:N", title=translate("svp_col_agency", lang)),
        alt.Tooltip("si:Q", title=x_title, format=".1f"),
        alt.Tooltip("ci_low:Q", format=".1f"),
        alt.Tooltip("ci_high:Q", format=".1f"),
        alt.Tooltip("n:Q", title=translate("svp_col_n", lang)),
        alt.Tooltip("status:N", title=translate("svp_col_status", lang)),
    ]
    dots = base.mark_point(filled=True, size=70).encode(
        y=y,
        x="si:Q",
        shape=alt.Shape("status:N", title=translate("svp_col_status", lang)),
        tooltip=tooltip,
    )
    height = max(160, 22 * len(order))
    chart = (whisker + dots).properties(height=height).configure(**chart_config())
    return chart.to_dict()


def _items(
    reader: Reader,
    round_id: int,
    agency_id: int,
    questionnaire: str,
    figures: dict[str, Any] | None,
    lang: str,
) -> tuple[pd.DataFrame, str]:
    if figures is None or figures["suppressed"]:
        return pd.DataFrame(), translate("svp_items_suppressed", lang)
    answers = reader(survey_item_answers, round_id, agency_id, questionnaire)
    scores = {str(k): float(v) for k, v in (figures["item_scores"] or {}).items()}
    rows = []
    for item, part in answers.groupby("item", sort=True):
        dist = {
            ("" if a is None or pd.isna(a) else str(a)): int(c)
            for a, c in zip(part["answer"], part["count"], strict=True)
        }
        blank = translate("svp_blank", lang)
        rows.append(
            {
                translate("svp_col_question", lang): str(part["question"].iloc[0]),
                translate("svp_col_item_score", lang): _round(scores.get(str(item))),
                translate("svp_col_answers", lang): "；".join(
                    f"{a or blank} {c}" for a, c in sorted(dist.items(), key=lambda x: -x[1])
                ),
            }
        )
    out = pd.DataFrame(rows)
    if not out.empty:
        out = out.sort_values(translate("svp_col_item_score", lang), na_position="last")
    return out.reset_index(drop=True), translate("svp_items_note", lang)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _quality(frame: pd.DataFrame, questionnaire: str, names: Any, lang: str) -> pd.DataFrame:
    part = frame[frame["questionnaire"] == questionnaire]
    t = lambda k: translate(k, lang)  # noqa: E731
    return (
        pd.DataFrame(
            {
                t("svp_col_agency"): [
                    names.agency(a, n)
                    for a, n in zip(part["agency_id"], part["agency"], strict=True)
                ],
                t("svp_col_file"): part["filename"],
                t("svp_col_imported"): part["imported_at"],
                t("svp_col_read"): part["total"],
                t("svp_col_accepted"): part["accepted"],
                t("svp_col_duplicates"): part["duplicate"],
                t("svp_col_too_fast"): part["too_fast"],
                t("svp_col_straight"): part["straightlined"],
                t("svp_col_excluded"): part["excluded_answers"],
            }
        )
        .reset_index(drop=True)
        .astype(object)
        .where(lambda f: f.notna(), "—")
    )

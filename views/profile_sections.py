"""单位画像 sections below the score breakdown, as view models: the personnel structure the
profile shows (``build_personnel``), the findings with their rectification states
(``build_findings``); and staffing history with its events, workload against headcount,
personnel and retirements (``build_staffing``), which the 编制与用编 page draws."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.profile_queries import (
    history_events,
    personnel_structure,
    retirements_and_hires,
    staffing_history,
    workload_history,
)
from data_access.reader import Reader
from domain.fmt import fmt_int, is_missing
from domain.vocab import (
    ON_THE_SPOT,
    OVERDUE,
    PALETTE,
    EventKind,
    FindingCategory,
    FindingSource,
    PostType,
    RectState,
    Severity,
    grade_label,
    term_label,
)
from views.common import Column, Kpi, Table
from views.names import Names
from views.profile_charts import Chart
from views.profile_charts_history import (
    index_lines,
    retire_hire_bars,
    stacked_years,
    staffing_lines,
)
from views.profile_detail import Texts, texts

__all__ = [
    "StaffingSection",
    "Personnel",
    "Findings",
    "build_staffing",
    "build_personnel",
    "build_findings",
    "staffing_frame",
    "events_frame",
    "workload_index_frame",
]


@dataclass(frozen=True)
class Personnel:
    age: Chart | None
    edu: Chart | None
    retire_title: str
    retire: Chart | None
    retire_caption: str | None


@dataclass(frozen=True)
class StaffingSection:
    """Each part is None when the agency has no such data (the page says so)."""

    staffing: Chart | None
    staffing_table: Table | None
    events: Table | None
    workload: Chart | None
    workload_table: Table | None
    personnel: Personnel


@dataclass(frozen=True)
class Findings:
    kpis: tuple[Kpi, ...]
    table: Table | None
    caption: str


def _day(d: Any) -> str:
    return "—" if is_missing(d) else str(d)[:10]


# -- staffing --------------------------------------------------------------------------------


def staffing_frame(
    staffing: pd.DataFrame, lang: str, measure_labels: dict[str, str]
) -> pd.DataFrame:
    """Long form of the staffing rows: year, post_type, measure, value (post types that are
    zero in every year are left out)."""
    parts = []
    for post in PostType:
        auth, actual = staffing[f"authorized_{post.code}"], staffing[f"actual_{post.code}"]
        if not (auth.fillna(0).any() or actual.fillna(0).any()):
            continue
        for measure, values in (("authorized", auth), ("actual", actual)):
            parts.append(
                pd.DataFrame(
                    {
                        "year": staffing["year"],
                        "post_type": post.posts_label(lang),
                        "measure": measure_labels[measure],
                        "value": values,
                    }
                )
            )
    cols = ["year", "post_type", "measure", "value"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


def events_frame(events: pd.DataFrame, years: pd.Series, lang: str) -> pd.DataFrame:
    """History events inside the charted years, placed at their fractional year."""
    cols = ["year_pos", "date", "kind", "description", "doc_no"]
    if events.empty or years.empty:
        return pd.DataFrame(columns=cols)
    dates = pd.to_datetime(events["event_date"])
    pos = dates.dt.year + (dates.dt.dayofyear - 1) / 365.0
    out = events.assign(
        year_pos=pos,
        date=dates.dt.strftime("%Y-%m-%d"),
        kind=[term_label(EventKind, k, lang) for k in events["kind"]],
        doc_no=events["doc_no"].fillna("—"),
    )
    inside = (pos >= years.min()) & (pos <= years.max() + 1)
    return out.loc[inside, cols]


def _staffing_table(s: pd.DataFrame, lang: str, t: Texts) -> Table:
    frame = pd.DataFrame({"year": s["year"].astype(int).astype(str)})
    columns = [Column("year", t("pf_col_year"))]
    for post in PostType:
        for measure, label in (("authorized", t("pf_authorized")), ("actual", t("pf_actual"))):
            key = f"{measure}_{post.code}"
            frame[key] = s[key]
            columns.append(Column(key, f"{label}·{post.posts_label(lang)}", "int"))
    frame["leader_posts"] = [
        f"{fmt_int(a)} / {fmt_int(b)}"
        for a, b in zip(s["leader_posts_authorized"], s["leader_posts_filled"])
    ]
    frame["sections"] = s["internal_sections"]
    columns += [
        Column("leader_posts", t("pf_leader_posts")),
        Column("sections", t("pf_sections"), "int"),
    ]
    return Table(frame, tuple(columns))


def _events_table(events: pd.DataFrame, lang: str, t: Texts) -> Table:
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(events["event_date"]).dt.strftime("%Y-%m-%d"),
            "kind": [term_label(EventKind, k, lang) for k in events["kind"]],
            "description": events["description"],
            "doc_no": events["doc_no"].fillna("—"),
        }
    )
    return Table(
        frame,
        (
            Column("date", t("pf_col_date")),
            Column("kind", t("pf_col_kind")),
            Column("description", t("pf_col_description")),
            Column("doc_no", t("pf_col_doc_no")),
        ),
    )


def build_staffing(
    reader: Reader, agency_id: int, year: int, names: Names, lang: str
) -> StaffingSection:
    """Staffing history with events, workload against headcount, personnel and retirements,
    every year up to the round's ``year``."""
    t = texts(lang)
    staffing = reader(staffing_history, agency_id, year)
    events = reader(history_events, agency_id, year)
    chart, table = None, None
    if not staffing.empty:
        measures = {"authorized": t("pf_authorized"), "actual": t("pf_actual")}
        titles = {
            "post_type": t("pf_col_post_type"),
            "measure": t("pf_col_measure"),
            "year": t("pf_col_year"),
            "date": t("pf_col_date"),
            "kind": t("pf_col_kind"),
            "description": t("pf_col_description"),
            "doc_no": t("pf_col_doc_no"),
        }
        chart = Chart(
            staffing_lines,
            (
                staffing_frame(staffing, lang, measures),
                events_frame(events, staffing["year"], lang),
                [p.posts_label(lang) for p in PostType],
                [p.colour for p in PostType],
                [measures["actual"], measures["authorized"]],
                t("pf_axis_posts"),
                titles,
            ),
        )
        table = _staffing_table(staffing, lang, t)
    workload, workload_table = _workload(reader, agency_id, year, names, lang)
    return StaffingSection(
        chart,
        table,
        None if events.empty else _events_table(events, lang, t),
        workload,
        workload_table,
        _personnel(reader, agency_id, year, lang),
    )


def workload_index_frame(workload: pd.DataFrame, headcount_label: str) -> pd.DataFrame:
    """Each workload metric and the headcount indexed to its first year with data (=100).
    Columns: year, series, value, index, grade."""
    heads = workload.drop_duplicates("year")[["year", "headcount", "grade"]]
    series = [
        workload[["year", "metric", "value", "grade"]].rename(columns={"metric": "series"}),
        heads.rename(columns={"headcount": "value"}).assign(series=headcount_label),
    ]
    out = pd.concat(series, ignore_index=True).dropna(subset=["value"])
    out = out.sort_values(["series", "year"], ignore_index=True)
    first = out.groupby("series")["value"].transform("first")
    out["index"] = out["value"] / first.where(first != 0) * 100
    return out


def _workload(
    reader: Reader, agency_id: int, year: int, names: Names, lang: str
) -> tuple[Chart | None, Table | None]:
    t = texts(lang)
    workload = reader(workload_history, agency_id, year)
    if workload.empty:
        return None, None
    named = workload.assign(
        metric=[names.metric(m) for m in workload["metric"]],
        grade=[grade_label(g, lang) for g in workload["grade"]],
    )
    frame = workload_index_frame(named, t("pf_headcount"))
    titles = {"year": t("pf_col_year"), "value": t("pf_col_value"), "grade": t("pf_assessment")}
    chart = Chart(index_lines, (frame, t("pf_axis_index"), titles))
    metrics = list(dict.fromkeys(workload["metric"]))
    wide = workload.pivot_table(index="year", columns="metric", values="value", aggfunc="first")
    heads = named.drop_duplicates("year").set_index("year")
    out = pd.DataFrame({"year": [str(int(y)) for y in wide.index]})
    columns = [Column("year", t("pf_col_year"))]
    for i, metric in enumerate(metrics):
        out[f"metric_{i}"] = wide[metric].to_numpy()
        columns.append(Column(f"metric_{i}", names.metric(metric), "int"))
    out["headcount"] = heads["headcount"].reindex(wide.index).to_numpy()
    out["grade"] = heads["grade"].reindex(wide.index).to_numpy()
    columns += [Column("headcount", t("pf_headcount"), "int"), Column("grade", t("pf_assessment"))]
    return chart, Table(out, tuple(columns))


def build_personnel(reader: Reader, agency_id: int, year: int, lang: str) -> Personnel:
    """The personnel structure by age and education up to ``year`` (what the profile shows;
    no retirements: those are on the 编制与用编 page)."""
    return _personnel(reader, agency_id, year, lang, retirements=False)


def _personnel(
    reader: Reader, agency_id: int, year: int, lang: str, retirements: bool = True
) -> Personnel:
    t = texts(lang)
    people = reader(personnel_structure, agency_id, year)
    bands = {
        "age_35_below": t("pf_age_35_below"),
        "age_36_45": t("pf_age_36_45"),
        "age_46_55": t("pf_age_46_55"),
        "age_56_above": t("pf_age_56_above"),
        "edu_postgrad": t("pf_edu_postgrad"),
        "edu_bachelor": t("pf_edu_bachelor"),
        "edu_college_below": t("pf_edu_college_below"),
    }
    charts: list[Chart | None] = [None, None]
    if not people.empty:
        for i, (prefix, legend) in enumerate((("age", t("pf_age")), ("edu", t("pf_edu")))):
            cols = [c for c in people.columns if c.startswith(prefix)]
            long = people.melt(id_vars="year", value_vars=cols, var_name="band", value_name="n")
            long["band"] = long["band"].map(bands)
            charts[i] = Chart(
                stacked_years, (long, [bands[c] for c in cols], t("pf_axis_people"), legend)
            )
    title = t("pf_retire_title", start=year + 1, end=year + 5)
    plan = reader(retirements_and_hires, agency_id, year) if retirements else None
    if plan is None or plan.empty:
        return Personnel(charts[0], charts[1], title, None, None)
    retire = plan["kind"] == "retirements"
    kinds = {
        "retirements": t("pf_retirements"),
        **{p.value: t("pf_hires_of", post=p.label(lang)) for p in PostType},
    }
    colours = [PALETTE[0], *(p.colour for p in PostType)]
    frame = plan.assign(
        series=[t("pf_retirements") if r else t("pf_hires") for r in retire],
        kind=[kinds.get(k, k) for k in plan["kind"]],
    )
    chart = Chart(
        retire_hire_bars,
        (frame, list(kinds.values()), colours, t("pf_axis_people"), t("pf_col_kind")),
    )
    caption = t(
        "pf_retire_caption",
        retire=fmt_int(plan.loc[retire, "n"].sum()),
        hires=fmt_int(plan.loc[~retire, "n"].sum()),
    )
    return Personnel(charts[0], charts[1], title, chart, caption)


# -- findings and rectifications -------------------------------------------------------------


def _state(state: Any, overdue: bool, closed: Any, lang: str, t: Texts) -> str:
    """'整改中', '整改中 · 逾期', '已销号（2024-05-10）', '未下发整改'."""
    text = term_label(RectState, state, lang) if state else t("pf_no_rectification")
    if overdue:
        return f"{text} · {OVERDUE.label(lang)}"
    if state == RectState.CLOSED and _day(closed) != "—":
        return t("pf_closed_on", state=text, date=_day(closed))
    return text


def _category(value: Any, lang: str) -> str:
    """A finding category; the straight-quoted spelling of “三定” (older imports) is the same
    category as the vocabulary's."""
    if isinstance(value, str) and lang == "en":
        value = value.replace('"三定"', "“三定”")
    return term_label(FindingCategory, value, lang)


def build_findings(findings: pd.DataFrame, today: dt.date, lang: str) -> Findings:
    """This agency's findings of the round (``data_access.profile_queries.agency_findings``)
    with their rectification states; 逾期 is derived there."""
    t = texts(lang)
    caption = t("pf_overdue_rule", today=today.isoformat())
    if findings.empty:
        return Findings((), None, caption)
    # 立行立改 (fixed on the spot) is not open.
    spot = findings.get("on_the_spot", pd.Series(False, index=findings.index)).astype(bool)
    open_ = (findings["state"].fillna("") != RectState.CLOSED.value) & ~spot
    kpis = (
        Kpi(t("pf_kpi_findings"), len(findings)),
        Kpi(t("pf_kpi_open"), int(open_.sum())),
        Kpi(OVERDUE.label(lang), int(findings["overdue"].sum())),
    )
    frame = pd.DataFrame(
        {
            "finding": findings["description"],
            "category": [_category(c, lang) for c in findings["category"]],
            "severity": [term_label(Severity, s, lang) for s in findings["severity"]],
            "found_by": [term_label(FindingSource, s, lang) for s in findings["source"]],
            "code": findings["indicator_code"].fillna("—"),
            "ledger": [t("pf_yes") if v else t("pf_no") for v in findings["in_ledger"]],
            "state": [
                ON_THE_SPOT.label(lang) if p else _state(s, bool(o), c, lang, t)
                for s, o, c, p in zip(
                    findings["state"], findings["overdue"], findings["closed_date"], spot
                )
            ],
            "deadline": [_day(d) for d in findings["deadline"]],
        }
    )
    table = Table(
        frame,
        (
            Column("finding", t("pf_col_finding")),
            Column("category", t("pf_col_category")),
            Column("severity", t("pf_col_severity")),
            Column("found_by", t("pf_col_found_by")),
            Column("code", t("pf_col_code")),
            Column("ledger", t("pf_col_ledger")),
            Column("state", t("pf_col_state")),
            Column("deadline", t("pf_col_deadline")),
        ),
    )
    return Findings(kpis, table, caption)

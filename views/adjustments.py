"""调整意见 Adjustment proposals as view models: the filtered list with counts by state (and
its CSV), the options of the record and move forms, and one agency's proposals for its
profile. Reads through the view's ``Reader`` (data_access.adjustments): an agency user gets
only its own agency's proposals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.adjustments import allowed_moves, list_adjustments
from data_access.names_queries import agency_names
from data_access.reader import Reader
from domain.catalog import translate
from domain.fmt import is_missing
from domain.vocab import AdjustmentState, AdjustmentType, term_label
from views.common import Column, Kpi, Table

__all__ = [
    "Filters",
    "AdjustmentList",
    "filters_from_params",
    "filters_to_params",
    "build_adjustments",
    "adjustments_csv",
    "agency_adjustments",
    "agency_options",
    "kind_options",
    "state_options",
    "move_options",
]

_BEIJING = dt.timezone(dt.timedelta(hours=8))  # times are stored in UTC
ALL = ""  # the "every …" choice of a filter


@dataclass(frozen=True)
class Filters:
    """The list's filters, as kept in the URL (``kind``, ``state``, ``agency``, ``year``)."""

    kind: str = ALL
    state: str = ALL
    agency: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class AdjustmentList:
    kpis: tuple[Kpi, ...]
    table: Table  # proposal_id and state_value hidden
    total: int  # before filtering
    agencies: dict[int, str]  # filter options (agencies having proposals)
    years: tuple[int, ...]


def filters_from_params(params: Mapping[str, str]) -> Filters:
    """Filters from URL parameters; unknown values are ignored (every …)."""
    kind = params.get("kind", ALL)
    state = params.get("state", ALL)
    agency, year = params.get("agency", ""), params.get("year", "")
    return Filters(
        kind=kind if kind in {k.value for k in AdjustmentType} else ALL,
        state=state if state in {s.value for s in AdjustmentState} else ALL,
        agency=int(agency) if agency.isdigit() else None,
        year=int(year) if year.isdigit() else None,
    )


def filters_to_params(f: Filters) -> dict[str, str]:
    """The URL parameters of ``f`` (only those set)."""
    out = {"kind": f.kind, "state": f.state}
    if f.agency is not None:
        out["agency"] = str(f.agency)
    if f.year is not None:
        out["year"] = str(f.year)
    return {k: v for k, v in out.items() if v}


def _when(value: Any) -> str:
    if value is None or is_missing(value):
        return ""
    stamp = pd.Timestamp(value).to_pydatetime().replace(tzinfo=dt.UTC)
    return stamp.astimezone(_BEIJING).strftime("%Y-%m-%d")


def _pick(zh: Any, en: Any, lang: str) -> str:
    if lang == "en" and isinstance(en, str) and en:
        return en
    return "" if is_missing(zh) else str(zh)


def _table(rows: pd.DataFrame, lang: str, with_agency: bool = True) -> Table:
    frame = pd.DataFrame(
        {
            "proposal_id": rows["proposal_id"].astype(int),
            "state_value": rows["state"].astype(str),
            "year": ["" if is_missing(y) else str(int(y)) for y in rows["year"]],
            "agency": [
                _pick(n, e, lang) for n, e in zip(rows["name"], rows["name_en"], strict=True)
            ],
            "kind": [term_label(AdjustmentType, k, lang) for k in rows["kind"]],
            "content": rows["content"].astype(str),
            "section": rows["section"].astype(str),
            "state": [term_label(AdjustmentState, s, lang) for s in rows["state"]],
            "outcome": ["" if is_missing(o) else str(o) for o in rows["outcome"]],
            "created": [_when(v) for v in rows["created_at"]],
            "updated": [_when(v) for v in rows["updated_at"]],
        }
    )
    columns = [
        Column("proposal_id", "proposal_id", "hidden"),
        Column("state_value", "state_value", "hidden"),
        Column("year", translate("adj_col_year", lang), width="small"),
    ]
    if with_agency:
        columns.append(Column("agency", translate("adj_col_agency", lang), width="medium"))
    columns += [
        Column("kind", translate("adj_col_kind", lang), width="small"),
        Column("content", translate("adj_col_content", lang), width="large"),
        Column("section", translate("adj_col_section", lang), width="small"),
        Column("state", translate("adj_col_state", lang), width="small"),
        Column("outcome", translate("adj_col_outcome", lang), width="medium"),
        Column("created", translate("adj_col_created", lang), width="small"),
        Column("updated", translate("adj_col_updated", lang), width="small"),
    ]
    return Table(frame, tuple(columns))


def build_adjustments(reader: Reader, lang: str, filters: Filters) -> AdjustmentList:
    """Every proposal the principal may see, filtered, newest first; counts by state of the
    filtered list."""
    rows = reader(list_adjustments)
    agencies = {
        int(i): _pick(n, e, lang)
        for i, n, e in rows[["agency_id", "name", "name_en"]]
        .drop_duplicates()
        .itertuples(index=False)
    }
    years = tuple(sorted({int(y) for y in rows["year"] if not is_missing(y)}, reverse=True))
    keep = pd.Series(True, index=rows.index)
    if filters.kind:
        keep &= rows["kind"] == filters.kind
    if filters.state:
        keep &= rows["state"] == filters.state
    if filters.agency is not None:
        keep &= rows["agency_id"] == filters.agency
    if filters.year is not None:
        keep &= rows["year"] == filters.year
    shown = rows[keep].reset_index(drop=True)
    counts = shown["state"].value_counts()
    kpis = (
        Kpi(translate("adj_kpi_total", lang), len(shown)),
        *(Kpi(s.label(lang), int(counts.get(s.value, 0))) for s in AdjustmentState),
    )
    return AdjustmentList(
        kpis,
        _table(shown, lang),
        len(rows),
        dict(sorted(agencies.items(), key=lambda kv: kv[1])),
        years,
    )


def adjustments_csv(listing: AdjustmentList) -> bytes:
    """The list as shown (visible columns under their labels), UTF-8 with BOM for Excel."""
    return listing.table.display().to_csv(index=False).encode("utf-8-sig")


def agency_adjustments(reader: Reader, lang: str, agency_id: int) -> Table | None:
    """One agency's proposals of every round, newest first (for its profile); None: none."""
    rows = reader(list_adjustments, None, agency_id)
    return None if rows.empty else _table(rows, lang, with_agency=False)


def agency_options(reader: Reader, round_id: int | None, lang: str) -> dict[int, str]:
    """The agencies a proposal may be recorded for: those of the round (every agency when
    None), by name."""
    rows = reader(agency_names, round_id)
    names = {
        int(i): _pick(n, e, lang)
        for i, n, e in rows[["agency_id", "name", "name_en"]].itertuples(index=False)
    }
    return dict(sorted(names.items(), key=lambda kv: kv[1]))


def kind_options(lang: str) -> dict[str, str]:
    return {k.value: k.label(lang) for k in AdjustmentType}


def state_options(lang: str) -> dict[str, str]:
    return {s.value: s.label(lang) for s in AdjustmentState}


def move_options(state: str, lang: str) -> dict[str, str]:
    """Where a proposal in ``state`` may go (empty when it is final)."""
    return {s.value: s.label(lang) for s in allowed_moves(state)}

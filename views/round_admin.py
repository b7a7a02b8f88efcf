"""评估批次 Rounds (administrators) as view models: every round with its status, agency count
and self-evaluation window; the rounds a new one may copy; the registry's agencies to choose
from and a round's current ones; the one move a round may make next. Reads through the view's
``Reader`` (data_access.round_admin: administrators only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.names_queries import agency_names
from data_access.reader import Reader
from data_access.round_admin import NEXT_STATUS, list_rounds_admin
from domain.catalog import translate
from domain.vocab import RoundStatus, term_label
from views.common import Column, Table

__all__ = ["RoundRow", "RoundsView", "build_rounds", "round_agencies", "next_status"]


@dataclass(frozen=True)
class RoundRow:
    round_id: int
    year: int
    name: str  # in the view's language
    status: str  # the stored value (准备中 / 评估中 / 已完成)
    n_agencies: int
    opens: dt.date | None
    closes: dt.date | None

    @property
    def completed(self) -> bool:
        return self.status == RoundStatus.COMPLETED.value


@dataclass(frozen=True)
class RoundsView:
    table: Table
    rounds: tuple[RoundRow, ...]  # newest first
    agencies: dict[str, str]  # the registry: full name → label in the view's language

    def row(self, year: int) -> RoundRow | None:
        return next((r for r in self.rounds if r.year == year), None)


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date()


def _pick(zh: Any, en: Any, lang: str) -> str:
    if lang == "en" and isinstance(en, str) and en:
        return en
    return "" if zh is None else str(zh)


def _window(opens: dt.date | None, closes: dt.date | None, lang: str) -> str:
    if opens is None and closes is None:
        return translate("rda_window_none", lang)
    return translate(
        "rda_window_range",
        lang,
        opens=opens.isoformat() if opens else "…",
        closes=closes.isoformat() if closes else "…",
    )


def build_rounds(reader: Reader, lang: str) -> RoundsView:
    """Every round, newest first, and the registry's agencies by name."""
    frame = reader(list_rounds_admin, lang=lang)
    rounds = tuple(
        RoundRow(
            int(r.round_id),
            int(r.year),
            _pick(r.name, r.name_en, lang),
            str(r.status),
            int(r.n_agencies),
            _date(r.self_eval_opens),
            _date(r.self_eval_closes),
        )
        for r in frame.itertuples(index=False)
    )
    table = Table(
        pd.DataFrame(
            {
                "year": [str(r.year) for r in rounds],
                "name": [r.name for r in rounds],
                "status": [term_label(RoundStatus, r.status, lang) for r in rounds],
                "n_agencies": [r.n_agencies for r in rounds],
                "window": [_window(r.opens, r.closes, lang) for r in rounds],
            }
        ),
        (
            Column("year", translate("rda_col_year", lang), width="small"),
            Column("name", translate("rda_col_name", lang), width="large"),
            Column("status", translate("rda_col_status", lang), width="small"),
            Column("n_agencies", translate("rda_col_agencies", lang), "int", width="small"),
            Column("window", translate("rda_col_window", lang), width="medium"),
        ),
    )
    names = reader(agency_names)
    agencies = {
        str(n): _pick(n, e, lang) for n, e in names[["name", "name_en"]].itertuples(index=False)
    }
    return RoundsView(table, rounds, agencies)


def round_agencies(reader: Reader, round_id: int) -> list[str]:
    """The full names of the agencies the round evaluates, in registry order."""
    return [str(n) for n in reader(agency_names, round_id)["name"]]


def next_status(status: str) -> str | None:
    """The status a round in ``status`` may move to next (None: 已完成 is final)."""
    return NEXT_STATUS.get(status)

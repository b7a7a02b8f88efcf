"""Exporting a briefing: the payload of a saved briefing (or the default one) built fresh from
the view models, frozen as an "exported" snapshot, and drawn as the PDF — one function for
the briefings page and ``manage.py briefing``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from data_access.briefings import get_briefing, list_briefings, record_snapshot
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.catalog import translate
from reports.briefing_pdf import briefing_pdf
from views.briefing import BriefingConfig, build_payload, default_config

__all__ = ["Exported", "BriefingNotFound", "briefing_config", "export_briefing"]


class BriefingNotFound(LookupError):
    """No briefing of that name in the round (message localized)."""


@dataclass(frozen=True)
class Exported:
    pdf: bytes
    snapshot_id: int
    payload: dict[str, Any]


def briefing_config(
    reader: Reader, rnd: RoundRef, name: str | None, lang: str
) -> tuple[str, BriefingConfig, int | None]:
    """The name, configuration and id of the round's briefing ``name``; without a name the
    default briefing (the standard slides, key oversight targets as agency slides)."""
    if name is None:
        return translate("br_default_name", lang, year=rnd.year), default_config(reader, rnd), None
    found = reader(list_briefings, rnd.round_id)
    match = found[found["name"] == name]
    if match.empty:
        raise BriefingNotFound(translate("br_err_briefing_name", lang, year=rnd.year, name=name))
    row = reader(get_briefing, int(match.iloc[0]["briefing_id"]))
    assert row is not None
    return str(row["name"]), BriefingConfig.from_json(row["config"], lang), int(row["briefing_id"])


def export_briefing(
    reader: Reader,
    rnd: RoundRef,
    lang: str,
    name: str | None = None,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Exported:
    """Build the briefing's payload now, record it as an exported snapshot (who: the
    reader's principal), and draw its PDF."""
    title, config, briefing_id = briefing_config(reader, rnd, name, lang)
    moment = now or dt.datetime.now()
    payload = build_payload(
        reader, rnd, lang, config, name=title, today=today or moment.date(), now=moment
    )
    snapshot_id = record_snapshot(
        reader.engine,
        rnd.round_id,
        title,
        "exported",
        payload,
        principal=reader.principal,
        briefing_id=briefing_id,
        lang=lang,
    )
    return Exported(briefing_pdf(payload), snapshot_id, payload)

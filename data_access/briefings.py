"""汇报材料 Briefings and their "as presented" snapshots.

A briefing belongs to a round: a name and a configuration (the ordered slide list and the
chosen agencies, as JSON; views.briefing checks it). A snapshot freezes a briefing's whole
slide payload when it is presented or exported, with who and when; nothing ever updates a
snapshot, so later imports leave it as it was.

Who may do what (checked here, not only by the page): office staff and administrators read
and write briefings; leaders read briefings and snapshots and may present (which records a
snapshot); an agency user may do nothing here. Every write is audited (``scored=False``: a
briefing changes no scored figure, so no stored round result is invalidated).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert, select, update

from data_access.audit import record_write
from data_access.db import read_frame
from data_access.models import Briefing, BriefingSnapshot, EvaluationRound, RoundAgency
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.vocab import Role

__all__ = [
    "NAME_LIMIT",
    "SNAPSHOT_KINDS",
    "BriefingRefused",
    "list_briefings",
    "get_briefing",
    "list_snapshots",
    "get_snapshot",
    "save_briefing",
    "copy_previous_briefings",
    "record_snapshot",
]

NAME_LIMIT = 80
SNAPSHOT_KINDS = ("presented", "exported")
_WRITERS = (Role.STAFF, Role.ADMIN)
_READERS = (Role.LEADER, Role.STAFF, Role.ADMIN)


class BriefingRefused(ValueError):
    """Nothing was written; the message says why, in the user's language."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _require(principal: Principal, roles: tuple[Role, ...], key: str, lang: str) -> None:
    if principal.role not in roles:
        raise AccessDenied(translate(key, lang))


def list_briefings(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: briefing_id, round_id, name, config (dict), created_by, created_at,
    updated_by, updated_at — the round's briefings by name. Office roles only."""
    _require(principal, _READERS, "br_err_read_denied", "zh")
    stmt = (
        select(
            Briefing.id.label("briefing_id"),
            Briefing.round_id,
            Briefing.name,
            Briefing.config,
            Briefing.created_by,
            Briefing.created_at,
            Briefing.updated_by,
            Briefing.updated_at,
        )
        .where(Briefing.round_id == round_id)
        .order_by(Briefing.name, Briefing.id)
    )
    return read_frame(engine, stmt)


def get_briefing(engine: Engine, principal: Principal, briefing_id: int) -> dict[str, Any] | None:
    """One briefing as a dict (the columns of ``list_briefings``), or None. Office roles."""
    _require(principal, _READERS, "br_err_read_denied", "zh")
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(
                    Briefing.id.label("briefing_id"),
                    Briefing.round_id,
                    Briefing.name,
                    Briefing.config,
                    Briefing.created_by,
                    Briefing.created_at,
                    Briefing.updated_by,
                    Briefing.updated_at,
                ).where(Briefing.id == briefing_id)
            )
            .mappings()
            .first()
        )
    return dict(row) if row is not None else None


def list_snapshots(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: snapshot_id, briefing_id, briefing_name, kind, username, at, lang — the
    round's snapshots, newest first (without their payloads). Office roles only."""
    _require(principal, _READERS, "br_err_read_denied", "zh")
    stmt = (
        select(
            BriefingSnapshot.id.label("snapshot_id"),
            BriefingSnapshot.briefing_id,
            BriefingSnapshot.briefing_name,
            BriefingSnapshot.kind,
            BriefingSnapshot.username,
            BriefingSnapshot.at,
            BriefingSnapshot.lang,
        )
        .where(BriefingSnapshot.round_id == round_id)
        .order_by(BriefingSnapshot.at.desc(), BriefingSnapshot.id.desc())
    )
    return read_frame(engine, stmt)


def get_snapshot(engine: Engine, principal: Principal, snapshot_id: int) -> dict[str, Any] | None:
    """One snapshot with its frozen ``payload``, or None. Office roles only."""
    _require(principal, _READERS, "br_err_read_denied", "zh")
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(
                    BriefingSnapshot.id.label("snapshot_id"),
                    BriefingSnapshot.briefing_id,
                    BriefingSnapshot.round_id,
                    BriefingSnapshot.briefing_name,
                    BriefingSnapshot.kind,
                    BriefingSnapshot.username,
                    BriefingSnapshot.at,
                    BriefingSnapshot.lang,
                    BriefingSnapshot.payload,
                ).where(BriefingSnapshot.id == snapshot_id)
            )
            .mappings()
            .first()
        )
    return dict(row) if row is not None else None


def _clean_name(name: str, lang: str) -> str:
    text = (name or "").strip()
    if not text or len(text) > NAME_LIMIT:
        raise BriefingRefused(translate("br_err_name", lang, n=NAME_LIMIT))
    return text


def save_briefing(
    engine: Engine,
    round_id: int,
    name: str,
    config: dict[str, Any],
    *,
    principal: Principal,
    briefing_id: int | None = None,
    lang: str = "zh",
) -> int:
    """Create a briefing (``briefing_id`` None) or replace an existing one's name and
    configuration; returns its id. Office staff and administrators only; a name is unique
    within the round."""
    _require(principal, _WRITERS, "br_err_denied", lang)
    text = _clean_name(name, lang)
    if not isinstance(config, dict):
        raise BriefingRefused(translate("br_err_config", lang))
    with engine.begin() as conn:
        if (
            conn.execute(select(EvaluationRound.id).where(EvaluationRound.id == round_id)).first()
            is None
        ):
            raise BriefingRefused(translate("br_err_missing", lang))
        clash = conn.execute(
            select(Briefing.id).where(Briefing.round_id == round_id, Briefing.name == text)
        ).scalar()
        if clash is not None and clash != briefing_id:
            raise BriefingRefused(translate("br_err_name_taken", lang, name=text))
        now = _now()
        if briefing_id is None:
            values = {
                "round_id": round_id,
                "name": text,
                "config": config,
                "created_by": principal.username,
                "created_at": now,
            }
            pk = conn.execute(insert(Briefing).values(values)).inserted_primary_key
            assert pk is not None
            briefing_id = int(pk[0])
            before = None
        else:
            old = conn.execute(
                select(Briefing.name, Briefing.config).where(
                    Briefing.id == briefing_id, Briefing.round_id == round_id
                )
            ).first()
            if old is None:
                raise BriefingRefused(translate("br_err_missing", lang))
            before = {"name": old.name, "config": old.config}
            conn.execute(
                update(Briefing)
                .where(Briefing.id == briefing_id)
                .values(name=text, config=config, updated_by=principal.username, updated_at=now)
            )
        record_write(
            conn,
            principal.username,
            "briefing.save",
            "briefing",
            briefing_id,
            before,
            {"round_id": round_id, "name": text, "config": config},
            scored=False,
        )
    return briefing_id


def copy_previous_briefings(
    engine: Engine, round_id: int, *, principal: Principal, lang: str = "zh"
) -> int:
    """Copy the briefings of the round before ``round_id`` (by year) into it: the same slide
    lists, and of the chosen agencies those evaluated in this round too. A name this round
    already has is skipped. Returns how many were copied."""
    _require(principal, _WRITERS, "br_err_denied", lang)
    with engine.begin() as conn:
        year = conn.execute(
            select(EvaluationRound.year).where(EvaluationRound.id == round_id)
        ).scalar()
        if year is None:
            raise BriefingRefused(translate("br_err_missing", lang))
        prev = conn.execute(
            select(EvaluationRound.id)
            .where(EvaluationRound.year < year)
            .order_by(EvaluationRound.year.desc())
            .limit(1)
        ).scalar()
        if prev is None:
            return 0
        evaluated = set(
            conn.execute(select(RoundAgency.agency_id).where(RoundAgency.round_id == round_id))
            .scalars()
            .all()
        )
        have = set(
            conn.execute(select(Briefing.name).where(Briefing.round_id == round_id)).scalars()
        )
        copied = 0
        rows = conn.execute(
            select(Briefing.id, Briefing.name, Briefing.config)
            .where(Briefing.round_id == prev)
            .order_by(Briefing.id)
        ).all()
        for row in rows:
            if row.name in have:
                continue
            config = dict(row.config or {})
            config["agencies"] = [a for a in config.get("agencies", []) if a in evaluated]
            pk = conn.execute(
                insert(Briefing).values(
                    round_id=round_id,
                    name=row.name,
                    config=config,
                    created_by=principal.username,
                    created_at=_now(),
                )
            ).inserted_primary_key
            assert pk is not None
            record_write(
                conn,
                principal.username,
                "briefing.copy",
                "briefing",
                int(pk[0]),
                None,
                {"round_id": round_id, "name": row.name, "from": int(row.id), "config": config},
                scored=False,
            )
            copied += 1
    return copied


def record_snapshot(
    engine: Engine,
    round_id: int,
    briefing_name: str,
    kind: str,
    payload: dict[str, Any],
    *,
    principal: Principal,
    briefing_id: int | None = None,
    lang: str = "zh",
) -> int:
    """Freeze ``payload`` as presented or exported (``kind``) by ``principal`` now; returns
    the snapshot's id. Leaders, office staff and administrators (presenting is a leader's
    job too); the command line records under its own name."""
    _require(principal, _READERS, "br_err_read_denied", lang)
    if kind not in SNAPSHOT_KINDS:
        raise BriefingRefused(translate("br_err_config", lang))
    with engine.begin() as conn:
        values = {
            "briefing_id": briefing_id,
            "round_id": round_id,
            "briefing_name": _clean_name(briefing_name, lang),
            "kind": kind,
            "username": principal.username,
            "at": _now(),
            "lang": str(payload.get("lang", lang)),
            "payload": payload,
        }
        pk = conn.execute(insert(BriefingSnapshot).values(values)).inserted_primary_key
        assert pk is not None
        snapshot_id = int(pk[0])
        record_write(
            conn,
            principal.username,
            f"briefing.{kind}",
            "briefing_snapshot",
            snapshot_id,
            None,
            {"briefing_id": briefing_id, "round_id": round_id, "name": briefing_name},
            scored=False,
        )
    return snapshot_id

"""Evaluation rounds: the configuration stored with each round, frozen once it is completed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from data_access.audit import record_write
from data_access.models import EvaluationRound
from domain.catalog import translate as message
from scoring import RoundConfig

__all__ = [
    "COMPLETED",
    "ROUND_STATES",
    "RoundFrozen",
    "ensure_round_open",
    "update_round_config",
    "set_round_status",
]

COMPLETED = "已完成"
ROUND_STATES = ("准备中", "评估中", COMPLETED)


class RoundFrozen(PermissionError):
    """The round is completed: scores, indicators and configuration may not change."""


def ensure_round_open(engine_or_conn: Engine | Connection, round_id: int, lang: str = "zh") -> None:
    """Raise RoundFrozen when the round is completed."""
    stmt = select(EvaluationRound.name, EvaluationRound.status).where(
        EvaluationRound.id == round_id
    )
    if isinstance(engine_or_conn, Engine):
        with engine_or_conn.connect() as conn:
            row = conn.execute(stmt).first()
    else:
        row = engine_or_conn.execute(stmt).first()
    if row is not None and row.status == COMPLETED:
        raise RoundFrozen(message("round_frozen", lang, round=row.name))


def update_round_config(
    engine: Engine, round_id: int, changes: dict[str, Any], actor: str, lang: str = "zh"
) -> RoundConfig:
    """Apply `changes` to the round's stored configuration (validated by RoundConfig)."""
    with engine.begin() as conn:
        ensure_round_open(conn, round_id, lang)
        before = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.id == round_id)
        ).scalar_one()
        config = RoundConfig.from_dict({**(before or {}), **changes})
        after = config.to_dict()
        conn.execute(
            update(EvaluationRound).where(EvaluationRound.id == round_id).values(config=after)
        )
        record_write(
            conn,
            actor,
            "round.config",
            "evaluation_round",
            round_id,
            before=before,
            after=after,
            round_id=round_id,
        )
    return config


def set_round_status(
    engine: Engine, round_id: int, status: str, actor: str, lang: str = "zh"
) -> None:
    """Move a round between 准备中 / 评估中 / 已完成; a completed round stays completed."""
    if status not in ROUND_STATES:
        raise ValueError(f"unknown round status {status!r}")
    with engine.begin() as conn:
        ensure_round_open(conn, round_id, lang)
        conn.execute(
            update(EvaluationRound)
            .where(EvaluationRound.id == round_id)
            .values(
                status=status,
                completed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)
                if status == COMPLETED
                else None,
            )
        )
        record_write(
            conn,
            actor,
            "round.status",
            "evaluation_round",
            round_id,
            after={"status": status},
            round_id=round_id,
        )

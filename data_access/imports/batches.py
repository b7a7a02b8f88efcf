"""Import batches after the fact: the history (``list_batches``) and ``undo_batch``, which
restores exactly the state before a batch — refused, with the reason, when a later batch changed
the same rows or a row changed since."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, select, update

from data_access.audit import record_write
from data_access.db import frame
from data_access.imports.engine import ImportRefused, _differs, _now, _require, can_import
from data_access.imports.kind import Context, Kind
from data_access.models import EvaluationRound, ImportBatch, ImportChange
from data_access.scope import Principal
from domain.catalog import translate
from domain.vocab import RoundStatus

__all__ = ["undo_batch", "list_batches"]


def undo_batch(
    engine: Engine, principal: Principal, batch_id: int, kinds: dict[str, Kind], lang: str = "zh"
) -> int:
    """Restore exactly the state before batch ``batch_id``; the number of rows restored.
    Refused when a later batch changed the same rows, or a row changed since."""
    _require(principal, lang)
    with engine.begin() as conn:
        batch = conn.execute(select(ImportBatch).where(ImportBatch.id == batch_id)).first()
        if batch is None:
            raise ImportRefused(translate("imp_undo_unknown", lang, id=batch_id))
        if batch.undone_at is not None:
            raise ImportRefused(translate("imp_undo_done", lang, id=batch_id))
        kind = kinds[batch.kind]
        ctx = Context(conn, lang, round_id=batch.round_id)
        if batch.round_id is not None:
            status = conn.execute(
                select(EvaluationRound.status, EvaluationRound.name).where(
                    EvaluationRound.id == batch.round_id
                )
            ).first()
            if status is not None and status.status == RoundStatus.COMPLETED:
                raise ImportRefused(translate("round_frozen", lang, round=status.name))
        changes = conn.execute(
            select(ImportChange)
            .where(ImportChange.batch_id == batch_id)
            .order_by(ImportChange.id.desc())
        ).all()
        keys = [c.row_key for c in changes]
        later = (
            conn.execute(
                select(ImportChange.batch_id)
                .distinct()
                .join(ImportBatch, ImportBatch.id == ImportChange.batch_id)
                .where(
                    ImportChange.batch_id > batch_id,
                    ImportBatch.undone_at.is_(None),
                    ImportChange.entity == kind.entity,
                    ImportChange.row_key.in_(keys),
                )
            )
            .scalars()
            .all()
            if keys
            else []
        )
        if later:
            raise ImportRefused(
                translate(
                    "imp_undo_later",
                    lang,
                    id=batch_id,
                    later="、".join(f"#{b}" for b in sorted(later)),
                )
            )
        parsed = [(tuple(json.loads(c.row_key)), c.before, c.after) for c in changes]
        current = kind.existing(ctx, [k for k, _, _ in parsed])
        for key, _, after in parsed:
            if after is None:  # a removed row: it must still be absent
                if key in current and kind.stored(current[key]):
                    raise ImportRefused(translate("imp_undo_changed", lang, id=batch_id))
            elif key not in current or _differs(current[key], after):
                raise ImportRefused(translate("imp_undo_changed", lang, id=batch_id))
        for key, before, after in parsed:
            if before is None:
                kind.remove(ctx, key)
            else:
                kind.write(ctx, key, before, current.get(key) if after is not None else None)
        conn.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id)
            .values(undone_at=_now(), undone_by=principal.username)
        )
        record_write(
            conn,
            principal.username,
            "import.undo",
            "import_batch",
            batch_id,
            after={"rows": len(parsed)},
            round_id=batch.round_id if kind.needs_round and kind.round_only else None,
        )
    return len(parsed)


def list_batches(engine: Engine, principal: Principal, limit: int = 200) -> pd.DataFrame:
    """Columns: batch_id, kind, round_id, filename, sha256, username, at, new, changed,
    unchanged, undone_at — newest first (office staff and administrators only)."""
    if not can_import(principal):
        return pd.DataFrame(
            columns=[
                "batch_id",
                "kind",
                "round_id",
                "filename",
                "sha256",
                "username",
                "at",
                "new",
                "changed",
                "unchanged",
                "undone_at",
            ]
        )
    b = ImportBatch
    with engine.connect() as conn:
        out = frame(
            conn,
            select(
                b.id.label("batch_id"),
                b.kind,
                b.round_id,
                b.filename,
                b.sha256,
                b.username,
                b.at,
                b.counts,
                b.undone_at,
            )
            .order_by(b.id.desc())
            .limit(limit),
        )
    for k in ("new", "changed", "unchanged"):
        out[k] = [int((c or {}).get(k, 0)) for c in out["counts"]]
    return out.drop(columns="counts")

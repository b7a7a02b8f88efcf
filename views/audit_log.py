"""审计日志 Audit log as view models: the entries filtered by user, action, table and date range
(the filters as kept in the URL), an entry's before/after as a diff of the changed fields, and
the CSV of the filtered list. Reads through the view's ``Reader``
(data_access.audit_queries: administrators only).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.audit_queries import (
    MAX_ENTRIES,
    AuditOptions,
    audit_filter_options,
    list_audit_entries,
)
from data_access.reader import Reader
from domain.catalog import translate
from views.common import Column, Table

__all__ = [
    "AuditFilters",
    "AuditLogView",
    "filters_from_params",
    "filters_to_params",
    "build_audit_log",
    "entry_diff",
    "audit_csv",
    "audit_frame",
    "format_value",
]

_BEIJING = dt.timezone(dt.timedelta(hours=8))  # the log stores UTC
_SUMMARY_FIELDS = 4  # changed fields named in the list's column, then "…"


@dataclass(frozen=True)
class AuditFilters:
    """The filters as kept in the URL (``user``, ``action``, ``entity``, ``from``, ``to``)."""

    user: str = ""
    action: str = ""
    entity: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class AuditLogView:
    table: Table  # entry_id hidden; newest first
    truncated: bool  # more entries match than MAX_ENTRIES
    options: AuditOptions
    changes: dict[int, tuple[dict[str, Any] | None, dict[str, Any] | None]]  # id → before, after


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from_params(params: Mapping[str, str]) -> AuditFilters:
    """Filters from URL parameters; a date that does not parse is ignored."""
    return AuditFilters(
        user=params.get("user", ""),
        action=params.get("action", ""),
        entity=params.get("entity", ""),
        since=_date(params.get("from")),
        until=_date(params.get("to")),
    )


def filters_to_params(f: AuditFilters) -> dict[str, str]:
    """The URL parameters of ``f`` (only those set)."""
    out = {"user": f.user, "action": f.action, "entity": f.entity}
    if f.since is not None:
        out["from"] = f.since.isoformat()
    if f.until is not None:
        out["to"] = f.until.isoformat()
    return {k: v for k, v in out.items() if v}


def format_value(value: Any) -> str:
    """One stored value as text: '—' for none, JSON (Chinese kept) for lists and objects."""
    if value is None:
        return "—"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flatten(value: Mapping[str, Any] | None, prefix: str = "") -> dict[str, Any]:
    """Nested objects as dotted field names: {"a": {"b": 1}} → {"a.b": 1}."""
    out: dict[str, Any] = {}
    for key, item in (value or {}).items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping) and item:
            out |= _flatten(item, f"{name}.")
        else:
            out[name] = item
    return out


def _changed(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field whose value differs (a field one side lacks
    counts as null), in the order the after (then the before) names them."""
    old, new = _flatten(before), _flatten(after)
    fields = list(new) + [k for k in old if k not in new]
    out = []
    for name in fields:
        a, b = old.get(name), new.get(name)  # absent and null read the same
        if a != b:
            out.append((name, a, b))
    return out


def entry_diff(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, lang: str
) -> Table:
    """The changed fields of one entry: field, before, after (a field only one side has shows
    '—' on the other); empty when the entry carries no values."""
    rows = _changed(before, after)
    frame = pd.DataFrame(
        {
            "field": [r[0] for r in rows],
            "before": [format_value(r[1]) for r in rows],
            "after": [format_value(r[2]) for r in rows],
        }
    )
    return Table(
        frame,
        (
            Column("field", translate("aud_col_field", lang), width="small"),
            Column("before", translate("aud_col_before", lang), width="large"),
            Column("after", translate("aud_col_after", lang), width="large"),
        ),
    )


def _when(value: Any) -> str:
    stamp = pd.Timestamp(value).to_pydatetime().replace(tzinfo=dt.UTC)
    return stamp.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _summary(before: Any, after: Any) -> str:
    names = [r[0] for r in _changed(before, after)]
    more = "…" if len(names) > _SUMMARY_FIELDS else ""
    return ", ".join(names[:_SUMMARY_FIELDS]) + more


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def build_audit_log(reader: Reader, lang: str, filters: AuditFilters) -> AuditLogView:
    """The entries matching ``filters``, newest first, with the changed fields named."""
    rows = reader(
        list_audit_entries,
        username=filters.user or None,
        action=filters.action or None,
        entity=filters.entity or None,
        since=filters.since,
        until=filters.until,
        lang=lang,
    )
    truncated = len(rows) > MAX_ENTRIES
    rows = rows.head(MAX_ENTRIES)
    befores, afters = list(rows["before"]), list(rows["after"])
    frame = pd.DataFrame(
        {
            "entry_id": rows["entry_id"].astype(int),
            "at": [_when(v) for v in rows["at"]],
            "user": [_text(v) for v in rows["username"]],
            "action": [_text(v) for v in rows["action"]],
            "entity": [_text(v) for v in rows["entity"]],
            "entity_id": [_text(v) for v in rows["entity_id"]],
            "changed": [_summary(b, a) for b, a in zip(befores, afters, strict=True)],
            "before_json": [format_value(b) if b else "" for b in befores],
            "after_json": [format_value(a) if a else "" for a in afters],
        }
    )
    table = Table(
        frame,
        (
            Column("entry_id", "entry_id", "hidden"),
            Column("at", translate("aud_col_at", lang), width="medium"),
            Column("user", translate("aud_col_user", lang), width="small"),
            Column("action", translate("aud_col_action", lang), width="medium"),
            Column("entity", translate("aud_col_entity", lang), width="medium"),
            Column("entity_id", translate("aud_col_entity_id", lang), width="small"),
            Column("changed", translate("aud_col_changed", lang), width="large"),
            Column("before_json", "before_json", "hidden"),
            Column("after_json", "after_json", "hidden"),
        ),
    )
    changes = {
        int(i): (b or None, a or None)
        for i, b, a in zip(rows["entry_id"], befores, afters, strict=True)
    }
    return AuditLogView(table, truncated, reader(audit_filter_options, lang=lang), changes)


def audit_frame(view: AuditLogView, lang: str) -> pd.DataFrame:
    """The filtered list with each entry's before and after (JSON), as exported."""
    out = view.table.display()
    out[translate("aud_col_before", lang)] = view.table.frame["before_json"].to_numpy()
    out[translate("aud_col_after", lang)] = view.table.frame["after_json"].to_numpy()
    return out


def audit_csv(view: AuditLogView, lang: str) -> bytes:
    """The filtered list with each entry's before and after (JSON), UTF-8 with BOM for
    Excel."""
    return audit_frame(view, lang).to_csv(index=False).encode("utf-8-sig")

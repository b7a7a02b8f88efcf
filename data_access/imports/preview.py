"""What an import found, as lines a person reads (the command's --dry-run, the page's
preview): '第 5 行：新增', '第 7 行：更新 行政编制 30 → 32', '删除 A1a'. Pure."""

from __future__ import annotations

from data_access.imports.engine import ImportResult
from data_access.imports.kind import Kind
from domain.catalog import translate

__all__ = ["change_lines", "shown"]


def shown(value: object) -> str:
    """A stored value as a cell shows it: '—' for none, 30 rather than 30.0."""
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def change_lines(result: ImportResult, kind: Kind, lang: str) -> list[str]:
    """One line per new, changed and removed row; a changed row names each changed column
    with its value before and after."""
    headers = {c.key: c.header(lang) for c in kind.columns}
    lines = [translate("imp_change_new", lang, row=c.row) for c in result.new]
    for c in result.changed:
        before = c.before or {}
        fields = "；".join(
            f"{headers.get(k, k)} {shown(before.get(k))} → {shown(v)}"
            for k, v in c.after.items()
            if before.get(k) != v
        )
        lines.append(translate("imp_change_changed", lang, row=c.row, fields=fields))
    lines += [
        translate("imp_change_removed", lang, code="/".join(str(k) for k in r.key))
        for r in result.removed
    ]
    return lines

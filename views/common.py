"""What every view model is made of: KPI cards and tables described as plain data, so the
pages (through ui/), the presentation mode and the briefing PDF draw the same thing.

Pure: no streamlit. Numbers stay numbers in ``Table.frame`` (exports keep them); ``Column``
says how to show each one; labels are already in the view's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

__all__ = ["Kpi", "Column", "Table", "ColumnKind", "DeltaColor"]

DeltaColor = Literal["normal", "inverse", "off"]
ColumnKind = Literal["text", "int", "number", "percent", "hidden"]


@dataclass(frozen=True)
class Kpi:
    """One metric card: label, value (a number, or text already formatted), an optional caption
    under it and a change (text such as '+1.2'; ``delta_color`` 'inverse' when up is bad)."""

    label: str
    value: float | int | str | None
    caption: str | None = None
    delta: str | None = None
    delta_color: DeltaColor = "normal"


@dataclass(frozen=True)
class Column:
    """One column of a ``Table``: the frame's column ``key``, its translated ``label``, how it
    is shown (``number`` and ``percent`` to one decimal; ``percent`` holds 0–100 values;
    ``hidden`` keeps an id for selection), and optional width, help, pinning and alignment."""

    key: str
    label: str
    kind: ColumnKind = "text"
    width: int | Literal["small", "medium", "large"] | None = None
    help: str | None = None
    pinned: bool = False
    align: Literal["left", "center", "right"] | None = None  # e.g. numbers shown as text


@dataclass(frozen=True)
class Table:
    """A table of a view: raw values in ``frame`` (columns named by ``Column.key``) and how to
    show them. ``display()`` gives the visible columns under their labels (for CSV, XLSX and
    the PDF)."""

    frame: pd.DataFrame
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        missing = [c.key for c in self.columns if c.key not in self.frame.columns]
        if missing:
            raise ValueError(f"Table columns not in the frame: {missing}")

    @property
    def empty(self) -> bool:
        return self.frame.empty

    def __len__(self) -> int:
        return len(self.frame)

    def visible(self) -> Sequence[Column]:
        return [c for c in self.columns if c.kind != "hidden"]

    def display(self) -> pd.DataFrame:
        cols = self.visible()
        return self.frame[[c.key for c in cols]].rename(columns={c.key: c.label for c in cols})

    def column(self, key: str) -> pd.Series:
        return self.frame[key]

"""The indicator tree as a table (DOMAIN §3), validated once up front.

Rows carry ``code, parent, level, name, max_points, source, eval_point``. The root
(``ROOT``, level 0) is implicit: its maximum is the sum of the level-1 maxima. Leaves carry a
source string such as ``team`` or ``external[党建,人事]``; inner nodes carry none. The shipped
defaults also carry ``name_en`` and ``eval_point_en`` (stored with a round for English mode);
scoring ignores them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from scoring.tree_defaults import (
    DEFAULT_COMMON_TREE,
    DEFAULT_INDIVIDUAL_INDICATORS,
    DEFAULT_PRIMARY_WORKLOAD,
)

__all__ = [
    "DEFAULT_COMMON_TREE",
    "DEFAULT_INDIVIDUAL_INDICATORS",
    "DEFAULT_PRIMARY_WORKLOAD",
    "ROOT_CODE",
    "ROOT_NAME",
    "ROOT_NAME_EN",
    "TREE_COLUMNS",
    "IndicatorTree",
    "LeafSource",
    "SourceKind",
    "TreeError",
    "build_tree",
    "parse_source",
]

ROOT_CODE = "ROOT"
ROOT_NAME = "共性指标"
ROOT_NAME_EN = "Common indicators"
TREE_COLUMNS = ("code", "parent", "level", "name", "max_points", "source", "eval_point")

SourceKind = Literal["team", "deduct", "external", "survey", "computed"]
_KINDS = ("team", "deduct", "external", "survey", "computed")
_COMPUTED = ("usage", "staffing-peer", "workload-peer")


class TreeError(ValueError):
    """An indicator table that cannot be scored; the message names the offending code."""


@dataclass(frozen=True)
class LeafSource:
    """Where a leaf's score comes from: ``kind`` plus its bracketed arguments."""

    kind: SourceKind
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.kind}[{','.join(self.args)}]" if self.args else self.kind


def parse_source(s: str) -> LeafSource:
    """Parse ``kind`` or ``kind[a, b]``; arguments are stripped of surrounding spaces."""
    if not isinstance(s, str) or not s.strip():
        raise ValueError(f"empty source {s!r}")
    text = s.strip()
    if "[" in text:
        if not text.endswith("]") or text.count("[") != 1 or text.count("]") != 1:
            raise ValueError(f"malformed source {s!r}")
        kind, rest = text[:-1].split("[", 1)
        args = tuple(a.strip() for a in rest.split(","))
        if any(not a for a in args):
            raise ValueError(f"empty argument in source {s!r}")
    else:
        kind, args = text, ()
    kind = kind.strip()
    if kind not in _KINDS:
        raise ValueError(f"unknown source type {kind!r} in {s!r}; expected one of {_KINDS}")
    if kind in ("team", "deduct") and args:
        raise ValueError(f"source {kind!r} takes no arguments (got {s!r})")
    if kind == "external" and not args:
        raise ValueError(f"external source needs at least one matter (got {s!r})")
    if kind == "survey" and len(args) != 1:
        raise ValueError(f"survey source needs exactly one questionnaire (got {s!r})")
    if kind == "computed" and (len(args) != 1 or args[0] not in _COMPUTED):
        raise ValueError(f"computed source must be one of {_COMPUTED} (got {s!r})")
    return LeafSource(kind=kind, args=args)  # type: ignore[arg-type]


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
        or value is pd.NA
    )


class IndicatorTree:
    """A validated indicator tree; build it with :func:`build_tree`."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = {r["code"]: r for r in rows}
        # Children keep the table's row order; a child may come before its parent.
        self._children: dict[str, list[str]] = {ROOT_CODE: [], **{r["code"]: [] for r in rows}}
        for r in rows:
            self._children[r["parent"] or ROOT_CODE].append(r["code"])
        self._sources = {
            r["code"]: parse_source(r["source"]) for r in rows if r["source"] is not None
        }
        self.root_max = math.fsum(self._rows[c]["max_points"] for c in self._children[ROOT_CODE])
        # Depth-first order (root first) so tables read like the tree.
        order: list[str] = []

        def visit(code: str) -> None:
            order.append(code)
            for child in self._children[code]:
                visit(child)

        visit(ROOT_CODE)
        self._order = tuple(order)

    @property
    def codes(self) -> tuple[str, ...]:
        """All codes in depth-first order, excluding the implicit root."""
        return self._order[1:]

    def leaves(self) -> list[str]:
        return [c for c in self.codes if not self._children[c]]

    def children(self, code: str) -> list[str]:
        self._check(code)
        return list(self._children[code])

    def parent(self, code: str) -> str | None:
        """The parent's code: ``ROOT`` for level-1 nodes, ``None`` for the root."""
        self._check(code)
        return None if code == ROOT_CODE else (self._rows[code]["parent"] or ROOT_CODE)

    def max_points(self, code: str) -> float:
        self._check(code)
        return self.root_max if code == ROOT_CODE else float(self._rows[code]["max_points"])

    def level(self, code: str) -> int:
        self._check(code)
        return 0 if code == ROOT_CODE else int(self._rows[code]["level"])

    def name(self, code: str) -> str:
        self._check(code)
        return ROOT_NAME if code == ROOT_CODE else str(self._rows[code]["name"])

    def eval_point(self, code: str) -> str | None:
        self._check(code)
        return None if code == ROOT_CODE else self._rows[code]["eval_point"]

    def source(self, code: str) -> LeafSource | None:
        """The parsed source of a leaf; ``None`` for inner nodes."""
        self._check(code)
        return self._sources.get(code)

    def leaf_source(self, code: str) -> LeafSource:
        """The parsed source of a leaf; ``KeyError`` for an inner node."""
        source = self.source(code)
        if source is None:
            raise KeyError(f"indicator {code!r} is not a leaf")
        return source

    def is_leaf(self, code: str) -> bool:
        self._check(code)
        return not self._children[code]

    def to_frame(self) -> pd.DataFrame:
        """The table with the ROOT row first; level-1 rows name ``ROOT`` as parent."""
        records = [
            {
                "code": ROOT_CODE,
                "parent": None,
                "level": 0,
                "name": ROOT_NAME,
                "max_points": self.root_max,
                "source": None,
                "eval_point": None,
            }
        ]
        for code in self.codes:
            r = dict(self._rows[code])
            r["parent"] = r["parent"] or ROOT_CODE
            records.append(r)
        return pd.DataFrame.from_records(records, columns=list(TREE_COLUMNS))

    def _check(self, code: str) -> None:
        if code not in self._children:
            raise KeyError(f"unknown indicator code {code!r}")

    def __repr__(self) -> str:
        return f"IndicatorTree({len(self.codes)} nodes, {len(self.leaves())} leaves)"


def _records(data: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(data, pd.DataFrame):
        missing = [c for c in TREE_COLUMNS[:6] if c not in data.columns]
        if missing:
            raise TreeError(f"indicator table lacks columns {missing}")
        return [dict(r) for r in data.to_dict("records")]
    return [dict(r) for r in data]


def build_tree(data: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None) -> IndicatorTree:
    """Validate an indicator table (DataFrame or records) and return the tree.

    Raises :class:`TreeError` for duplicate codes, a missing parent, a level that is not the
    parent's level + 1, a leaf without a source, an inner node with a source, an unknown
    source type, or children whose max points do not add up to the parent's (±1e-9).
    ``None`` builds :data:`DEFAULT_COMMON_TREE`. A ``ROOT`` row (as from ``to_frame``) is
    accepted and ignored; its children may name ``ROOT`` or nothing as parent.
    """
    raw = _records(DEFAULT_COMMON_TREE if data is None else data)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in raw:
        for col in TREE_COLUMNS[:6]:
            if col not in r:
                raise TreeError(f"indicator row {r!r} lacks column {col!r}")
        if _blank(r["code"]):
            raise TreeError(f"indicator row with an empty code: {r!r}")
        code = str(r["code"]).strip()
        if code == ROOT_CODE:
            continue
        if code in seen:
            raise TreeError(f"duplicate indicator code {code!r}")
        seen.add(code)
        parent = None if _blank(r["parent"]) else str(r["parent"]).strip()
        try:
            level = int(r["level"])
            max_points = float(r["max_points"])
        except (TypeError, ValueError):
            raise TreeError(f"indicator {code!r}: level and max_points must be numbers") from None
        if level != r["level"] or not math.isfinite(max_points) or max_points <= 0:
            raise TreeError(
                f"indicator {code!r}: level must be an integer and max_points a positive number "
                f"(got level={r['level']!r}, max_points={r['max_points']!r})"
            )
        source = None if _blank(r["source"]) else str(r["source"]).strip()
        eval_point = r.get("eval_point")
        rows.append(
            {
                "code": code,
                "parent": None if parent == ROOT_CODE else parent,
                "level": level,
                "name": str(r["name"]),
                "max_points": max_points,
                "source": source,
                "eval_point": None if _blank(eval_point) else eval_point,
            }
        )
    if not rows:
        raise TreeError("indicator table has no indicators")
    _validate(rows)
    return IndicatorTree(rows)


def _validate(rows: list[dict[str, Any]]) -> None:
    by_code = {r["code"]: r for r in rows}
    children: dict[str, list[dict[str, Any]]] = {c: [] for c in by_code}
    for r in rows:
        parent = r["parent"]
        if parent is None:
            if r["level"] != 1:
                raise TreeError(
                    f"indicator {r['code']!r} has no parent but level {r['level']}"
                    " (top-level indicators are level 1)"
                )
            continue
        if parent not in by_code:
            raise TreeError(f"indicator {r['code']!r} names a missing parent {parent!r}")
        if r["level"] != by_code[parent]["level"] + 1:
            raise TreeError(
                f"indicator {r['code']!r} has level {r['level']} but its parent {parent!r} "
                f"has level {by_code[parent]['level']}"
            )
        children[parent].append(r)
    for code, kids in children.items():
        source = by_code[code]["source"]
        if not kids and source is None:
            raise TreeError(f"leaf indicator {code!r} has no source")
        if kids and source is not None:
            raise TreeError(
                f"indicator {code!r} has children and so must not have a source (got {source!r})"
            )
        if source is not None:
            try:
                parse_source(source)
            except ValueError as exc:
                raise TreeError(f"indicator {code!r}: {exc}") from None
        if kids:
            total = math.fsum(k["max_points"] for k in kids)
            if not math.isclose(total, by_code[code]["max_points"], rel_tol=0.0, abs_tol=1e-9):
                raise TreeError(
                    f"children of {code!r} add up to {total:g} points but {code!r} has "
                    f"{by_code[code]['max_points']:g}"
                )

"""指标体系 Indicator tree (administrators) as view models: the round's common tree as an
editable table (the ``indicators`` import kind's own columns and headers, as its template has
them), the edited table checked exactly as that kind checks a file (a dry-run import), and the
what-if of the change: the round scored on the current data with the stored tree and with the
edited one, side by side, the agencies whose grade or rank changes marked.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.imports import KINDS, ImportResult, build_template, run_import
from data_access.names_queries import agency_names
from data_access.reader import Reader
from data_access.round_admin import preview_tree
from domain.catalog import translate
from domain.vocab import grade_label
from views.common import Column, Table

__all__ = [
    "WhatIf",
    "editable_tree",
    "tree_file",
    "check_tree",
    "scoring_tree",
    "build_whatif",
    "compare_rankings",
    "moved_lines",
    "TREE_FILE",
]

KIND = KINDS["indicators"]
TREE_FILE = "indicator-tree.csv"


@dataclass(frozen=True)
class WhatIf:
    table: Table  # agencies, before and after side by side; "moved" marks a change
    moved: int  # agencies whose grade or rank changes
    scores_above: int  # stored scores above their leaf's new maximum: not saveable yet


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def editable_tree(reader: Reader, year: int, lang: str) -> pd.DataFrame:
    """The round's tree with the kind's columns under their headers in ``lang`` (text columns
    as text, blanks empty; points as numbers)."""
    data = reader(build_template, KIND, lang, year)
    frame = pd.read_excel(io.BytesIO(data), dtype=object)
    points = KIND.columns[[c.key for c in KIND.columns].index("max_points")].header(lang)
    out = pd.DataFrame(
        {
            c: (
                pd.to_numeric(frame[c], errors="coerce")
                if c == points
                else ["" if _blank(v) else str(v) for v in frame[c]]
            )
            for c in frame.columns
        }
    )
    return out


def tree_file(frame: pd.DataFrame) -> bytes:
    """The edited table as an ``indicators`` file (CSV, UTF-8 with BOM); blank rows dropped."""
    kept = frame.dropna(how="all")
    kept = kept[~kept.apply(lambda r: all(_blank(v) for v in r), axis=1)]
    return kept.to_csv(index=False).encode("utf-8-sig")


def check_tree(reader: Reader, year: int, frame: pd.DataFrame, lang: str) -> ImportResult:
    """The edited table checked as the importer checks a file: nothing written."""
    return reader(
        run_import, KIND, tree_file(frame), TREE_FILE, round_year=year, lang=lang, dry_run=True
    )


def scoring_tree(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The edited table as the scoring package reads a tree: code, parent, level, name,
    max_points, source, eval_point (call after ``check_tree`` passed)."""
    keys = {c.header(lang): c.key for c in KIND.columns}
    rows = [
        {keys[h]: (None if _blank(v) else v) for h, v in r.items() if h in keys}
        for r in frame.to_dict("records")
    ]
    rows = [r for r in rows if r.get("code")]
    parents = {str(r["code"]): r.get("parent") for r in rows}

    def level(code: str) -> int:
        depth, parent = 1, parents.get(code)
        while parent and depth <= len(parents):
            depth, parent = depth + 1, parents.get(str(parent))
        return depth

    return pd.DataFrame(
        [
            {
                "code": str(r["code"]),
                "parent": None if r.get("parent") is None else str(r["parent"]),
                "level": level(str(r["code"])),
                "name": r.get("name"),
                "max_points": float(r.get("max_points") or 0),
                "source": r.get("source"),
                "eval_point": r.get("eval_point"),
            }
            for r in rows
        ]
    )


def _rank(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else str(int(value))


def build_whatif(reader: Reader, round_id: int, frame: pd.DataFrame, lang: str) -> WhatIf:
    """The round's ranking on the current data, stored tree vs edited tree, by the rank after;
    an agency whose grade or rank changes is marked (``moved``)."""
    preview = reader(preview_tree, round_id, scoring_tree(frame, lang), lang=lang)
    table, moved = compare_rankings(reader, round_id, preview.before, preview.after, lang)
    return WhatIf(table, moved, preview.scores_above)


def compare_rankings(
    reader: Reader, round_id: int, before: pd.DataFrame, after: pd.DataFrame, lang: str
) -> tuple[Table, int]:
    """Two scorings of the round side by side (agency_id, name, composite, grade, rank each),
    by the rank after; an agency whose grade or rank changes is marked (``moved``, hidden).
    The what-if of the tree and of the thresholds form alike. Returns the table and how many
    agencies moved."""
    names = reader(agency_names, round_id).set_index("agency_id")
    both = before.merge(after, on="agency_id", suffixes=("_before", "_after"))
    both = both.sort_values(["rank_after", "composite_after"], ascending=[True, False])
    moved = [
        (gb != ga) or (_rank(rb) != _rank(ra))
        for gb, ga, rb, ra in zip(
            both["grade_before"],
            both["grade_after"],
            both["rank_before"],
            both["rank_after"],
            strict=True,
        )
    ]

    def name(agency_id: int, zh: str) -> str:
        en = names["name_en"].get(agency_id) if agency_id in names.index else None
        return str(en) if lang == "en" and isinstance(en, str) and en else zh

    table = pd.DataFrame(
        {
            "moved": moved,
            "agency": [
                name(int(i), str(n))
                for i, n in zip(both["agency_id"], both["name_before"], strict=True)
            ],
            "composite_before": both["composite_before"].astype(float).round(2),
            "composite_after": both["composite_after"].astype(float).round(2),
            "rank_before": [_rank(v) for v in both["rank_before"]],
            "rank_after": [_rank(v) for v in both["rank_after"]],
            "grade_before": [grade_label(g, lang) for g in both["grade_before"]],
            "grade_after": [grade_label(g, lang) for g in both["grade_after"]],
        }
    ).reset_index(drop=True)
    columns = (
        Column("moved", "moved", "hidden"),
        Column("agency", translate("tre_col_agency", lang), width="medium"),
        Column("composite_before", translate("tre_col_score_before", lang), "number"),
        Column("composite_after", translate("tre_col_score_after", lang), "number"),
        Column("rank_before", translate("tre_col_rank_before", lang), width="small"),
        Column("rank_after", translate("tre_col_rank_after", lang), width="small"),
        Column("grade_before", translate("tre_col_grade_before", lang), width="small"),
        Column("grade_after", translate("tre_col_grade_after", lang), width="small"),
    )
    return Table(table, columns), sum(moved)


def moved_lines(table: Table, lang: str) -> list[str]:
    """One line per agency whose grade or rank changes: 'name：grade before → after · rank
    before → after' (the highlighted rows, readable without scrolling the table)."""
    frame = table.frame[table.frame["moved"]]
    return [
        translate(
            "tre_moved_line",
            lang,
            agency=r.agency,
            grade_before=r.grade_before,
            grade_after=r.grade_after,
            rank_before=r.rank_before,
            rank_after=r.rank_after,
        )
        for r in frame.itertuples(index=False)
    ]

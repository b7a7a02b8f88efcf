"""The ratings export: a stable CSV/JSON contract (`manage.py export ratings --round YEAR
[--format csv|json]`). One row per agency × matter of the round, agencies in the registry's
order, matters by name:

    agency,matter,good,fairly_good,average,raters,score

``agency`` the full name, ``matter`` as stored (重点领域职责分工, 党建, …); ``good``,
``fairly_good``, ``average`` the counts of 好, 较好, 一般; ``raters`` the number of ratings
(one per rater); ``score`` the mean of the ratings' values under the round's mapping
(``RoundConfig.rating_values``, default 好 1.0 / 较好 0.8 / 一般 0.6), 0–1 at full precision.
``--format json`` gives a list of objects with the same keys.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from data_access.rating_queries import rating_counts
from data_access.reader import Reader
from views.ratings import matter_scores

__all__ = ["RATING_COLUMNS", "rating_rows", "render_ratings"]

RATING_COLUMNS = ("agency", "matter", "good", "fairly_good", "average", "raters", "score")


def _value(x: Any) -> Any:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return x.item() if hasattr(x, "item") else x


def rating_rows(reader: Reader, round_id: int) -> list[dict[str, Any]]:
    """The export's rows for ``round_id`` as the reader's principal may see them."""
    config, _tree = reader.round_setup(round_id)
    scores = matter_scores(reader(rating_counts, round_id), config.rating_values)
    scores = scores.sort_values(["agency_id", "matter"], kind="stable")
    return [{c: _value(r[c]) for c in RATING_COLUMNS} for r in scores.to_dict("records")]


def render_ratings(rows: list[dict[str, Any]], fmt: str) -> str:
    """CSV (floats at full precision, blank for a missing score) or JSON."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(RATING_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                "" if row[c] is None else repr(row[c]) if isinstance(row[c], float) else row[c]
                for c in RATING_COLUMNS
            ]
        )
    return buf.getvalue()

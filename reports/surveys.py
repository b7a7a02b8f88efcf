"""The surveys export (``manage.py export surveys --round YEAR [--format csv|json]``), a
contract other tools and tests rely on:

one row per agency × questionnaire with stored submissions, sorted by agency then
questionnaire, columns :data:`SURVEY_EXPORT_COLUMNS`:

- ``agency`` the full name; ``questionnaire`` the stored name (评估调查问卷 / 满意度调查问卷);
- ``submissions`` every stored submission, ``accepted``, ``duplicates`` (dropped),
  ``too_fast`` (excluded), ``straight_lining`` (accepted, counted);
- ``n`` accepted submissions in the figures; ``si``, ``rate`` (满意率, 0–1), ``ci_low``,
  ``ci_high`` (SI ± 1.96 · sd / √n) at full precision (DOMAIN §5);
- ``status`` ``ok``, ``small`` (n < 30) or ``suppressed`` (n < 5: si, rate, ci_low, ci_high
  empty — never zero).
"""

from __future__ import annotations

import math
from typing import Any

from data_access.reader import Reader
from data_access.survey_queries import survey_quality
from reports.score_export import render

__all__ = ["SURVEY_EXPORT_COLUMNS", "survey_rows", "render_surveys", "survey_status"]

SURVEY_EXPORT_COLUMNS = (
    "agency",
    "questionnaire",
    "submissions",
    "accepted",
    "duplicates",
    "too_fast",
    "straight_lining",
    "n",
    "si",
    "rate",
    "ci_low",
    "ci_high",
    "status",
)


def survey_status(n: int, suppressed: bool, small: bool) -> str:
    """ok / small / suppressed, from the scored flags (thresholds in the round's config)."""
    if suppressed:
        return "suppressed"
    return "small" if small else "ok"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def survey_rows(reader: Reader, round_id: int) -> list[dict[str, Any]]:
    """The export's rows for a round, as the reader's principal may see them."""
    quality = reader(survey_quality, round_id)
    result = reader.round_result(round_id)
    config = result.config
    figures = {
        (int(f["agency_id"]), str(f["questionnaire"])): f for f in result.surveys.to_dict("records")
    }
    rows: list[dict[str, Any]] = []
    for q in quality.itertuples():
        fig = figures.get((int(q.agency_id), str(q.questionnaire)))
        n = int(fig["n"]) if fig is not None else 0
        suppressed = bool(fig["suppressed"]) if fig is not None else n < config.survey_min_n
        small = bool(fig["small_sample"]) if fig is not None else n < config.survey_small_n
        shown = fig is not None and not suppressed
        rows.append(
            {
                "agency": q.agency,
                "questionnaire": q.questionnaire,
                "submissions": int(q.submissions),
                "accepted": int(q.accepted),
                "duplicates": int(q.duplicates),
                "too_fast": int(q.too_fast),
                "straight_lining": int(q.straight_lining),
                "n": n,
                "si": _number(fig["si"]) if shown and fig is not None else None,
                "rate": _number(fig["satisfaction_rate"]) if shown and fig is not None else None,
                "ci_low": _number(fig["ci_low"]) if shown and fig is not None else None,
                "ci_high": _number(fig["ci_high"]) if shown and fig is not None else None,
                "status": survey_status(n, suppressed, small),
            }
        )
    # Sorted here, not in SQL: the same order on every engine whatever its collation.
    return sorted(rows, key=lambda r: (r["agency"], r["questionnaire"]))


def render_surveys(rows: list[dict[str, Any]], fmt: str) -> str:
    """CSV (blanks for missing, floats at full precision) or JSON (null for missing)."""
    return render(rows, SURVEY_EXPORT_COLUMNS, fmt)

"""A snapshot stays as presented after a score import changes its figures, and "changed
since" lists exactly the figures that moved (issue 12), on both engines, on the small round of
tests/data_access/small_round.py (numbers worked by hand below)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from data_access.briefings import get_snapshot, record_snapshot
from data_access.reader import Reader
from data_access.scope import SYSTEM, RoundRef
from data_access.score_sheets import build_score_template, import_score_sheet
from tests.data_access.small_round import OPEN_ROUND, OWN, STAFF, build_small_round
from views.briefing import BriefingConfig, build_payload, changed_since

RND = RoundRef(OPEN_ROUND, 2030, "2030年度评估", "评估中", "2030 evaluation")
CONFIG = BriefingConfig.from_json(
    {"slides": ["headline", "ranking", "agency", "heatmap"], "agencies": [OWN]}
)
TODAY = dt.date(2030, 6, 15)


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    return build_small_round(fresh_engine)


def _payload(engine: Engine, hour: int) -> dict[str, Any]:
    return build_payload(
        Reader(engine, STAFF),
        RND,
        "zh",
        CONFIG,
        name="编委会汇报",
        today=TODAY,
        now=dt.datetime(2030, 6, 15, hour),
    )


def _raise_a1b_of_own_agency(engine: Engine) -> None:
    """Through the score-sheet importer: 市外事办公室's A1b team score 3 → 4."""
    wb = load_workbook(io.BytesIO(build_score_template(engine, SYSTEM, OPEN_ROUND)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    agency, code, team = header.index("单位"), header.index("指标代码"), header.index("组评分")
    for row in ws.iter_rows(min_row=2):
        if row[agency].value == "市外事办公室" and row[code].value == "A1b":
            assert row[team].value == 3
            row[team].value = 4
    buf = io.BytesIO()
    wb.save(buf)
    import_score_sheet(engine, OPEN_ROUND, buf.getvalue(), actor="staff")


def test_snapshot_stays_and_changed_since_lists_exactly_what_moved(engine: Engine) -> None:
    before = _payload(engine, 9)
    sid = record_snapshot(engine, OPEN_ROUND, "编委会汇报", "presented", before, principal=STAFF)
    _raise_a1b_of_own_agency(engine)
    frozen = get_snapshot(engine, STAFF, sid)
    assert frozen is not None and frozen["payload"] == before  # the import changed nothing
    after = _payload(engine, 10)
    changes = {c.key: (c.before, c.after, c.delta) for c in changed_since(before, after, "zh")}
    # By hand. 市外事办公室 (1): A1 = A1a 4 + A1b 3 = 7 → 4 + 4 = 8; A2 = A2a full 2; A = C =
    # 9 → 10 of 12 (no individual score: composite = C). 市统计局 (2): 5 + 2 + 2 = 9, as
    # before, so it drops from a shared rank 1 to rank 2. Mean composite (9 + 9) / 2 = 9.0 →
    # (10 + 9) / 2 = 9.5. Heatmap A: 9/12 = 75.0 % → 10/12 = 83.3 %. Change since 2029 (A1a 5,
    # A1b missing: A1 = 5/6 × 10 = 8.333, A = 10.333): 9 − 10.333 = −1.3 → 10 − 10.333 = −0.3.
    assert changes == {
        "headline/平均综合得分": ("9.0", "9.5", "+0.5"),
        "ranking/2/rank": ("1", "2", "+1"),
        "ranking/1/composite": ("9.0", "10.0", "+1.0"),
        "ranking/1/common": ("9.0", "10.0", "+1.0"),
        "agency/1/综合得分": ("9.0", "10.0", "+1.0"),
        "agency/1/共性得分 C": ("9.0", "10.0", "+1.0"),
        "agency/1/l1/A": ("9.0 / 12.0", "10.0 / 12.0", "+1.0"),
        "agency/1/move/A": ("−1.3", "−0.3", "+1.0"),
        "heatmap/1/A": ("75.0", "83.3", "+8.3"),
    }
    # the same data twice: nothing changed (the as-of time is not a figure)
    assert changed_since(after, _payload(engine, 11), "zh") == []

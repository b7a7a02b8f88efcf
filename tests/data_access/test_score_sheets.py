"""Score sheets: the template round-trips, bad rows are reported by row in the user's language
and nothing is written, completed rounds are frozen."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head
from data_access.models import Agency, AuditLog, Score
from data_access.rounds import RoundFrozen, set_round_status, update_round_config
from data_access.scope import SYSTEM, Principal
from data_access.score_sheets import ScoreSheetError, build_score_template, import_score_sheet
from data_access.seed import seed_demo
from domain.vocab import Role

OPEN_ROUND, COMPLETED_ROUND = 3, 1
SHEET_ROWS = 612  # the 2024 sheet: 22 agencies × 27 leaves + 18 individual indicators


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Engine:  # type: ignore[no-untyped-def]
    """A seeded SQLite file for this module (tests that write restore what they change)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sheets') / 'sheets.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    seed_demo(engine)
    return engine


def _sheet(engine: Engine, round_id: int = OPEN_ROUND):  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(build_score_template(engine, SYSTEM, round_id)))
    return wb, wb.active


def _bytes(wb) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _score_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Score)).scalar_one())


def test_template_has_one_row_per_agency_and_indicator(seeded: Engine) -> None:
    _wb, ws = _sheet(seeded)
    header = [c.value for c in ws[1]]
    assert header == [
        "单位",
        "指标代码",
        "指标名称",
        "来源",
        "满分",
        "组评分",
        "自评分",
        "佐证说明",
    ]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    agencies = {r[0] for r in rows}
    assert len(agencies) == 22  # the 2024 round evaluates 22 agencies
    # 27 common leaves (DOMAIN §3: 4 + 6 + 6 + 7 + 4) for every agency, plus individual
    # indicators for four agency types
    common = [r for r in rows if r[3] != "individual"]
    assert len(common) == 22 * 27
    assert all(r[4] == 100.0 for r in rows if r[3] == "individual")


def test_an_agency_principal_gets_only_its_own_rows(seeded: Engine) -> None:
    with seeded.connect() as conn:
        keji = conn.execute(select(Agency.id).where(Agency.name == "市科学技术局")).scalar_one()
    agency = Principal("agency", Role.AGENCY, keji)
    wb = load_workbook(io.BytesIO(build_score_template(seeded, agency, OPEN_ROUND)))
    own = list(wb.active.iter_rows(min_row=2, values_only=True))
    _wb, ws = _sheet(seeded)
    everyone = list(ws.iter_rows(min_row=2, values_only=True))
    # 27 common leaves + 4 科技 individual indicators, the same rows as in the office's sheet
    assert len(own) == 27 + 4
    assert own == [r for r in everyone if r[0] == "市科学技术局"]


def test_bad_rows_are_reported_by_row_and_nothing_is_written(seeded: Engine) -> None:
    wb, ws = _sheet(seeded)
    before = _score_count(seeded)
    ws["F2"] = 99  # row 2: A1a is worth 3 points
    ws["B3"] = "Z9z"  # row 3: no such code
    ws["A4"] = "不存在的局"  # row 4: not evaluated in this round
    ws["G5"] = "很好"  # row 5: not a number
    ws["F3"] = None
    with pytest.raises(ScoreSheetError) as info:
        import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="test", lang="zh")
    errors = info.value.errors
    assert errors[0] == "第 2 行：组评分 99 超出范围 0–3"
    assert any(e.startswith("第 3 行：指标代码“Z9z”不存在") for e in errors)
    assert any(e.startswith("第 4 行：单位“不存在的局”") for e in errors)
    assert any(e.startswith("第 5 行：自评分“很好”不是数字") for e in errors)
    assert _score_count(seeded) == before


def test_errors_follow_the_language(seeded: Engine) -> None:
    wb, ws = _sheet(seeded)
    ws["F2"] = -1
    with pytest.raises(ScoreSheetError) as info:
        import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="test", lang="en")
    assert info.value.errors == ["Row 2: team score -1 is outside 0–3"]


def test_computed_leaf_refuses_a_team_score(seeded: Engine) -> None:
    wb, ws = _sheet(seeded)
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "D1b")  # computed[usage]
    row[5].value = 4
    with pytest.raises(ScoreSheetError, match="only a self score|只能填写自评分"):
        import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="test")


def test_a_good_sheet_replaces_scores_in_one_go(seeded: Engine) -> None:
    wb, ws = _sheet(seeded)
    target = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "A1a")
    agency, old = target[0].value, target[5].value
    target[5].value = 1.5
    before = _score_count(seeded)
    report = import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="tester")
    assert report.agencies == 22
    with seeded.connect() as conn:
        from data_access.models import Agency

        value = conn.execute(
            select(Score.team_score)
            .join(Agency, Agency.id == Score.agency_id)
            .where(Score.round_id == OPEN_ROUND, Score.code == "A1a", Agency.name == agency)
        ).scalar_one()
        audit = conn.execute(
            select(AuditLog.username, AuditLog.action).order_by(AuditLog.id.desc())
        ).first()
    assert value == 1.5
    assert tuple(audit) == ("tester", "scores.import")
    # one score changed; the 611 other rows of the sheet are as stored (blank ones create none)
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, SHEET_ROWS - 1)
    assert _score_count(seeded) == before
    # restore for the other tests
    target[5].value = old
    import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="tester")


def _round_score_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(Score).where(Score.round_id == OPEN_ROUND)
            ).scalar_one()
        )


def _audit_and_version(engine: Engine) -> tuple[int, int]:
    from data_access.audit import data_version

    with engine.connect() as conn:
        audits = conn.execute(select(func.count()).select_from(AuditLog)).scalar_one()
        return int(audits), data_version(conn)


def test_reimporting_the_unchanged_template_changes_nothing(seeded: Engine) -> None:
    # The 2024 sheet has 612 rows: 22 agencies × 27 leaves + 18 individual indicators; 370
    # of them hold a stored score, 242 are blank (before the fix, re-importing it inserted
    # the 242 as empty score rows and reported 370 updates).
    wb, ws = _sheet(seeded)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == SHEET_ROWS == 22 * 27 + 18
    assert _round_score_count(seeded) == 370
    blank = [r for r in rows if r[5] is None and r[6] is None and r[7] is None]
    assert len(blank) == 242
    before = _audit_and_version(seeded)
    report = import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="tester")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 612)
    assert report.nothing_changed and report.summary("zh") == "新增 0，更新 0，未变 612"
    assert _round_score_count(seeded) == 370
    assert _audit_and_version(seeded) == before  # no audit row, no new data version


def test_blank_cells_never_create_rows_and_a_cleared_row_goes(seeded: Engine) -> None:
    wb, ws = _sheet(seeded)
    row = next(
        r for r in ws.iter_rows(min_row=2) if all(c.value is None for c in r[5:8])
    )  # a blank row of the template
    row[6].value = 1  # a self score
    before = _score_count(seeded)
    dry = import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="tester", dry_run=True)
    assert (dry.inserted, dry.updated, dry.dry_run) == (1, 0, True)
    assert _score_count(seeded) == before  # a dry run writes nothing
    report = import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="tester")
    assert (report.inserted, report.updated) == (1, 0)
    assert _score_count(seeded) == before + 1
    row[6].value = None  # cleared again: the stored score goes, no empty row stays
    report = import_score_sheet(seeded, OPEN_ROUND, _bytes(wb), actor="tester")
    assert (report.inserted, report.updated) == (0, 1)
    assert _score_count(seeded) == before


def test_a_csv_sheet_with_full_width_digits(seeded: Engine) -> None:
    data = "单位,指标代码,组评分,自评分\n市科学技术局,A1a,２.５,\n".encode("gb18030")
    report = import_score_sheet(seeded, OPEN_ROUND, data, actor="tester", dry_run=True)
    assert report.rows == 1 and report.inserted + report.updated + report.unchanged == 1


def test_completed_round_is_frozen(seeded: Engine) -> None:
    wb, _ws = _sheet(seeded, COMPLETED_ROUND)
    with pytest.raises(RoundFrozen, match="已完成"):
        import_score_sheet(seeded, COMPLETED_ROUND, _bytes(wb), actor="test")
    with pytest.raises(RoundFrozen):
        update_round_config(
            seeded, COMPLETED_ROUND, {"weight_common": 0.7, "weight_individual": 0.3}, actor="test"
        )
    with pytest.raises(RoundFrozen):
        set_round_status(seeded, COMPLETED_ROUND, "评估中", actor="test")


def test_open_round_config_is_validated_and_stored(seeded: Engine) -> None:
    from data_access.round_inputs import round_info

    config = update_round_config(seeded, OPEN_ROUND, {"gap_flag_share": 0.15}, actor="admin")
    assert config.gap_flag_share == 0.15
    assert round_info(seeded, OPEN_ROUND)["config"]["gap_flag_share"] == 0.15
    with pytest.raises(ValueError):
        update_round_config(seeded, OPEN_ROUND, {"no_such_setting": 1}, actor="admin")
    update_round_config(seeded, OPEN_ROUND, {"gap_flag_share": 0.10}, actor="admin")

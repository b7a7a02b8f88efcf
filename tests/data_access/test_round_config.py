"""阈值与映射 in data_access, on both engines: the what-if of a grade band moved (worked by hand
from the demo's 2024 composites), the refusals by group in the user's language, the save that
keeps every key the form does not show (unknown ones too), refused for a completed round or a
stale configuration, administrators only, audited before → after; and the ``indicators``
import refusing a tree whose lowered maximum is below a stored score (the rule the tree
page's what-if counts), naming the row and the score."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, insert, select, update

from data_access.imports import KINDS, run_import
from data_access.models import AuditLog, EvaluationRound, Indicator, RoundAgency, Score
from data_access.round_admin import RoundAdminError, create_round, preview_tree
from data_access.round_config import (
    config_problems,
    config_stamp,
    preview_config,
    save_round_config,
    stored_config,
)
from data_access.scope import AccessDenied, Principal
from domain.vocab import Role
from scoring.tree import DEFAULT_COMMON_TREE

ADMIN = Principal("li", Role.ADMIN)
AGENCIES = (
    "单位名称,简称,单位类型,单位性质,机构规格\n市科学技术局,市科技局,科技,政府工作部门,正县级\n"
)


def _round_id(engine: Engine, year: int) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(EvaluationRound.id).where(EvaluationRound.year == year)
            ).scalar_one()
        )


def _form(engine: Engine, round_id: int) -> dict:
    stored = stored_config(engine, ADMIN, round_id)
    return {
        k: stored[k]
        for k in (
            "grade_bands",
            "min_coverage",
            "rating_values",
            "answer_values",
            "severity_points",
            "survey_min_n",
            "survey_small_n",
            "usage_zero_low",
            "usage_full_low",
            "usage_full_high",
            "peer_min_count",
            "peer_full_d",
            "peer_zero_d",
        )
    }


def test_moving_a_grade_band_changes_one_agencys_grade(demo_engine: Engine) -> None:
    """The demo's 2024 composites (tests/golden/scores-2024.csv): 市住房和城乡建设局 82.568 is the
    only one in [80, 82.6) — the next are 83.899 above and 77.439 below. Raising 良好's
    bound from 80 to 82.6 therefore turns it (and only it) from 良好 to 一般; grade bands
    change no composite, and every agency keeps its grade's existence, so no rank moves."""
    round_id = _round_id(demo_engine, 2024)
    changes = _form(demo_engine, round_id)
    changes["grade_bands"] = [["优秀", 90.0], ["良好", 82.6], ["一般", 60.0]]
    preview = preview_config(demo_engine, ADMIN, round_id, changes)
    both = preview.before.merge(preview.after, on="agency_id", suffixes=("_b", "_a"))
    moved = both[(both["grade_b"] != both["grade_a"]) | (both["rank_b"] != both["rank_a"])]
    assert list(moved["name_b"]) == ["市住房和城乡建设局"]
    assert (moved["grade_b"].iloc[0], moved["grade_a"].iloc[0]) == ("良好", "一般")
    assert (both["composite_b"] - both["composite_a"]).abs().max() < 1e-12
    # Nothing was written.
    assert stored_config(demo_engine, ADMIN, round_id)["grade_bands"][1] == ["良好", 80.0]


def test_problems_are_named_by_group_in_the_users_language(demo_engine: Engine) -> None:
    changes = _form(demo_engine, _round_id(demo_engine, 2024))
    assert config_problems(changes, "zh") == {}
    changes["grade_bands"] = [["优秀", 80.0], ["良好", 85.0], ["一般", 60.0]]
    changes["rating_values"] = {"好": 1.2, "较好": 0.8, "一般": 0.6}
    changes["survey_min_n"], changes["survey_small_n"] = 40, 30
    changes["usage_full_low"] = 0.5  # below usage_zero_low 0.6
    assert config_problems(changes, "en") == {
        "grade_bands": "bounds must lie within 0–100 and strictly decrease from the top grade down",
        "rating_values": "must lie within 0–1",
        "survey": "whole numbers with 1 ≤ suppressed-below ≤ small-sample-below",
        "usage": "need 0 ≤ zero < full-marks-from ≤ full-marks-up-to",
    }


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    """Round 2030 (默认指标体系) evaluating 市科学技术局, with a stored B1a team score 6 and
    self score 5 (B1a's maximum is 6)."""
    assert run_import(fresh_engine, ADMIN, KINDS["agencies"], AGENCIES.encode(), "a.csv").ok
    create_round(fresh_engine, 2030, "2030年度评估", principal=ADMIN)
    round_id = _round_id(fresh_engine, 2030)
    with fresh_engine.begin() as conn:
        conn.execute(insert(RoundAgency).values(round_id=round_id, agency_id=1))
        conn.execute(
            insert(Score).values(
                round_id=round_id, agency_id=1, code="B1a", team_score=6.0, self_score=5.0
            )
        )
    return fresh_engine


def test_a_save_keeps_other_keys_and_is_audited(engine: Engine) -> None:
    round_id = _round_id(engine, 2030)
    with engine.begin() as conn:  # a key the form does not show, one RoundConfig does not know
        conn.execute(
            update(EvaluationRound)
            .where(EvaluationRound.id == round_id)
            .values(config={"weight_common": 0.8, "weight_individual": 0.2, "x_note": "keep"})
        )
    seen = stored_config(engine, ADMIN, round_id)
    changes = _form(engine, round_id)
    changes["rating_values"] = {"好": 1.0, "较好": 0.85, "一般": 0.5}
    saved = save_round_config(
        engine, round_id, changes, principal=ADMIN, expected=config_stamp(seen)
    )
    assert saved["x_note"] == "keep" and saved["weight_common"] == 0.8
    assert saved["rating_values"] == {"好": 1.0, "较好": 0.85, "一般": 0.5}
    with engine.connect() as conn:
        audit = conn.execute(
            select(AuditLog.username, AuditLog.before, AuditLog.after).where(
                AuditLog.action == "round.config"
            )
        ).one()
    assert audit.username == "li"
    assert audit.before["rating_values"] is None  # the round had kept the defaults implicitly
    assert audit.after["rating_values"]["较好"] == 0.85
    # The same form again (a double submission, or another administrator meanwhile).
    with pytest.raises(RoundAdminError, match="刚被他人修改"):
        save_round_config(engine, round_id, changes, principal=ADMIN, expected=config_stamp(seen))


def test_a_completed_round_and_other_roles_are_refused(engine: Engine) -> None:
    round_id = _round_id(engine, 2030)
    changes = _form(engine, round_id)
    stamp = config_stamp(stored_config(engine, ADMIN, round_id))
    for role in (Role.STAFF, Role.LEADER, Role.AGENCY):
        with pytest.raises(AccessDenied):
            save_round_config(
                engine, round_id, changes, principal=Principal("x", role, 1), expected=stamp
            )
        with pytest.raises(AccessDenied):
            preview_config(engine, Principal("x", role, 1), round_id, changes)
    with engine.begin() as conn:
        conn.execute(
            update(EvaluationRound).where(EvaluationRound.id == round_id).values(status="已完成")
        )
    with pytest.raises(RoundAdminError, match="已完成"):
        save_round_config(engine, round_id, changes, principal=ADMIN, expected=stamp)


def _tree_file(**points: float) -> bytes:
    rows = [
        [
            r["code"],
            r["parent"] or "",
            r["name"],
            points.get(r["code"], r["max_points"]),
            r["source"],
        ]
        for r in DEFAULT_COMMON_TREE
    ]
    frame = pd.DataFrame(rows, columns=["指标代码", "上级代码", "指标名称", "分值", "来源"])
    return frame.to_csv(index=False).encode("utf-8")


def test_a_tree_below_a_stored_score_is_refused_naming_row_and_score(engine: Engine) -> None:
    # B1 = B1a 6 + B1b 3 + B1c 3 = 12. B1a 5.5 (B1b 3.5 keeps 12) is below the stored team
    # score 6 but not the self score 5; B1a 4.5 (B1b 4.5) is below both.
    row = 2 + [r["code"] for r in DEFAULT_COMMON_TREE].index("B1a")
    result = run_import(
        engine, ADMIN, KINDS["indicators"], _tree_file(B1a=5.5, B1b=3.5), "t.csv", round_year=2030
    )
    assert result.errors == [
        f"第 {row} 行 “分值”：分值 5.5 低于已保存的评分：市科学技术局 的评估组评分 6（请先重新导入评分表）"
    ]
    result = run_import(
        engine,
        ADMIN,
        KINDS["indicators"],
        _tree_file(B1a=4.5, B1b=4.5),
        "t.csv",
        round_year=2030,
        lang="en",
    )
    assert result.error_count == 2
    assert result.errors[1] == (
        f"Row {row}, “Points”: points 4.5 are below a stored score: 市科学技术局's self score 5 "
        "(import the score sheet again first)"
    )
    with engine.connect() as conn:
        stored = conn.execute(select(Indicator.max_points).where(Indicator.code == "B1a")).scalar()
    assert stored == 6.0  # nothing written
    # The tree page's what-if counts the same two scores.
    tree = pd.DataFrame(DEFAULT_COMMON_TREE)
    tree.loc[tree["code"] == "B1a", "max_points"] = 4.5
    tree.loc[tree["code"] == "B1b", "max_points"] = 4.5
    assert preview_tree(engine, ADMIN, _round_id(engine, 2030), tree).scores_above == 2
    # Raising it is fine.
    ok = run_import(
        engine, ADMIN, KINDS["indicators"], _tree_file(B1a=7, B1b=2), "t.csv", round_year=2030
    )
    assert ok.ok, ok.errors

"""指标体系's other two tabs through AppTest on a copy of the demo data: the thresholds form with
its what-if (a grade band moved: one agency's grade changes, worked by hand from the 2024
composites; nothing saved until confirmed), a refusal under its group; the individual
indicators of a type, an error under its field as the individual import words it, then a
saved change; a completed round's forms disabled with the reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from data_access.models import EvaluationRound, IndividualIndicator
from tests.app.helpers import errors, new_app, sign_in

TREE = "pages/indicator_tree.py"


def _open(lang: str = "zh", **params: str) -> AppTest:
    at = sign_in(new_app(), "admin", "demo-admin")
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(TREE).run()
    return at


def _submit(at: AppTest, form: str) -> Any:
    return next(b for b in at.button if b.key and form in b.key)


def _number(at: AppTest, suffix: str) -> Any:
    return next(n for n in at.number_input if n.key and n.key.endswith(suffix))


def _bands(engine: Engine, year: int) -> object:
    with engine.connect() as conn:
        config = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.year == year)
        ).scalar_one()
    return (config or {}).get("grade_bands")


def test_the_thresholds_whatif_and_confirmed_save(demo_db: Engine) -> None:
    at = _open(round="2024")
    assert errors(at) == []
    stored = _bands(demo_db, 2024)
    # 良好 from 80 to 82.6: of the 2024 composites (tests/golden/scores-2024.csv) only
    # 市住房和城乡建设局 82.568 lies in [80, 82.6), so it alone goes 良好 → 一般; no composite and
    # no rank changes (grade bands move neither).
    _number(at, "_band_1").set_value(82.6)
    _submit(at, "cfg_form").click().run()
    assert errors(at) == []
    assert any("等次或排名变化的单位：1 个" in c.value for c in at.caption)
    table = at.dataframe[-1].value
    moved = table[table["moved"]]
    assert list(moved["agency"]) == ["市住房和城乡建设局"]
    assert (moved["grade_before"].iloc[0], moved["grade_after"].iloc[0]) == ("良好", "一般")
    assert (table["rank_before"] == table["rank_after"]).all()
    assert _bands(demo_db, 2024) == stored  # nothing saved yet
    save = next(b for b in at.button if b.label == "保存阈值与映射")
    save.click().run()
    assert [e.value for e in at.error] == ["请先勾选确认。"]
    next(c for c in at.checkbox if "确认保存本批次的阈值" in c.label).check()
    next(b for b in at.button if b.label == "保存阈值与映射").click().run()
    assert errors(at) == []
    assert "已保存 2024 年度的阈值与映射。" in [s.value for s in at.success]
    assert _bands(demo_db, 2024) == [["优秀", 90.0], ["良好", 82.6], ["一般", 60.0]]


def test_a_refusal_is_shown_under_its_group(demo_db: Engine) -> None:
    at = _open(round="2024")
    _number(at, "_band_1").set_value(95.0)  # 良好 above 优秀's 90
    _submit(at, "cfg_form").click().run()
    assert [e.value for e in at.error] == ["分数线须在 0–100 之间，并从高到低严格递减"]
    assert not any(b.label == "保存阈值与映射" for b in at.button)
    assert _number(at, "_band_1").value == 95.0  # what was typed stays


def _individual(engine: Engine, code: str) -> tuple[str, float]:
    with engine.connect() as conn:
        row = conn.execute(
            select(IndividualIndicator.name, IndividualIndicator.weight)
            .join(EvaluationRound, EvaluationRound.id == IndividualIndicator.round_id)
            .where(EvaluationRound.year == 2024, IndividualIndicator.code == code)
        ).one()
    return str(row.name), float(row.weight)


def test_individual_indicators_error_under_the_field_then_saved(demo_db: Engine) -> None:
    at = _open(round="2024")
    weights = [
        n
        for n in at.number_input
        if n.key and n.key.startswith("ive_form_") and n.key.endswith("_weight")
    ]
    assert weights, "the first agency type's indicators"
    first = weights[0]
    position = str(first.key).split("_")[-2]
    names = [x for x in at.text_input if x.key and x.key.endswith(f"_{position}_name")]
    code = next(m.value for m in at.markdown if m.value.startswith("**指标代码 "))
    code = code.removeprefix("**指标代码 ").removesuffix("**").replace("\\", "")
    before = _individual(demo_db, code)
    first.set_value(0.0)
    _submit(at, "ive_form").click().run()
    # The individual import's own words, under the weight field; nothing written.
    assert "权重须大于 0" in [e.value for e in at.error]
    assert any(e.value.startswith("有 1 处错误") for e in at.error)
    assert _individual(demo_db, code) == before
    weight = next(n for n in at.number_input if n.key == first.key)
    weight.set_value(before[1] + 1)
    next(x for x in at.text_input if x.key == names[0].key).input("新的指标名称")
    _submit(at, "ive_form").click().run()
    assert errors(at) == []
    assert any(s.value.startswith("已保存（批次 #") for s in at.success)
    assert _individual(demo_db, code) == ("新的指标名称", before[1] + 1)


def test_a_completed_round_is_read_only_with_the_reason(demo_db: Engine) -> None:
    at = _open(round="2023")
    infos = [i.value for i in at.info]
    assert any("配置已冻结" in i for i in infos)
    assert any("个性指标已冻结" in i for i in infos)
    assert _submit(at, "cfg_form").disabled
    assert _submit(at, "ive_form").disabled


def test_english(demo_db: Engine) -> None:
    at = _open("en", round="2024")
    assert errors(at) == []
    assert [t.label for t in at.tabs] == [
        "Common indicators",
        "Individual indicators",
        "Thresholds and mappings",
    ]
    assert _number(at, "_band_0").label == "Excellent"

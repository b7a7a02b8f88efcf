"""单位画像 Agency profile through AppTest on the demo data: figures shown against the scored
round, URL handling, the agency role's isolation, and the explained empty states."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine
from data_access.profile_queries import agency_findings
from data_access.round_inputs import score_round_from_db
from data_access.scope import SYSTEM
from scoring import explain_agency
from tests.app.helpers import errors, new_app, sign_in
from ui.i18n import fmt_num

NEWEST, ROUND_2023, ROUND_2022 = 3, 2, 1  # demo round ids (2024 评估中, 2023, 2022)
SCIENCE, FOREIGN, NDRC, APPROVAL, HOUSING, BIGDATA = 9, 6, 7, 32, 17, 37


def open_page(
    user: str, page: str, round_id: int | None = None, lang: str = "zh", **params: str
) -> AppTest:
    """Sign in as a demo user, optionally pick round and language, open a page."""
    at = sign_in(new_app(), user, f"demo-{user}")
    if round_id is not None:
        at.session_state["round_id"] = round_id
    at.session_state["lang"] = lang
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def _proto_text(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        for v in values:
            if isinstance(v, Message):
                yield from _proto_text(v)
            elif isinstance(v, bytes):
                try:  # Arrow tables (dataframes, chart data) become CSV text
                    yield pa.ipc.open_stream(v).read_all().to_pandas().to_csv()
                except (pa.ArrowInvalid, OSError):
                    continue
            elif isinstance(v, str) and v.startswith("{"):
                try:  # chart specs are JSON with escaped non-ASCII text
                    yield json.dumps(json.loads(v), ensure_ascii=False)
                except ValueError:
                    yield v
            else:
                yield str(v)


def page_text(at: AppTest) -> str:
    """Everything the page put on screen: texts, labels, options, table and chart data."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            parts.extend(_proto_text(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return "\n".join(parts)


def frames(at: AppTest) -> list[Any]:
    return [d.value for d in at.dataframe]


def frame_with(at: AppTest, column: str, first: str) -> Any:
    """The first table having `column` whose first cell of that column is `first`."""
    for df in frames(at):
        if column in df.columns and len(df) and str(df[column].iloc[0]) == first:
            return df
    raise AssertionError(f"no table with {column!r} starting {first!r}")


@pytest.fixture(scope="module")
def results(sqlite_demo_url: str) -> dict[int, Any]:
    engine = make_engine(sqlite_demo_url)
    out = {r: score_round_from_db(engine, r) for r in (ROUND_2022, ROUND_2023, NEWEST)}
    engine.dispose()
    return out


def _summary(result: Any, agency_id: int) -> Any:
    return result.summary.set_index("agency_id").loc[agency_id]


@pytest.mark.parametrize("username", ["leader", "staff", "admin"])
def test_office_roles_see_the_breakdown_that_adds_up(
    demo_env: str, results: dict[int, Any], username: str
) -> None:
    at = open_page(username, "pages/profile.py", agency=str(SCIENCE))
    assert not errors(at)
    result = results[NEWEST]
    s = _summary(result, SCIENCE)
    cards = {m.label: m for m in at.metric}
    assert cards["综合得分"].value == fmt_num(s["composite"])  # 86.1 in the demo
    assert cards["综合得分"].delta == s["grade"]
    assert cards["共性得分 C"].value == fmt_num(s["common"])
    assert cards["个性得分 X"].value == fmt_num(s["individual"])
    ranked = int(result.summary["rank"].notna().sum())
    assert cards["排名"].value == f"{int(s['rank'])} / {ranked}"
    assert at.selectbox(key="pf_agency_zh").value == SCIENCE
    # The root inspector lists the level-1 nodes; their points are result.nodes' and add up
    # to C (each shown to 1 decimal, so the sum may differ by at most 5 × 0.05).
    l1 = frame_with(at, "指标", "A 党的领导与党管机构编制")
    nodes = result.nodes[(result.nodes["agency_id"] == SCIENCE) & (result.nodes["level"] == 1)]
    assert list(l1["得分"]) == [fmt_num(p) for p in nodes["points"]]
    assert abs(sum(float(p) for p in l1["得分"]) - float(cards["共性得分 C"].value)) <= 0.25
    assert abs(nodes["points"].sum() - s["common"]) < 1e-9  # no L1 node missing here
    # Both surveys with their n; the staff survey (n = 27) carries the small-sample warning.
    surveys = result.surveys[result.surveys["agency_id"] == SCIENCE].set_index("questionnaire")
    n_shown = [m.value for m in at.metric if m.label == "有效问卷 n"]
    assert n_shown == [str(int(surveys.loc[q, "n"])) for q in ("满意度调查问卷", "评估调查问卷")]
    assert n_shown == ["70", "27"]
    assert any("n = 27" in w.value and "少于 30" in w.value for w in at.warning)


def test_previous_round_change_is_this_agencys_own(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page("leader", "pages/profile.py", agency=str(SCIENCE))
    before = _summary(results[ROUND_2023], SCIENCE)["composite"]
    now = _summary(results[NEWEST], SCIENCE)["composite"]
    caption = f"2023年度综合得分 {fmt_num(before)} → 本轮 {fmt_num(now)}"
    assert caption in [c.value for c in at.caption]


def test_leaf_detail_shows_ratings_by_matter(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page("staff", "pages/profile.py", agency=str(SCIENCE))
    at.selectbox(key="pf_node_zh").set_value("B1b").run()
    assert not errors(at)
    counts = frame_with(at, "事项", "重点领域职责分工")
    assert list(counts.iloc[0, 1:]) == ["11", "8", "1"]  # 好 / 较好 / 一般
    # 3 × (11 × 1.0 + 8 × 0.8 + 1 × 0.6) / 20 = 3 × 18.0 / 20 = 2.7 points
    assert any("共 20 条评价" in c.value and "= 2.7" in c.value for c in at.caption)
    leaf = explain_agency(results[NEWEST], SCIENCE)["tree"]["children"][1]["children"][0][
        "children"
    ][1]
    assert leaf["code"] == "B1b" and fmt_num(leaf["points"]) == "2.7"


def test_usage_leaf_shows_its_posts(demo_env: str) -> None:
    at = open_page("leader", "pages/profile.py", agency=str(SCIENCE))
    at.selectbox(key="pf_node_zh").set_value("D1b").run()
    posts = frame_with(at, "编制类型", "行政编制")
    # 2024 ledger of 市科学技术局: authorized 32 + 20 + 2 = 54, actual 29 + 18 + 2 = 49
    assert list(posts["核定编制"]) == ["32", "20", "2", "54"]
    assert list(posts["实有人数"]) == ["29", "18", "2", "49"]
    assert any("90.7%" in c.value for c in at.caption)  # 49 / 54 = 0.9074 → full marks


def test_deduct_leaf_lists_its_findings(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page("leader", "pages/profile.py", agency=str(HOUSING))
    at.selectbox(key="pf_node_zh").set_value("D2a").run()
    assert not errors(at)
    leaf = next(
        n for n in results[NEWEST].leaves.itertuples() if n.agency_id == HOUSING and n.code == "D2a"
    )
    listed = leaf.detail["findings"]
    assert listed, "the demo gives 市住房和城乡建设局 a 2024 finding on D2a"
    shown = frame_with(at, "严重程度", listed[0]["severity"])
    assert list(shown["扣分"]) == [fmt_num(f["points"]) for f in listed]
    assert f"= {fmt_num(leaf.points)}" in " ".join(c.value for c in at.caption)


def test_url_parameter_preselects_and_follows_the_selectbox(
    demo_env: str, results: dict[int, Any]
) -> None:
    at = open_page("leader", "pages/profile.py", agency=str(APPROVAL))
    assert at.selectbox(key="pf_agency_zh").value == APPROVAL
    assert "市行政审批服务局" in at.subheader[0].value
    at.selectbox(key="pf_agency_zh").set_value(NDRC).run()
    assert at.query_params["agency"] in (["7"], "7")
    assert "市发展和改革委员会" in at.subheader[0].value
    cards = {m.label: m.value for m in at.metric}
    assert cards["综合得分"] == fmt_num(_summary(results[NEWEST], NDRC)["composite"])


def test_agency_user_cannot_open_another_agency(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page("agency", "pages/profile.py", agency=str(NDRC))
    assert not errors(at)
    text = page_text(at)
    # The text walk sees tables and chart data too (rated matters come from a chart).
    assert "市科学技术局" in text and "A 党的领导与党管机构编制" in text and "信访事项办理" in text
    assert "市发展和改革委员会" not in text and "发改委" not in text
    assert any("只能查看本单位" in i.value for i in at.info)
    assert "市科学技术局" in at.subheader[0].value
    assert [s for s in at.selectbox if str(s.key).startswith("pf_agency")] == []
    cards = {m.label: m.value for m in at.metric}
    assert cards["综合得分"] == fmt_num(_summary(results[NEWEST], SCIENCE)["composite"])
    # No other evaluated agency's name appears anywhere (peer CITIES may, agencies not).
    others = set(results[NEWEST].summary["name"]) - {"市科学技术局"}
    assert [name for name in others if name in text] == []


def test_insufficient_data_agency_explains_its_coverage(
    demo_env: str, results: dict[int, Any]
) -> None:
    at = open_page("leader", "pages/profile.py", agency=str(BIGDATA))
    assert not errors(at)
    s = _summary(results[NEWEST], BIGDATA)
    assert s["grade"] == "数据不足"
    cards = {m.label: m for m in at.metric}
    assert cards["综合得分"].delta == "数据不足"
    assert cards["排名"].value == "—"
    assert cards["数据覆盖率"].value == "62%"
    warning = next(w.value for w in at.warning if "数据不足" in w.value)
    assert "62.0%" in warning and "80%" in warning
    missing = frame_with(at, "指标", "B1b 重点领域职责分工")
    leaves = results[NEWEST].leaves
    absent = leaves[(leaves["agency_id"] == BIGDATA) & ~leaves["present"]]
    assert len(missing) == len(absent) == 10
    # 10 missing leaves carry 3+3+6+6+3+3+3+4+3+4 = 38 points: coverage 62 / 100
    assert sum(float(x) for x in missing["满分"]) == 38.0
    assert "没有外部评价" in set(missing["原因"]) and "评估组未评分" in set(missing["原因"])


def test_suppressed_survey_shows_no_figure(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page("staff", "pages/profile.py", round_id=ROUND_2023, agency=str(FOREIGN))
    assert not errors(at)
    surveys = results[ROUND_2023].surveys
    staff = surveys[
        (surveys["agency_id"] == FOREIGN) & (surveys["questionnaire"] == "评估调查问卷")
    ]
    assert bool(staff["suppressed"].iloc[0]) and int(staff["n"].iloc[0]) == 3
    assert any(
        "评估调查问卷：有效问卷仅 3 份" in i.value and "不显示结果" in i.value for i in at.info
    )
    # Only the satisfaction survey gets figures.
    assert len([m for m in at.metric if m.label == "满意度指数 SI"]) == 1
    at.selectbox(key="pf_node_zh").set_value("E3a").run()
    assert any("有效问卷 3 份，少于 5 份" in i.value for i in at.info)


def test_agency_not_in_round_is_explained(demo_env: str) -> None:
    at = open_page("leader", "pages/profile.py", round_id=ROUND_2022, agency=str(BIGDATA))
    assert not errors(at)
    assert any("市大数据中心 未参加" in i.value for i in at.info)
    assert any("2024年度" in c.value for c in at.caption)
    assert len(at.metric) == 0


def test_findings_show_derived_overdue(demo_env: str) -> None:
    at = open_page("leader", "pages/profile.py", agency=str(SCIENCE))
    expected = agency_findings(make_engine(demo_env), SYSTEM, NEWEST, SCIENCE, dt.date.today())
    cards = {m.label: m.value for m in at.metric}
    assert cards["问题数"] == str(len(expected))
    assert cards["逾期"] == str(int(expected["overdue"].sum()))
    # The findings table is a static st.table with Markdown-escaped cells (long texts wrap).
    shown = next(tb.value for tb in at.table if "问题" in tb.value.columns)
    shown = shown.map(lambda v: re.sub(r"\\(.)", r"\1", str(v)))
    assert list(shown["问题"]) == list(expected["description"])
    today = dt.date.today().isoformat()
    for state, deadline in zip(shown["整改状态"], shown["整改期限"]):
        closed = state.startswith("已销号")
        assert ("逾期" in state) == (deadline != "—" and deadline < today and not closed)


def test_english_mode(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page("leader", "pages/profile.py", lang="en", agency=str(SCIENCE))
    assert not errors(at)
    cards = {m.label: m for m in at.metric}
    assert cards["Composite"].delta == "Good"
    assert cards["Common score C"].value == fmt_num(_summary(results[NEWEST], SCIENCE)["common"])
    assert [t.label for t in at.tabs] == [
        "Score breakdown",
        "Self, external & survey",
        "Staffing & personnel",
        "Findings & rectification",
    ]
    labels = " ".join(m.label for m in at.metric)
    assert not re.search(r"[\u4e00-\u9fff]", labels)


def test_every_profile_string_has_both_languages() -> None:
    from pathlib import Path

    from ui.i18n import TEXT

    root = Path(__file__).resolve().parents[2]
    used: set[str] = set()
    files = [
        root / "pages/profile.py",
        root / "pages/indicators.py",
        root / "views/indicators.py",
        *root.glob("ui/profile*.py"),
        *root.glob("views/profile*.py"),
    ]
    for path in files:
        code = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(["']((?:pf|ind)_[a-z0-9_]+)["']""", code))
        # Keys are written out in full: none built with an f-string or concatenation.
        assert not re.search(r"""\bt\((f["']|[a-z_]+\s*\+)""", code), path
    assert len(used) > 100
    missing = sorted(k for k in used if k not in TEXT)
    assert missing == []
    assert all(TEXT[k][0] and TEXT[k][1] for k in used)


def test_inspected_indicator_survives_a_language_switch(demo_env: str) -> None:
    at = open_page("leader", "pages/profile.py", agency=str(SCIENCE))
    at.selectbox(key="pf_node_zh").set_value("B1b").run()
    at.session_state["lang"] = "en"
    at.run()
    picker = at.selectbox(key="pf_node_en")
    assert picker.value == "B1b" and picker.options[0] == "Common indicators C"
    # the matter's English label is the vocabulary's (domain.vocab.Matter)
    assert frame_with(at, "Matter", "Division of duties in key areas") is not None


def test_switching_language_keeps_the_chosen_agency(demo_env: str) -> None:
    # A selectbox whose option labels change keeps the option at the same position; with the
    # agencies sorted by their (Chinese or English) names that would silently show another
    # agency after the switch (seen in Chromium: 市科学技术局 became another agency).
    at = open_page("leader", "pages/profile.py", agency=str(SCIENCE))
    composite = at.metric[0].value
    assert at.selectbox(key="pf_agency_zh").value == SCIENCE
    at.sidebar.segmented_control[0].set_value("en").run()
    assert not errors(at)
    assert at.selectbox(key="pf_agency_en").value == SCIENCE
    assert at.query_params["agency"] == str(SCIENCE)
    assert at.metric[0].value == composite
    at.sidebar.segmented_control[0].set_value("zh").run()
    assert at.selectbox(key="pf_agency_zh").value == SCIENCE

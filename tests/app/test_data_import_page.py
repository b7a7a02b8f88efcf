"""数据导入 Data import through AppTest, on a copy of the demo data (imports write): who may
open it, pressing import with no file, a bad file's errors, the preview with before → after,
confirm (only the file previewed), the history and undo, in both languages."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from data_access.imports import KINDS, build_template
from data_access.models import ImportBatch
from data_access.scope import SYSTEM
from tests.app.helpers import errors, new_app, sign_in

PAGE = "pages/data_import.py"


def _open(user: str, lang: str = "zh") -> AppTest:
    at = sign_in(new_app(), user, f"demo-{user}")
    at.session_state["lang"] = lang
    at.switch_page(PAGE).run()
    return at


def _staffing(at: AppTest, lang: str = "zh") -> AppTest:
    return at.selectbox(key=f"data_import_kind_{lang}").set_value("staffing").run()


def _plain(text: str) -> str:
    """A message as shown (Markdown escapes removed)."""
    return text.replace("\\", "")


def _batches(engine: Engine) -> int:
    """Batches the tests made (the demo's own, loaded by seed-demo, left out)."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(ImportBatch)
                .where(ImportBatch.username != "seed-demo")
            ).scalar_one()
        )


def _modified_staffing(engine: Engine, lang: str = "zh") -> bytes:
    """The staffing template (prefilled with what is stored) with one count changed and one
    row added: 市委组织部 2024 行政编制 62 → 65, and 市科学技术局 2031, new."""
    wb = load_workbook(io.BytesIO(build_template(engine, SYSTEM, KINDS["staffing"], lang)))
    ws = wb.active
    assert ws is not None
    assert [c.value for c in ws[2]][:3] == ["市委组织部", 2024, 62]
    ws["C2"] = 65
    ws.append(["市科学技术局", 2031, 30, 5, 1, 28, 5, 1, 4, 4, 6])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("user", "lang", "message"),
    [
        ("leader", "zh", "您没有访问此页面的权限。"),
        ("agency", "zh", "您没有访问此页面的权限。"),
        ("agency", "en", "You do not have access to this page."),
    ],
)
def test_leaders_and_agencies_get_no_access(
    demo_db: Engine, user: str, lang: str, message: str
) -> None:
    at = _open(user, lang)
    assert [e.value for e in at.error] == [message]
    assert not at.get("file_uploader") and not at.get("download_button")
    assert {"数据导入", "Data import"}.isdisjoint(p.proto.label for p in at.get("page_link"))


@pytest.mark.parametrize("user", ["staff", "admin"])
def test_staff_and_admin_choose_any_kind(demo_db: Engine, user: str) -> None:
    at = _open(user)
    assert not errors(at)
    assert at.header[0].value == "数据导入"
    assert "数据导入" in [p.proto.label for p in at.get("page_link")]
    kinds = at.selectbox(key="data_import_kind_zh")
    assert kinds.options == [k.title("zh") for k in KINDS.values()]
    assert at.get("download_button") and at.file_uploader


def test_import_with_no_file_says_what_is_missing(demo_db: Engine) -> None:
    at = _open("staff")
    at.button[0].click().run()
    assert [_plain(w.value) for w in at.warning] == [
        "还没有选择文件：请先上传填好的模板（.xlsx、.xls 或 .csv），查看预览后再导入。"
    ]
    assert _batches(demo_db) == 0


def test_a_bad_file_lists_every_error_and_nothing_is_written(demo_db: Engine) -> None:
    at = _staffing(_open("staff"))
    bad = "单位名称,年度,行政编制\n市委组织部,2024,-3\n市科学技朮局,2024,10\n".encode()
    at.file_uploader[0].upload("staffing.csv", bad, "text/csv").run()
    assert [e.value for e in at.error] == [
        "文件有 2 处错误，不能导入，数据库没有任何改动。请按下列问题修改后重新上传。"
    ]
    problems = at.dataframe[0].value.iloc[:, 0].tolist()
    assert problems == [
        "第 2 行 “行政编制”：-3 不能为负数",
        "第 3 行 “单位名称”：单位“市科学技朮局”不在单位名录中（是否为“市科学技术局”？）",
    ]
    assert not at.metric  # no counts for a file that was not compared
    at.button[0].click().run()  # import anyway
    assert [_plain(e.value) for e in at.error][-1].startswith("文件有错误，不能导入")
    assert _batches(demo_db) == 0


def test_a_macro_workbook_gets_a_message(demo_db: Engine) -> None:
    at = _staffing(_open("staff"))
    at.file_uploader[0].upload("staffing.xlsm", _xlsm()).run()
    assert at.dataframe[0].value.iloc[:, 0].tolist() == [
        "不接受启用宏的工作簿（.xlsm）。请另存为 .xlsx 后导入。"
    ]


def _xlsm() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
        )
    return out.getvalue()


def test_preview_confirm_history_and_undo(demo_db: Engine) -> None:
    at = _staffing(_open("staff"))
    at.file_uploader[0].upload("staffing.xlsx", _modified_staffing(demo_db)).run()
    assert not errors(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["新增"] == "1" and metrics["更新"] == "1"
    new_rows, changed = (d.value for d in at.dataframe)
    assert new_rows.iloc[0].tolist()[:4] == [new_rows.iloc[0, 0], "市科学技术局", "2031", "30"]
    assert changed.iloc[0].tolist()[1:] == ["市委组织部 · 2024", "行政编制", "62 → 65"]
    assert _batches(demo_db) == 0  # the preview wrote nothing

    at.button[0].click().run()  # 确认导入
    assert _batches(demo_db) == 1
    with demo_db.connect() as conn:
        batch = conn.execute(select(func.max(ImportBatch.id))).scalar_one()
    assert [_plain(s.value) for s in at.success] == [
        f"已导入，批次 #{batch}：新增 1，更新 1，未变 {metrics['未变']}"
    ]
    assert at.file_uploader[0].value is None  # the imported file is not offered again
    at.button[0].click().run()  # a second press imports nothing
    assert _batches(demo_db) == 1

    at.button(key=f"data_import_undo_{batch}").click().run()
    assert [_plain(s.value) for s in at.success] == [f"已撤销批次 {batch}，恢复 2 行。"]
    assert not [b for b in at.button if b.key == f"data_import_undo_{batch}"]


def test_confirm_imports_only_the_file_previewed(demo_db: Engine) -> None:
    at = _staffing(_open("staff"))
    at.file_uploader[0].upload("a.xlsx", _modified_staffing(demo_db)).run()
    assert at.metric  # previewed
    # Another file arrives in the same run as the press of the button drawn for the first.
    other = "单位名称,年度,行政编制\n市委组织部,2024,70\n".encode()
    at.file_uploader[0].set_value(("b.csv", other, "text/csv"))
    at.button[0].click().run()
    assert [_plain(w.value) for w in at.warning] == [
        "上传的文件或数据类型与所预览的不一致：请查看新的预览后再确认导入。"
    ]
    assert _batches(demo_db) == 0


def test_the_page_in_english(demo_db: Engine) -> None:
    at = _staffing(_open("staff", "en"), "en")
    at.file_uploader[0].upload("staffing.xlsx", _modified_staffing(demo_db, "en")).run()
    assert not errors(at)
    assert at.header[0].value == "Data import"
    assert [m.label for m in at.metric] == ["New", "Changed", "Unchanged"]
    changed = at.dataframe[1].value
    labels = json.loads(at.dataframe[1].proto.columns)
    assert [labels[c]["label"] for c in changed.columns] == [
        "Row",
        "Record",
        "Field",
        "Before → after",
    ]
    assert changed.iloc[0].tolist()[2:] == ["Authorized administrative", "62 → 65"]
    at.button[0].click().run()
    assert _plain(at.success[0].value).startswith("Imported as batch #")


def test_an_undo_refused_says_why(demo_db: Engine) -> None:
    at = _staffing(_open("staff"))
    for value in (65, 66):  # two batches that change the same row
        wb = load_workbook(io.BytesIO(build_template(demo_db, SYSTEM, KINDS["staffing"])))
        ws = wb.active
        assert ws is not None
        ws["C2"] = value
        data = io.BytesIO()
        wb.save(data)
        at.file_uploader[0].upload(f"staffing-{value}.xlsx", data.getvalue()).run()
        at.button[0].click().run()
    with demo_db.connect() as conn:
        first, second = conn.execute(
            select(ImportBatch.id)
            .where(ImportBatch.username != "seed-demo")
            .order_by(ImportBatch.id)
        ).scalars()
    at.button(key=f"data_import_undo_{first}").click().run()
    assert [_plain(e.value) for e in at.error] == [
        f"不能撤销批次 {first}：之后的批次 #{second} 修改了同样的数据，请先撤销它们。"
    ]
    assert _batches(demo_db) == 2

"""The data-import view models, pure: a dry run's result as the preview shows it (names for
ids, before → after per changed field, removed rows, long lists cut with a note) and the
guards on the import button."""

from __future__ import annotations

from data_access.imports import KINDS, ImportResult, RowChange, RowRemoval
from views.data_import import confirm_refusal, file_sha256
from views.import_preview import PREVIEW_ROWS, build_preview

NAMES = {"agency": {7: "市科学技术局", 9: "市委组织部"}, "city": {1: "济南"}}


def _staffing(agency: int, year: int, xz: int, sections: int = 6) -> dict[str, object]:
    counts = dict.fromkeys(KINDS["staffing"].fields, 1)  # type: ignore[attr-defined]
    return {"agency_id": agency, "year": year, **counts, "authorized_xz": xz,
            "internal_sections": sections}  # fmt: skip


def test_a_changed_row_names_its_record_and_each_changed_field() -> None:
    result = ImportResult("staffing", "f.xlsx", "abc")
    # 62 → 65 in 行政编制 and 6 → 7 sections; 3 == 3.0 is no change
    before = {**_staffing(9, 2024, 62), "authorized_gq": 3}
    after = {**_staffing(9, 2024, 65, 7), "authorized_gq": 3.0}
    result.changed.append(RowChange(4, (9, 2024), before, after))
    result.new.append(RowChange(5, (7, 2031), None, _staffing(7, 2031, 30)))
    result.unchanged = 12
    p = build_preview(result, KINDS["staffing"], NAMES, "zh")
    assert [(k.label, k.value) for k in p.kpis] == [("新增", 1), ("更新", 1), ("未变", 12)]
    assert p.changes == 2 and p.ok
    assert p.changed_rows.frame.to_dict("records") == [
        {"row": 4, "record": "市委组织部 · 2024", "field": "行政编制", "change": "62 → 65"},
        {"row": 4, "record": "市委组织部 · 2024", "field": "内设机构数", "change": "6 → 7"},
    ]
    new = p.new_rows.display().iloc[0].tolist()
    assert new[:4] == [5, "市科学技术局", "2031", "30"]
    assert p.message == "检查通过（新增 1，更新 1，未变 12）。确认无误后点击“确认导入”写入数据库。"


def test_errors_show_no_counts_and_count_the_unlisted() -> None:
    result = ImportResult("cities", "f.csv", "abc", errors=["第 2 行：…"] * 50, error_count=73)
    p = build_preview(result, KINDS["cities"], NAMES, "en")
    assert not p.ok and p.more_errors == "… and 23 more errors not listed"
    assert p.message.startswith("The file has 73 errors")


def test_removed_rows_are_counted_and_listed() -> None:
    kind = KINDS["individual"]
    result = ImportResult("individual", "f.xlsx", "abc", unchanged=3)
    before = {"code": "X-KJ-2", "agency_type": "科技", "name": "成果转化", "weight": 1.5}
    result.removed.append(RowRemoval(("X-KJ-2",), before))
    p = build_preview(result, kind, {}, "zh")
    assert [(k.label, k.value) for k in p.kpis][-1] == ("删除", 1)
    assert p.changes == 1
    shown = p.removed_rows.display()
    assert "行号" not in shown.columns  # a removed row is not in the file
    assert shown.iloc[0].tolist()[:2] == ["科技", "X-KJ-2"]


def test_long_lists_are_cut_with_a_note() -> None:
    result = ImportResult("staffing", "f.xlsx", "abc")
    result.new += [
        RowChange(i + 2, (7, 1950 + i), None, _staffing(7, 1950 + i, i))
        for i in range(PREVIEW_ROWS + 20)
    ]
    p = build_preview(result, KINDS["staffing"], NAMES, "zh")
    assert len(p.new_rows) == PREVIEW_ROWS
    assert p.new_note == f"只显示前 {PREVIEW_ROWS} 行，共 {PREVIEW_ROWS + 20} 行。"


def test_the_import_button_imports_only_the_file_previewed() -> None:
    data = b"a,b\n1,2\n"
    ok = ImportResult("staffing", "f.csv", file_sha256(data))
    ok.new.append(RowChange(2, (7, 2031), None, _staffing(7, 2031, 30)))
    previewed = build_preview(ok, KINDS["staffing"], NAMES, "zh")
    assert confirm_refusal(previewed, data, "zh") is None
    no_file = confirm_refusal(previewed, None, "zh")
    assert no_file is not None and no_file.text.startswith("还没有选择文件")
    other = confirm_refusal(previewed, data + b"3,4\n", "zh")
    assert other is not None and other.level == "warning" and "不一致" in other.text
    same = build_preview(ImportResult("staffing", "f.csv", file_sha256(data), unchanged=1),
                         KINDS["staffing"], NAMES, "zh")  # fmt: skip
    nothing = confirm_refusal(same, data, "zh")
    assert nothing is not None and nothing.text == "文件与已存数据完全一致，没有任何改动。"

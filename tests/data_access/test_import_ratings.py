"""The import kind ``ratings`` (外部评价): the long layout and the matrix offices circulate
(told apart automatically), every bad cell named in the user's language with nothing written,
re-import changes nothing, undo restores exactly. Both engines (TEST_DATABASE_URL)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select

from data_access.imports import KINDS, ImportRefused, build_template, run_import, undo
from data_access.models import AuditLog, ExternalRating, ImportBatch
from tests.data_access.rectification_fixtures import ADMIN, STAFF, build_small_database

KIND = KINDS["ratings"]
HEADER = "评价单位,被评价单位,评价事项,评价等次,存在问题\n"
GOOD = HEADER + (
    "市财政局,市科学技术局,党建,好,\n"
    "市财政局,市科技局,人事,较好,\n"
    "市审计局,市科学技术局,党建,一般,党建与业务融合不够紧密\n"
    "济宁高新区,市外事办公室,财务,好,\n"
)


@pytest.fixture()
def db(fresh_engine: Engine) -> tuple[Engine, dict[str, int]]:
    return fresh_engine, build_small_database(fresh_engine)


def _run(
    engine: Engine, data: bytes, name: str = "ratings.csv", lang: str = "zh", year: int = 2024
) -> object:
    return run_import(engine, STAFF, KIND, data, name, round_year=year, lang=lang)


def _stored(engine: Engine) -> list[tuple[object, ...]]:
    e = ExternalRating
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(e.round_id, e.agency_id, e.rater, e.matter, e.rating, e.problems).order_by(
                    e.agency_id, e.rater, e.matter
                )
            )
        ]


def _batches(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(ImportBatch.id)).all())


def matrix(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """A workbook with one sheet per matter (rows of cells), as offices circulate it."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


MATRIX: dict[str, Sequence[Sequence[object]]] = {
    "党建": [
        ("评价单位＼被评价单位", "市科学技术局", "市外办", "市发展和改革委员会"),
        ("市财政局", "好", "较好", "一般"),
        ("市审计局", "较好", None, "好"),
        ("济宁高新区", "一般", "好", None),
    ],
    "人事": [
        (None, "市科技局", "市外事办公室"),
        ("市委组织部", "好", "好"),
    ],
    "Sheet3": [],
}


def test_a_long_file_is_stored_and_a_second_import_changes_nothing(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, ids = db
    result = _run(engine, GOOD.encode())
    assert result.ok, result.errors  # type: ignore[attr-defined]
    assert result.summary("zh") == "新增 4，更新 0，未变 0"  # type: ignore[attr-defined]
    sci, fa = ids["市科学技术局"], ids["市外事办公室"]
    r = ids["r2024"]
    assert _stored(engine) == [
        (r, sci, "市审计局", "党建", "一般", "党建与业务融合不够紧密"),
        (r, sci, "市财政局", "人事", "较好", None),  # the short name 市科技局 → its agency
        (r, sci, "市财政局", "党建", "好", None),
        (r, fa, "济宁高新区", "财务", "好", None),
    ]
    again = _run(engine, GOOD.encode())
    assert again.nothing_changed and again.batch_id is None  # type: ignore[attr-defined]
    assert _batches(engine) == 2  # the agencies file and the first ratings file only


def test_english_headers_and_levels_are_accepted(db: tuple[Engine, dict[str, int]]) -> None:
    engine, _ids = db
    text = "Rater,Rated agency,Matter,Rating,Problems noted\n市财政局,市外办,finance,Fairly good,\n"
    result = _run(engine, text.encode(), lang="en")
    assert result.ok, result.errors  # type: ignore[attr-defined]
    assert [row[3:5] for row in _stored(engine)] == [("财务", "较好")]


def test_a_change_is_an_update_and_undo_restores_the_state_before(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, _ids = db
    first = _run(engine, GOOD.encode())
    before = _stored(engine)
    changed = GOOD.replace(
        "市财政局,市科技局,人事,较好,", "市财政局,市科技局,人事,一般,编制台账不全"
    )
    extra = changed + "市商务局,市外办,党建,好,\n"
    result = _run(engine, extra.encode())
    assert result.summary("zh") == "新增 1，更新 1，未变 3"  # type: ignore[attr-defined]
    with engine.connect() as conn:
        audit = conn.execute(
            select(AuditLog.before, AuditLog.after).where(AuditLog.action == "import.ratings")
        ).all()
    assert any(b is not None and b["rating"] == "较好" and a["rating"] == "一般" for b, a in audit)
    assert undo(engine, ADMIN, result.batch_id) == 2  # type: ignore[attr-defined]
    assert _stored(engine) == before
    assert undo(engine, ADMIN, first.batch_id) == 4  # type: ignore[attr-defined]
    assert _stored(engine) == []


def test_a_matrix_is_detected_and_read_one_sheet_per_matter(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, ids = db
    result = _run(engine, matrix(MATRIX), "评价汇总.xlsx")
    assert result.ok, result.errors  # type: ignore[attr-defined]
    # 党建: 3 + 2 + 2 filled cells (blank = not rated); 人事: 2; the empty Sheet3 is skipped
    assert len(result.new) == 9  # type: ignore[attr-defined]
    rows = _stored(engine)
    assert (ids["r2024"], ids["市外事办公室"], "市财政局", "党建", "较好", None) in rows
    assert (ids["r2024"], ids["市科学技术局"], "市委组织部", "人事", "好", None) in rows
    assert not any(r[2] == "市审计局" and r[1] == ids["市外事办公室"] for r in rows)
    again = _run(engine, matrix(MATRIX), "评价汇总.xlsx")
    assert again.nothing_changed  # type: ignore[attr-defined]


def test_a_matrix_keeps_the_problems_a_long_file_noted(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    long = HEADER + "市审计局,市科学技术局,党建,一般,党建与业务融合不够紧密\n"
    assert _run(engine, long.encode()).ok  # type: ignore[attr-defined]
    result = _run(engine, matrix({"党建": [("", "市科学技术局"), ("市审计局", "较好")]}), "m.xlsx")
    assert result.summary("zh") == "新增 0，更新 1，未变 0"  # type: ignore[attr-defined]
    assert _stored(engine) == [
        (ids["r2024"], ids["市科学技术局"], "市审计局", "党建", "较好", "党建与业务融合不够紧密")
    ]


def test_a_gb18030_csv_is_accepted(db: tuple[Engine, dict[str, int]]) -> None:
    engine, _ids = db
    result = _run(engine, GOOD.encode("gb18030"), "ratings-wps.csv")
    assert result.ok, result.errors  # type: ignore[attr-defined]
    assert {r[2] for r in _stored(engine)} == {"市财政局", "市审计局", "济宁高新区"}


def test_the_template_has_the_columns_and_the_stored_ratings(
    db: tuple[Engine, dict[str, int]],
) -> None:
    from openpyxl import load_workbook

    engine, _ids = db
    assert _run(engine, GOOD.encode()).ok  # type: ignore[attr-defined]
    wb = load_workbook(io.BytesIO(build_template(engine, STAFF, KIND, "zh", round_year=2024)))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("评价单位", "被评价单位", "评价事项", "评价等次", "存在问题")
    assert ("市审计局", "市科学技术局", "党建", "一般", "党建与业务融合不够紧密") in rows


def test_without_a_round_the_import_is_refused(db: tuple[Engine, dict[str, int]]) -> None:
    engine, _ids = db
    with pytest.raises(ImportRefused, match="批次"):
        run_import(engine, STAFF, KIND, GOOD.encode(), "r.csv", lang="zh")
    assert _stored(engine) == []


# -- malformed files: the localized message naming the cell, and nothing written ------------

BAD: dict[str, tuple[object, str, dict[str, str]]] = {
    "level_outside_the_three": (
        lambda: (GOOD + "市审计局,市外办,党建,优,\n").encode(),
        "r.csv",
        {
            "zh": "第 6 行 “评价等次”：“优”不是允许的值（好/较好/一般）",
            "en": "Row 6, “Rating”: “优” is not allowed (好/较好/一般)",
        },
    ),
    "unknown_rater_with_closest_match": (
        lambda: (GOOD + "市财务局,市外办,党建,好,\n").encode(),
        "r.csv",
        {
            "zh": "第 6 行 “评价单位”：评价单位“市财务局”不是已知的评价部门或开发区"
            "（是否为“市财政局”？）",
            "en": "Row 6, “Rater”: rater “市财务局” is not a known rating department or "
            "development zone (did you mean “市财政局”?)",
        },
    ),
    "unknown_agency_in_a_matrix_header": (
        lambda: matrix({"党建": [("", "市科学技术局", "市外事办"), ("市财政局", "好", "好")]}),
        "m.xlsx",
        {
            "zh": "工作表“党建” C1 单元格：单位“市外事办”不在单位名录中（是否为“市外办”？）",
            "en": "Sheet “党建”, cell C1: agency “市外事办” is not in the registry "
            "(did you mean “市外办”?)",
        },
    ),
    "duplicate_rater_agency_matter": (
        lambda: (GOOD + "市财政局,市科学技术局,党建,较好,\n").encode(),
        "r.csv",
        {"zh": "第 6 行：与第 2 行重复", "en": "Row 6: repeats row 2"},
    ),
    "duplicate_in_a_matrix": (
        lambda: matrix(
            {
                "党建": [
                    ("", "市科学技术局"),
                    ("市财政局", "好"),
                    ("市审计局", "好"),
                    ("市财政局", "一般"),
                ]
            }
        ),
        "m.xlsx",
        {
            "zh": "工作表“党建” B4 单元格：同一评价单位对同一单位、同一事项重复评价（另见 党建!B2）",
            "en": "Sheet “党建”, cell B4: the same rater rates the same agency and matter twice "
            "(see also 党建!B2)",
        },
    ),
    "missing_column": (
        lambda: "评价单位,被评价单位,评价事项\n市财政局,市外办,党建\n".encode(),
        "r.csv",
        {
            "zh": "缺少列：评价等次（请使用下载的模板）",
            "en": "Missing columns: Rating (use the downloaded template)",
        },
    ),
    "matrix_with_an_empty_agency_header": (
        lambda: matrix({"人事": [("", "市科学技术局", None), ("市财政局", "好", "较好")]}),
        "m.xlsx",
        {
            "zh": "工作表“人事” C1 单元格：该列有评价等次，但第一行没有被评价单位",
            "en": "Sheet “人事”, cell C1: this column holds ratings but its first row names "
            "no agency",
        },
    ),
    "matrix_sheet_not_a_matter": (
        lambda: matrix({"党见": [("", "市科学技术局"), ("市财政局", "好")]}),
        "m.xlsx",
        {
            "zh": "工作表“党见”（工作表名称即评价事项）：评价事项“党见”不是本批次评价的事项"
            "（是否为“党建”？）",
            "en": "Sheet “党见” (the sheet's name is the matter): matter “党见” is not a matter "
            "this round rates (did you mean “党建”?)",
        },
    ),
    "matrix_level_outside_the_three": (
        lambda: matrix({"党建": [("", "市科学技术局"), ("市财政局", "很好"), ("市审计局", "好")]}),
        "m.xlsx",
        {
            "zh": "工作表“党建” B2 单元格：评价等次“很好”不是 好/较好/一般 之一",
            "en": "Sheet “党建”, cell B2: rating “很好” is not one of 好/较好/一般",
        },
    ),
    "an_agency_rating_itself": (
        lambda: (HEADER + "市发展和改革委员会,市发改委,党建,好,\n").encode(),
        "r.csv",
        {
            "zh": "第 2 行 “评价单位”：“市发展和改革委员会”不能评价本单位",
            "en": "Row 2, “Rater”: “市发展和改革委员会” cannot rate itself",
        },
    ),
    "damaged_xls": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Workbook" * 64,
        "评价.xls",
        {
            "zh": "无法读取该旧版 Excel（.xls）文件，可能已损坏。",
            "en": "This old-format Excel (.xls) file cannot be read; it may be damaged.",
        },
    ),
    "csv_saved_as_xls": (
        lambda: GOOD.encode("gb18030"),
        "评价.xls",
        {
            "zh": "文件扩展名是 Excel，但内容是 CSV 文本。",
            "en": "The file is named as an Excel file but holds CSV text.",
        },
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_refused_with_a_message_naming_the_cell(
    db: tuple[Engine, dict[str, int]], case: str, lang: str
) -> None:
    engine, _ids = db
    build, name, expected = BAD[case]
    batches = _batches(engine)
    result = _run(engine, build(), str(name), lang=lang)  # type: ignore[operator]
    assert not result.ok  # type: ignore[attr-defined]
    assert any(expected[lang] in e for e in result.errors), result.errors  # type: ignore[attr-defined]
    assert _stored(engine) == [] and _batches(engine) == batches

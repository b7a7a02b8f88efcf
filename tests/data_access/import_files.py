"""Helpers for the import tests: a small registry to import against, per-table checksums of a
whole database, and builders of .xlsx / .csv / zip files in memory."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import zipfile
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from sqlalchemy import Engine, MetaData, insert, select

from data_access.imports.registry import StaffingKind
from data_access.models import Agency, City, CityPopulation, EvaluationRound, Staffing
from data_access.scope import Principal
from domain.vocab import Role, RoundStatus

__all__ = [
    "STAFF",
    "CITIES",
    "AGENCIES",
    "STAFF_H",
    "AG_H",
    "CITY_H",
    "ORG_2024",
    "seed",
    "checksums",
    "xlsx",
    "xlsx_with_xml",
    "csv_bytes",
    "zip_bytes",
    "org_row",
    "Make",
    "FILE_LEVEL",
    "zip_bomb",
]

STAFF = Principal("staff", Role.STAFF, None)
CITIES = (
    *("济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁"),
    *("泰安", "威海", "日照", "临沂", "德州", "聊城", "菏泽", "滨州"),
)
# name, short name, type, nature
AGENCIES = (
    ("市委组织部", "组织部", "组织", "党委工作机关"),
    ("市科学技术局", "科技局", "科技", "政府工作部门"),
    ("市行政审批服务局", "审批局", "行政审批", "政府工作部门"),
    ("市发展和改革委员会", "发改委", "发改", "政府工作部门"),
)
STAFF_H = [
    *("单位名称", "年度", "行政编制", "事业编制", "工勤编制", "实有行政", "实有事业"),
    *("实有工勤", "领导职数核定", "领导职数实配", "内设机构数"),
]
AG_H = ["单位名称", "简称", "单位类型", "单位性质", "机构规格"]
CITY_H = ["城市", "年度", "常住人口（万人）"]
ORG_2024: list[object] = ["市委组织部", 2024, 62, 15, 3, 56, 14, 3, 6, 6, 14]  # as seeded


def seed(engine: Engine, extra_agencies: int = 0) -> None:
    """The 16 cities (济南 2023: 941.47), four agencies (+ ``extra_agencies`` named 测试单位N),
    市委组织部's 2024 staffing (ORG_2024), a completed 2022 round and an open 2024 one."""
    with engine.begin() as conn:
        conn.execute(insert(City), [{"id": i, "name": n} for i, n in enumerate(CITIES, 1)])
        conn.execute(insert(CityPopulation).values(city_id=1, year=2023, population=941.47))
        agencies = [
            {"name": n, "short_name": s, "agency_type": t, "nature": nat, "rank": "正县级"}
            for n, s, t, nat in AGENCIES
        ] + [
            {
                "name": f"测试单位{i}",
                "short_name": f"测{i}",
                "agency_type": "科技",
                "nature": "事业单位",
                "rank": "副县级",
            }
            for i in range(extra_agencies)
        ]
        conn.execute(insert(Agency), agencies)
        org = conn.execute(select(Agency.id).where(Agency.name == "市委组织部")).scalar_one()
        values = dict(zip(StaffingKind.fields, ORG_2024[2:], strict=True))
        conn.execute(insert(Staffing).values(agency_id=org, year=2024, **values))
        conn.execute(
            insert(EvaluationRound),
            [
                {
                    "year": 2022,
                    "name": "2022年度评估",
                    "status": RoundStatus.COMPLETED.value,
                    "config": {},
                    "completed_at": dt.datetime(2023, 3, 1),
                },
                {
                    "year": 2024,
                    "name": "2024年度评估",
                    "status": RoundStatus.IN_PROGRESS.value,
                    "config": {},
                    "completed_at": None,
                },
            ],
        )


def checksums(engine: Engine) -> dict[str, str]:
    """Every table → sha256 of all its rows, read in primary-key order (all columns when a
    table has no primary key). Equal dicts: the database holds exactly the same data."""
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            digest = hashlib.sha256()
            for row in conn.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
                digest.update(b"\n")
            out[name] = digest.hexdigest()
    return out


def xlsx(
    *rows: Sequence[object],
    prepare: Callable[[object], None] | None = None,
    prepare_book: Callable[[object], None] | None = None,
) -> bytes:
    """A workbook whose first sheet holds ``rows``; ``prepare`` may change that sheet (merge
    cells, set cell types), ``prepare_book`` the workbook (add sheets)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "数据"
    for row in rows:
        ws.append(list(row))
    if prepare:
        prepare(ws)
    if prepare_book:
        prepare_book(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_with_xml(data: bytes, old: str, new: str) -> bytes:
    """The workbook with the first ``old`` in its first sheet's XML replaced by ``new`` (what
    openpyxl cannot write, e.g. a formula with a cached value)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                assert old in text
                content = text.replace(old, new, 1).encode()
            dst.writestr(item, content)
    return out.getvalue()


def csv_bytes(*rows: Sequence[object], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def zip_bytes(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


def org_row(**changes: object) -> list[object]:
    """The stored 市委组织部 2024 row with some cells changed (by header)."""
    row = list(ORG_2024)
    for header, value in changes.items():
        row[STAFF_H.index(header)] = value
    return row


# -- files that are not a table of any kind (the engine must say why) ----------------------

Make = Callable[[], bytes]
_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
_DOCX_TYPES = (
    '<Types><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_XLSM_TYPES = (
    '<Types><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
)
# A password-protected .xlsx is an OLE compound file (an EncryptedPackage inside).
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"EncryptedPackage" * 64
# As Office writes it: directory entry names are UTF-16.
_CFB_ENCRYPTED = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") * 8
)
_CFB_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Workbook" * 64


@functools.cache
def zip_bomb(megabytes: int = 200) -> bytes:
    """An .xlsx (a real one, as openpyxl writes it) whose shared note is ``megabytes`` MB of
    one letter: about 200 KB packed. Built once per test session."""
    base = zipfile.ZipFile(io.BytesIO(xlsx(STAFF_H, ORG_2024)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in base.infolist():
            content = base.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                note = b"<t>" + b"a" * (megabytes * 1024 * 1024) + b"</t>"
                content = content.replace("<t>市委组织部</t>".encode(), note, 1)
            dst.writestr(item.filename, content)
    return out.getvalue()


FILE_LEVEL: dict[str, tuple[Make, str, str, dict[str, object]]] = {
    "empty": (lambda: b"", "f.xlsx", "imp_file_empty", {}),
    "only_whitespace": (lambda: b" \r\n\t\n", "f.csv", "imp_file_empty", {}),
    "pdf_named_xlsx": (lambda: _PDF, "f.xlsx", "imp_file_not_excel", {}),
    "docx_named_xlsx": (
        lambda: zip_bytes({"[Content_Types].xml": _DOCX_TYPES, "word/document.xml": "<w/>"}),
        "f.xlsx",
        "imp_file_broken",
        {},
    ),
    "truncated_xlsx": (lambda: xlsx(STAFF_H, ORG_2024)[:900], "f.xlsx", "imp_file_truncated", {}),
    "truncated_by_one_byte": (
        lambda: xlsx(STAFF_H, ORG_2024)[:-1],
        "f.xlsx",
        "imp_file_truncated",
        {},
    ),
    "encrypted_workbook": (lambda: _CFB, "f.xlsx", "imp_file_encrypted", {}),
    "xlsm": (
        lambda: zip_bytes({"[Content_Types].xml": _XLSM_TYPES, "xl/workbook.xml": "<w/>"}),
        "f.xlsm",
        "imp_file_macro",
        {},
    ),
    # 0xFF never starts a GB18030 character, and is not UTF-8 either.
    "invalid_bytes_csv": (
        lambda: "单位名称,年度\n".encode("gb18030") + b"\xff\xfe\xff,2024\n",
        "f.csv",
        "imp_file_encoding",
        {},
    ),
    "nul_bytes_csv": (lambda: b"a,b\nc\x00d,e\n", "f.csv", "imp_file_not_table", {}),
    "over_50_mb": (
        lambda: b"a" * (50 * 1024 * 1024 + 1),
        "f.csv",
        "imp_file_too_big",
        {"limit": 50},
    ),
    "over_200_columns": (
        lambda: csv_bytes([f"x{i}" for i in range(201)]),
        "f.csv",
        "imp_file_too_many_columns",
        {"limit": 200},
    ),
    "over_200000_rows": (
        lambda: b"a\n" * 200_002,
        "f.csv",
        "imp_file_too_many_rows",
        {"limit": 200_000},
    ),
    # a 206 KB workbook whose note unpacks to 200 MB (1.4 GB peak before the limit)
    "zip_bomb_200_mb_note": (
        lambda: zip_bomb(),
        "f.xlsx",
        "imp_file_too_big_unpacked",
        {"limit": 100},
    ),
    # 1 MB of text in one cell: refused from the packed XML, before calamine reads it
    "xlsx_note_of_1_mb": (
        lambda: xlsx_with_xml(
            xlsx(STAFF_H, ORG_2024), "<t>市委组织部</t>", "<t>" + "注" * 1_000_000 + "</t>"
        ),
        "f.xlsx",
        "imp_file_cell_too_long",
        {"limit": 32_767},
    ),
    "csv_field_of_1_mb": (
        lambda: csv_bytes(STAFF_H, ["a" * 1_000_000, 2024]),
        "f.csv",
        "imp_file_cell_too_long",
        {"limit": 32_767},
    ),
    "csv_named_xlsx": (
        lambda: csv_bytes(STAFF_H, ORG_2024),
        "f.xlsx",
        "imp_file_csv_named_excel",
        {},
    ),
    "csv_named_xls": (
        lambda: csv_bytes(STAFF_H, ORG_2024, encoding="gb18030"),
        "f.xls",
        "imp_file_csv_named_excel",
        {},
    ),
    # an old-format workbook that is damaged (a compound file holding no workbook)
    "damaged_xls": (lambda: _CFB_XLS, "f.xls", "imp_file_xls_broken", {}),
    "encrypted_workbook_utf16_directory": (
        lambda: _CFB_ENCRYPTED,
        "f.xlsx",
        "imp_file_encrypted",
        {},
    ),
    "xlsm_named_xlsx": (
        lambda: zip_bytes({"[Content_Types].xml": _XLSM_TYPES, "xl/workbook.xml": "<w/>"}),
        "f.xlsx",
        "imp_file_macro",
        {},
    ),
    "png_named_csv": (
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "f.csv",
        "imp_file_not_table",
        {},
    ),
    "unrelated_table": (
        lambda: xlsx(["姓名", "电话"], ["张三", "123"]),
        "f.xlsx",
        "imp_no_header",
        {},
    ),
}

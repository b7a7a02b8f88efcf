"""The command line of issue 8 as a contract: `round`, `template`, `import`, `imports`.

Exit 0 with the one-line summary '新增 N，更新 N，未变 N' (and 'nothing changed', and the dry-run
note); exit 1 listing every bad row by row and column, in Chinese or English; --dry-run
writes nothing; batches are listed and undone. The commands run in-process through
``manage.main`` (the same parsing and exit codes as a shell; test_manage.py runs real
processes) against fresh SQLite and PostgreSQL databases. The last test is the issue's
"done when": a clean database reaches a fully scored round with only round create,
template and import.
"""

from __future__ import annotations

import csv
import getpass
import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select

from data_access.models import ImportBatch, RoundAgency, Staffing
from manage import main


class Cli:
    """Runs manage.py commands against one database: (exit code, stdout, stderr)."""

    def __init__(self, engine: Engine, folder: Path) -> None:
        self.url = engine.url.render_as_string(hide_password=False)
        self.folder = folder

    def __call__(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(["--database-url", self.url, *args])
            except SystemExit as exc:  # argparse: --help, a bad option
                code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    def file(self, name: str, text: str, encoding: str = "utf-8") -> str:
        path = self.folder / name
        path.write_bytes(text.encode(encoding))
        return str(path)


@pytest.fixture()
def cli(fresh_engine: Engine, tmp_path: Path) -> Cli:
    return Cli(fresh_engine, tmp_path)


AGENCIES = (
    "单位名称,简称,英文名称,单位类型,单位性质,机构规格\n"
    "市科学技术局,市科技局,Science and Technology Bureau,科技,政府工作部门,正县级\n"
    "市外事办公室,市外办,Foreign Affairs Office,外事,政府工作部门,正县级\n"
)
STAFFING_HEAD = "单位名称,年度,行政编制,实有行政\n"


def _count(engine: Engine, model: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())  # type: ignore[arg-type]


def test_help_documents_the_commands(cli: Cli) -> None:
    code, out, _err = cli("--help")
    assert code == 0
    for line in (
        "manage.py template KIND [--round YEAR] [--lang zh|en] -o FILE.xlsx",
        "manage.py import KIND FILE [--round YEAR] [--dry-run] [--lang zh|en] [--as USER]",
        "manage.py imports list | imports undo ID",
        "manage.py round create --year YEAR --name NAME [--english-name NAME] [--copy-from YEAR]",
        "manage.py round agencies --year YEAR --add NAME… | --remove NAME… | --file FILE",
        "manage.py round status --year YEAR 评估中|已完成",
    ):
        assert line in out
    code, out, _err = cli("import", "--help")
    assert code == 0 and all(o in out for o in ("--dry-run", "--as USER", "--round YEAR"))


def test_summary_nothing_changed_and_the_user(cli: Cli, fresh_engine: Engine) -> None:
    path = cli.file("agencies.csv", AGENCIES)
    code, out, err = cli("import", "agencies", path, "--as", "zhang")
    assert (code, out, err) == (0, "新增 2，更新 0，未变 0\n", "")
    code, out, _err = cli("import", "agencies", path, "--lang", "en")
    assert code == 0
    assert out.splitlines() == [
        "new 0, changed 0, unchanged 2",
        "The file matches what is stored: nothing changed.",
    ]
    staffing = cli.file("s.csv", STAFFING_HEAD + "市科技局,2024,20,19\n")
    assert cli("import", "staffing", staffing)[0] == 0  # no --as: the operating-system user
    with fresh_engine.connect() as conn:
        users = conn.execute(select(ImportBatch.username).order_by(ImportBatch.id)).scalars()
        assert list(users) == ["zhang", getpass.getuser()]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "第 3 行 “行政编制”：“二十”不是数字",
                "第 4 行 “单位名称”：单位“市科学技术厅”不在单位名录中（是否为“市科学技术局”？）",
                "第 5 行 “年度”：年度 1900 超出范围 1949–2100",
                "导入未执行，数据库没有任何改动。",
            ],
        ),
        (
            "en",
            [
                "Row 3, “Authorized administrative”: “二十” is not a number",
                "Row 4, “Agency”: agency “市科学技术厅” is not in the registry"
                " (did you mean “市科学技术局”?)",
                "Row 5, “Year”: year 1900 is outside 1949–2100",
                "Nothing was imported; the database is unchanged.",
            ],
        ),
    ],
)
def test_errors_by_row_and_column(
    cli: Cli, fresh_engine: Engine, lang: str, expected: list[str]
) -> None:
    cli("import", "agencies", cli.file("a.csv", AGENCIES))
    bad = (
        STAFFING_HEAD + "市科技局,2024,20,19\n"
        "市外办,2024,二十,8\n"
        "市科学技术厅,2023,20,19\n"
        "市外办,1900,10,9\n"
    )
    code, out, err = cli("import", "staffing", cli.file("s.csv", bad), "--lang", lang)
    assert (code, out) == (1, "")
    assert err.splitlines() == expected
    assert _count(fresh_engine, Staffing) == 0  # all rows or none: the good row 2 neither


def test_every_error_is_counted_and_fifty_are_listed(cli: Cli) -> None:
    cli("import", "agencies", cli.file("a.csv", AGENCIES))
    rows = "".join(f"市科技局,{2000 + i},-1,0\n" for i in range(60))
    code, _out, err = cli("import", "staffing", cli.file("s.csv", STAFFING_HEAD + rows))
    lines = err.splitlines()
    assert code == 1 and len(lines) == 50 + 2
    assert lines[0] == "第 2 行 “行政编制”：-1 不能为负数"
    assert lines[-2:] == ["……另有 10 处错误未列出", "导入未执行，数据库没有任何改动。"]


def test_dry_run_shows_the_changes_and_writes_nothing(cli: Cli, fresh_engine: Engine) -> None:
    cli("import", "agencies", cli.file("a.csv", AGENCIES))
    cli("import", "staffing", cli.file("s.csv", STAFFING_HEAD + "市科技局,2024,20,19\n"))
    changed = STAFFING_HEAD + "市科技局,2024,22,19\n市外办,2024,10,9\n"
    code, out, _err = cli("import", "staffing", cli.file("s2.csv", changed), "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        "第 3 行：新增",
        "第 2 行：更新 行政编制 20 → 22",
        "新增 1，更新 1，未变 0",
        "（试运行：未写入任何数据）",
    ]
    assert _count(fresh_engine, Staffing) == 1 and _count(fresh_engine, ImportBatch) == 2


def test_imports_list_and_undo(cli: Cli) -> None:
    cli("import", "agencies", cli.file("a.csv", AGENCIES), "--as", "zhang")
    cli("import", "staffing", cli.file("s.csv", STAFFING_HEAD + "市科技局,2024,20,19\n"))
    cli("import", "staffing", cli.file("s2.csv", STAFFING_HEAD + "市科技局,2024,21,19\n"))
    code, out, _err = cli("imports", "list", "--lang", "en")
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0
    assert lines[0] == [
        "Batch",
        "Kind",
        "File",
        "By",
        "At",
        "New",
        "Changed",
        "Unchanged",
        "Undone",
    ]
    assert [(r[0], r[1], r[2], r[5], r[6], r[7], r[8]) for r in lines[1:]] == [
        ("3", "staffing", "s2.csv", "0", "1", "0", ""),
        ("2", "staffing", "s.csv", "1", "0", "0", ""),
        ("1", "agencies", "a.csv", "2", "0", "0", ""),
    ]
    code, _out, err = cli("imports", "undo", "2")
    assert code == 1
    assert err == "不能撤销批次 2：之后的批次 #3 修改了同样的数据，请先撤销它们。\n"
    assert cli("imports", "undo", "3") == (0, "已撤销批次 3，恢复 1 行。\n", "")
    assert cli("imports", "undo", "3", "--lang", "en") == (
        1,
        "",
        "Import batch 3 has already been undone.\n",
    )
    assert cli("imports", "undo", "2")[0] == 0
    undone = [line.split("\t")[8] for line in cli("imports", "list")[1].splitlines()[1:3]]
    assert all(undone)  # both staffing batches show when they were undone


def test_unknown_kind_missing_round_and_unreadable_file(cli: Cli) -> None:
    path = cli.file("a.csv", AGENCIES)
    code, _out, err = cli("import", "budget", path)
    assert code == 1 and err.startswith("未知的导入类型“budget”，可选：cities、agencies")
    code, _out, err = cli("import", "indicators", path)
    assert (code, err) == (1, "导入“共性指标体系”需要指定评估批次（--round 年度）。\n")
    tree = cli.file("tree.csv", "指标代码,指标名称,分值,来源\nA,甲,100,team\n")
    code, _out, err = cli("import", "indicators", tree, "--round", "2030", "--lang", "en")
    assert (code, err) == (1, "There is no evaluation round for 2030.\n")
    code, _out, err = cli("template", "scores", "-o", str(cli.folder / "t.xlsx"))
    assert code == 1 and "--round" in err
    code, _out, err = cli("import", "agencies", str(cli.folder / "missing.csv"))
    assert code == 1 and err.startswith("error: cannot read")


def test_round_commands(cli: Cli, fresh_engine: Engine) -> None:
    cli("import", "agencies", cli.file("a.csv", AGENCIES))
    code, out, _err = cli("round", "create", "--year", "2025", "--name", "2025年度评估")
    assert (code, out) == (
        0,
        "已创建 2025 年度评估批次“2025年度评估”（编号 1，准备中）：共性指标 47 项，"
        "个性指标 21 项，使用默认指标体系和配置\n",
    )
    code, out, _err = cli(
        "round", "create", "--year", "2026", "--name", "2026", "--copy-from", "2025", "--lang", "en"
    )
    assert out.endswith("tree and configuration copied from 2025\n")
    code, out, _err = cli("round", "agencies", "--year", "2025", "--add", "市科技局", "市外办")
    assert (code, out.splitlines()) == (
        0,
        ["加入：市科学技术局", "加入：市外事办公室", "评估对象：加入 2，移出 0，现共 2 个单位"],
    )
    code, _out, err = cli("round", "agencies", "--year", "2025", "--remove", "市外事办")
    assert (code, err) == (1, "单位名录中没有“市外事办”（是否为“市外办”？）\n")
    listed = cli.file("list.csv", "单位名称\n市外办\n")
    code, out, _err = cli("round", "agencies", "--year", "2025", "--file", listed)
    assert out.splitlines() == ["移出：市科学技术局", "评估对象：加入 0，移出 1，现共 1 个单位"]
    assert cli("round", "status", "--year", "2025", "已完成") == (
        0,
        "2025 年度评估批次状态：已完成\n",
        "",
    )
    code, _out, err = cli("round", "agencies", "--year", "2025", "--add", "市科技局")
    assert (code, err) == (1, "评估批次“2025年度评估”已完成，评分和配置已冻结，不能修改。\n")
    assert _count(fresh_engine, RoundAgency) == 1
    code, _out, err = cli("round", "status", "--year", "2025", "完成")
    assert code == 2 and "invalid choice" in err  # argparse lists the allowed states


# -- done when: a clean database to a fully scored round ------------------------------------


def _fill(path: Path, rows: list[list[object]]) -> None:
    """Append rows to a template's first sheet, under its header."""
    wb = load_workbook(path)
    for row in rows:
        wb.worksheets[0].append(row)
    wb.save(path)


def test_a_clean_database_reaches_a_scored_round(cli: Cli, tmp_path: Path) -> None:
    """Only `round create`, `template` and `import`. Each agency has 20 行政 posts and 19
    people (usage 0.95: D1b full, 5 points) and no findings (the deduct leaves A1b, D1a, D2a:
    full, 11 points); the office's tree scores the external, survey and peer leaves by the
    team, so the team leaves carry 100 − 5 − 11 = 84 points. With every team leaf at the
    share f of its maximum, C = 84 f + 16:
      科技 f = 1:    C = 100, X = 90 → composite 0.8 · 100 + 0.2 · 90 = 98   (优秀)
      网信 f = 0.75: C = 79, no individual indicators → composite = C = 79  (一般)
      外事 f = 0.5:  C = 58, X = 70 → composite 0.8 · 58 + 0.2 · 70 = 60.4 (一般)
    """
    assert cli("round", "create", "--year", "2024", "--name", "2024年度评估")[0] == 0

    def template(kind: str, *extra: str) -> Path:
        path = tmp_path / f"{kind}.xlsx"
        code, _out, err = cli("template", kind, *extra, "-o", str(path))
        assert code == 0, err
        return path

    def load(kind: str, path: Path, *extra: str) -> str:
        code, out, err = cli("import", kind, str(path), *extra)
        assert code == 0, err
        return out.splitlines()[0]

    cities = template("cities")
    _fill(cities, [["济宁", 2024, 824.05], ["济南", 2024, 941.47]])
    assert load("cities", cities) == "新增 2，更新 0，未变 0"
    agencies = template("agencies", "--lang", "en")
    _fill(
        agencies,
        [
            [
                "市科学技术局",
                "市科技局",
                "Science Bureau",
                "科技",
                "Government department",
                "正县级",
            ],
            ["市委网信办", "市网信办", None, "网信", "Party committee body", "正县级"],
            ["市外事办公室", "市外办", None, "外事", "Government department", "正县级"],
        ],
    )
    assert load("agencies", agencies, "--lang", "en") == "new 3, changed 0, unchanged 0"
    staffing = template("staffing")
    _fill(
        staffing,
        [[name, 2024, 20, 0, 0, 19, 0, 0, 4, 4, 6] for name in ("市科技局", "市网信办", "市外办")],
    )
    assert load("staffing", staffing) == "新增 3，更新 0，未变 0"
    workload = template("workload")
    _fill(workload, [["市科技局", 2024, "项目数", "Projects", 310, "是", "优秀"]])
    assert load("workload", workload) == "新增 1，更新 0，未变 0"
    members = cli.file("members.csv", "单位名称\n市科技局\n市网信办\n市外办\n")
    assert cli("round", "agencies", "--year", "2024", "--file", members)[0] == 0

    tree = template("indicators", "--round", "2024")
    wb = load_workbook(tree)
    for row in wb.worksheets[0].iter_rows(min_row=2):
        if (
            row[5].value
            and row[5].value.split("[")[0] in ("external", "survey")
            or row[5].value in ("computed[staffing-peer]", "computed[workload-peer]")
        ):
            row[5].value = "team"
    wb.save(tree)
    # 3 external + 2 survey + 2 peer leaves now scored by the team
    assert load("indicators", tree, "--round", "2024") == "新增 0，更新 7，未变 40"

    scores = template("scores", "--round", "2024")
    wb = load_workbook(scores)
    share = {"市科学技术局": 1.0, "市委网信办": 0.75, "市外事办公室": 0.5}
    individual = {"市科学技术局": 90.0, "市外事办公室": 70.0}
    for row in wb.worksheets[0].iter_rows(min_row=2):
        agency, source, most = row[0].value, row[3].value, row[4].value
        if source == "team":
            row[5].value = most * share[agency]
        elif source == "individual":
            row[5].value = individual[agency]
    wb.save(scores)
    # 27 leaves − 3 deduct − 1 usage = 23 team leaves per agency: 23 × 3 + 4 科技 and 3 外事
    # individual indicators = 76 scores; the 4 other leaves of each agency stay blank and
    # create nothing (12); the sheet has 27 × 3 + 7 = 88 rows
    assert load("scores", scores, "--round", "2024") == "新增 76，更新 0，未变 12"
    assert load("scores", scores, "--round", "2024") == "新增 0，更新 0，未变 88"

    code, out, err = cli("export", "scores", "--round", "2024")
    assert code == 0, err
    rows = {r["agency"]: r for r in csv.DictReader(io.StringIO(out))}
    expected = {
        "市科学技术局": (98.0, "优秀", "1"),
        "市委网信办": (79.0, "一般", "2"),
        "市外事办公室": (60.4, "一般", "3"),
    }
    for name, (composite, grade, rank) in expected.items():
        assert abs(float(rows[name]["composite"]) - composite) < 1e-9, name
        assert (rows[name]["grade"], rows[name]["rank"], rows[name]["coverage"]) == (
            grade,
            rank,
            "1.0",
        )
    assert rows["市委网信办"]["flags"] == "no_individual"

"""Peak memory and time of `manage.py import` on the worst files of the hardening corpus
(issue 15): each file imported in a process of its own against a fresh migrated SQLite
database; prints file, size, exit code, peak RSS (MB), seconds and the first line of output.

    .venv/bin/python scripts/measure_bad_files.py
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
STAFF_H = [
    *("单位名称", "年度", "行政编制", "事业编制", "工勤编制", "实有行政", "实有事业"),
    *("实有工勤", "领导职数核定", "领导职数实配", "内设机构数"),
]
ROW = ["市委组织部", 2024, 62, 15, 3, 56, 14, 3, 6, 6, 14]


def _xlsx(*rows: Sequence[object]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _with_note(megabytes: float) -> bytes:
    """The one-row workbook with its agency cell replaced by ``megabytes`` MB of text."""
    base = zipfile.ZipFile(io.BytesIO(_xlsx(STAFF_H, ROW)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in base.infolist():
            content = base.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                note = b"<t>" + b"a" * int(megabytes * 1024 * 1024) + b"</t>"
                content = content.replace("<t>市委组织部</t>".encode(), note, 1)
            dst.writestr(item.filename, content)
    return out.getvalue()


def _csv(rows: int, bad: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STAFF_H)
    for i in range(rows):
        writer.writerow(["不存在的单位" if bad else "市委组织部", 1949 + i % 150, *ROW[2:]])
    return out.getvalue().encode()


FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "zip bomb: 206 KB inflating to 200 MB": ("bomb.xlsx", lambda: _with_note(200)),
    "note of 1 MB in an .xlsx": ("note.xlsx", lambda: _with_note(1)),
    "note of 90 MB (under the unpacked limit)": ("note90.xlsx", lambda: _with_note(90)),
    "CSV field of 1 MB": ("field.csv", lambda: b"a,b\n" + b"x" * 1_048_576 + b",1\n"),
    "200 000 bad rows (CSV)": ("bad.csv", lambda: _csv(200_000, bad=True)),
}


def _peak(args: list[str]) -> tuple[int, float, float, str]:
    """Exit code, peak RSS (MB) and seconds of one command, run in a child of a child so the
    peak is this command's alone."""
    probe = (
        "import resource, subprocess, sys, time;"
        "t = time.time();"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " time.time() - t);"
        "print((p.stderr or p.stdout).strip().splitlines()[0][:110] if (p.stderr or p.stdout)"
        " .strip() else '')"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT
    )
    first, _, message = done.stdout.partition("\n")
    code, rss_kb, seconds = first.split()
    return int(code), int(rss_kb) / 1024, float(seconds), message.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/measure.db"
        manage = [sys.executable, "manage.py", "--database-url", url]
        subprocess.run([*manage, "init-db"], cwd=ROOT, check=True, capture_output=True)
        for title, (name, make) in FILES.items():
            path = Path(tmp) / name
            started = time.time()
            path.write_bytes(make())
            built = time.time() - started
            code, mb, seconds, message = _peak([*manage, "import", "staffing", str(path)])
            size = path.stat().st_size / 1024
            print(
                f"{title:42} {size:9.0f} KB  exit {code}  peak {mb:6.0f} MB  "
                f"{seconds:5.1f} s (built in {built:.1f} s)  {message}"
            )


if __name__ == "__main__":
    main()

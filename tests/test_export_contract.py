"""The export contract (STYLE 19): ``manage.py export scores`` on the demo data is byte-for-byte
the committed golden files, on every engine.

The golden files were written by the command line before the architecture refactor (issue 7);
a difference means either scoring changed or the export's layout did — both only ever on
purpose, with the golden files regenerated in the same commit:

    for y in 2022 2023 2024; do for f in csv json; do
      python manage.py export scores --round $y --format $f > tests/golden/scores-$y.$f
      python manage.py export scores --round $y --format $f --long \\
        > tests/golden/scores-long-$y.$f
    done; done
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

import manage

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = [
    (year, fmt, long)
    for year in (2022, 2023, 2024)
    for fmt in ("csv", "json")
    for long in (False, True)
]


def _golden(year: int, fmt: str, long: bool) -> Path:
    return GOLDEN / f"scores{'-long' if long else ''}-{year}.{fmt}"


def _export(url: str, year: int, fmt: str, long: bool, capsys: pytest.CaptureFixture[str]) -> bytes:
    argv = ["--database-url", url, "export", "scores", "--round", str(year), "--format", fmt]
    capsys.readouterr()  # drop anything printed before
    assert manage.main([*argv, "--long"] if long else argv) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return out.out.encode("utf-8")


def test_every_golden_file_is_checked() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(_golden(*case).name for case in CASES)


@pytest.mark.parametrize(
    ("year", "fmt", "long"), CASES, ids=[f"{y}-{f}{'-long' if lg else ''}" for y, f, lg in CASES]
)
def test_export_matches_golden(
    demo_engine: Engine, year: int, fmt: str, long: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """A freshly seeded demo database (SQLite always, PostgreSQL with TEST_DATABASE_URL)."""
    url = demo_engine.url.render_as_string(hide_password=False)
    assert _export(url, year, fmt, long, capsys) == _golden(year, fmt, long).read_bytes()

"""The briefing PDF (issue 12) through ``manage.py briefing``: A4 landscape with the CJK font
embedded (pdffonts), text kept as text (pdftotext finds every evaluated agency of the ranking,
the contents and the appendix), the export frozen as a snapshot, and a clear refusal for a
briefing that does not exist."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access.db import make_engine
from data_access.models import Agency, BriefingSnapshot, EvaluationRound, RoundAgency

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_copy(sqlite_demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("pdf") / "demo.db"
    shutil.copyfile(sqlite_demo_url.split("///", 1)[1], path)
    return f"sqlite:///{path}"


def _manage(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "--database-url", url, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_manage_briefing_writes_a_searchable_pdf(demo_copy: str, tmp_path: Path) -> None:
    out = tmp_path / "briefing.pdf"
    done = _manage(demo_copy, "briefing", "--round", "2024", "-o", str(out), "--as", "tester")
    assert done.returncode == 0, done.stderr
    assert "snapshot" in done.stdout
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "NotoSansCJKSC" in line]
    assert cjk and all(" yes yes yes " in line for line in cjk), fonts
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "841.89 x 595.28 pts (A4)" in info  # landscape: wider than high
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    engine = make_engine(demo_copy)
    with engine.connect() as conn:
        names = (
            conn.execute(
                select(Agency.name)
                .join(RoundAgency, RoundAgency.agency_id == Agency.id)
                .join(EvaluationRound, EvaluationRound.id == RoundAgency.round_id)
                .where(EvaluationRound.year == 2024)
            )
            .scalars()
            .all()
        )
        snaps = conn.execute(select(BriefingSnapshot.kind, BriefingSnapshot.username)).all()
    engine.dispose()
    assert len(names) == 22
    flat = text.replace("\n", "")
    assert [n for n in names if n not in flat] == []  # the ranking table is text
    for heading in ("目录", "综合得分排名", "附录：评估方法", "市委机构编制委员会办公室"):
        assert heading in flat
    assert [tuple(s) for s in snaps] == [("exported", "tester")]


def test_manage_briefing_refuses_an_unknown_briefing(demo_copy: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    done = _manage(demo_copy, "briefing", "--round", "2024", "--briefing", "没有", "-o", str(out))
    assert done.returncode == 1
    assert "批次 2024 没有名为“没有”的汇报材料。" in done.stderr
    done = _manage(demo_copy, "briefing", "--round", "1999", "-o", str(out), "--lang", "en")
    assert done.returncode == 1 and "There is no round 1999." in done.stderr
    assert not out.exists()

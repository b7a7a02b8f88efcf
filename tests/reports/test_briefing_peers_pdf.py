"""The briefing PDF (reports.briefing_pdf) with a peer-comparison slide: it builds, the slide's
figures are in it as text (the home city marked, the standing worked by hand in
tests/views/test_briefing_peers.py), and the first slide follows the contents page directly;
and a long briefing's contents span their reserved pages exactly, with no blank page and each
entry's page number right."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from data_access.db import make_engine
from data_access.queries import list_rounds
from data_access.reader import Reader
from data_access.scope import SYSTEM, Principal, RoundRef
from domain.vocab import Role
from reports.briefing_pdf import briefing_pdf
from views.briefing import BriefingConfig, SlideKind, build_payload


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_with_a_peer_slide(sqlite_demo_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_demo_url)
    row = next(r for r in list_rounds(engine, SYSTEM).to_dict("records") if r["year"] == 2024)
    rnd = RoundRef(int(row["round_id"]), 2024, str(row["name"]), str(row["status"]))
    config = BriefingConfig((SlideKind.HEADLINE, SlideKind.PEERS), (), ("科技",))
    payload = build_payload(
        Reader(engine, Principal("staff", Role.STAFF)),
        rnd,
        "zh",
        config,
        name="汇报",
        today=dt.date(2024, 12, 1),
        now=dt.datetime(2024, 12, 1, 9, 30),
    )
    engine.dispose()
    out = tmp_path / "peers.pdf"
    out.write_bytes(briefing_pdf(payload))
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    # cover, contents, headline figures, the peer slide: nothing blank between
    assert "Pages:           4" in info, info
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    assert "总体情况" in pages[2] and "横向对比：科技" in pages[3]
    peer = pages[3]
    assert "济宁（本市）" in peer and "本市位次与中位数距离" in peer and "各市数据" in peer
    line = next(x for x in peer.splitlines() if x.strip().startswith("编制合计"))
    assert line.split()[:5] == ["编制合计", "54.0", "第", "7", "/"] and "28.6%" in line
    # every city of the page's table, not only the eight the presenter draws
    assert "菏泽" in peer and "滨州" in peer


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_long_contents_have_no_blank_pages(sqlite_demo_url: str, tmp_path: Path) -> None:
    """67 slides: the contents take two pages (32 + 35 entries), every page has text, and each
    entry's page number is the page its slide starts on (fpdf2 used to insert contents pages
    after the slides' page numbers were written, leaving reserved pages blank)."""
    engine = make_engine(sqlite_demo_url)
    row = next(r for r in list_rounds(engine, SYSTEM).to_dict("records") if r["year"] == 2024)
    rnd = RoundRef(int(row["round_id"]), 2024, str(row["name"]), str(row["status"]))
    reader = Reader(engine, Principal("staff", Role.STAFF))
    agencies = tuple(int(a) for a in reader.round_result(rnd.round_id).summary["agency_id"])
    config = BriefingConfig((SlideKind.HEADLINE, SlideKind.AGENCY), agencies)
    payload = build_payload(
        reader, rnd, "zh", config, name="汇报", today=dt.date(2024, 12, 1), now=dt.datetime.now()
    )
    engine.dispose()
    first, rest = payload["slides"][0], payload["slides"][1:]
    assert len(rest) == 22
    copies = [{**s, "title": f"{s['title']} 第{k}遍"} for k in (1, 2, 3) for s in rest]
    out = tmp_path / "long.pdf"
    out.write_bytes(briefing_pdf({**payload, "slides": [first, *copies]}))

    def page(i: int) -> str:
        return subprocess.run(
            ["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(out), "-"],
            capture_output=True,
            text=True,
        ).stdout

    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    # cover + 2 contents pages + 67 one-page slides
    assert pages == 70, info
    texts = [page(i) for i in range(1, pages + 1)]
    assert all(t.strip() for t in texts)
    contents = texts[1] + texts[2]
    assert texts[3].lstrip().startswith(first["title"])
    for title in (copies[0]["title"], copies[40]["title"], copies[-1]["title"]):
        line = next(x for x in contents.splitlines() if x.strip().startswith(title))
        number = int(line.split()[-1])
        assert texts[number - 1].lstrip().startswith(title), (title, number)
        assert f"第 {number} 页 / 共 70 页" in texts[number - 1]

"""The briefing PDF (A4 landscape, fpdf2): a cover (briefing, round, date, office), a table of
contents, one page per slide of the payload (views.briefing) — KPI cards, tables as real text
(the ranking lists every evaluated agency), bars and heatmaps drawn natively as vectors —
page numbers, and the methodology as an appendix. It draws the payload only: nothing is read
or computed here, so a snapshot's PDF is the briefing as it was.

Fonts: Noto Sans CJK SC, embedded (subset) from the system's ``NotoSansCJK-Regular.ttc``
(collection index 2 is SC; reportlab cannot use these PostScript-outline fonts, fpdf2 can),
through the reduced copy of reports.briefing_fonts when it covers the payload's text.
One weight only: subsetting a CJK font is most of the PDF's time, so emphasis is size.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.outline import OutlineSection

from domain.catalog import translate
from reports.briefing_fonts import SC_INDEX, collection_path, covers, reduced_font

__all__ = ["briefing_pdf"]

FAMILY = "NotoSansSC"
INK, MUTED, LINE, TRACK = (31, 35, 40), (96, 102, 110), (200, 200, 200), (226, 223, 218)
HEAD_FILL = (238, 241, 245)
W, H, MARGIN = 297.0, 210.0, 14.0
_OWN_TEXTS = ("br_pdf_toc", "br_pdf_appendix", "br_pdf_page", "br_as_of")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def _rgb(colour: str | None) -> tuple[int, int, int]:
    text = (colour or "#8C8C8C").lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _share_fill(value: float | None) -> tuple[int, int, int]:
    """A heatmap cell: red when low (≤ 50 %), pale at 75 %, green at 100 % (the pages' scale)."""
    if value is None:
        return (245, 245, 245)
    low, mid, high = (178, 34, 34), (241, 227, 200), (91, 140, 90)
    x = max(0.0, min(1.0, (value - 50.0) / 50.0))
    a, b, f = (low, mid, x * 2) if x < 0.5 else (mid, high, (x - 0.5) * 2)
    return tuple(round(a[i] + (b[i] - a[i]) * f) for i in range(3))  # type: ignore[return-value]


class _Pdf(FPDF):
    def __init__(self, payload: Mapping[str, Any]) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.payload = payload
        self.lang = str(payload.get("lang", "zh"))
        # Chinese breaks between any two characters; English between words.
        self.wrap = WrapMode.CHAR if self.lang == "zh" else WrapMode.WORD
        texts = [*_strings(payload), *(translate(k, self.lang) for k in _OWN_TEXTS)]
        reduced = reduced_font() if covers(texts) else None
        if reduced is not None:
            self.add_font(FAMILY, "", str(reduced[0]))
        else:
            self.add_font(FAMILY, "", str(collection_path()), collection_font_number=SC_INDEX)
        for font in self.fonts.values():
            # The subset keeps the full font's bounding boxes: recomputing them from every
            # CFF glyph took a third of the PDF's time, and a larger box is still correct.
            if isinstance(font, TTFFont):
                font.ttfont.recalcBBoxes = False
        self.set_margins(MARGIN, 24, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_title(str(payload.get("name", "")))
        self.set_creator("bianban dashboard")
        self.cover = True

    def t(self, key: str, **values: Any) -> str:
        return translate(key, self.lang, **values)

    def footer(self) -> None:
        if self.cover:
            return
        rnd = self.payload["round"]
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        left = f"{rnd['title']} · {self.t('br_as_of', at=self.payload['as_of'])}"
        self.cell(0, 5, left, align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, self.t("br_pdf_page", i=self.page_no(), n="{nb}"), align="R")
        self.set_text_color(*INK)


# -- blocks -------------------------------------------------------------------------------------


def _heading(pdf: _Pdf, slide: Mapping[str, Any], level: int = 0) -> None:
    pdf.start_section(str(slide["title"]), level=level)
    pdf.set_xy(MARGIN, 10)
    pdf.set_font(FAMILY, "", 18)
    pdf.cell(0, 10, str(slide["title"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if slide.get("subtitle"):
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 5, str(slide["subtitle"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)
    pdf.set_draw_color(*LINE)
    pdf.line(MARGIN, pdf.get_y() + 1, W - MARGIN, pdf.get_y() + 1)
    pdf.set_y(pdf.get_y() + 4)


def _kpis(pdf: _Pdf, block: Mapping[str, Any], x: float, width: float) -> None:
    items = list(block["items"])
    per_row = min(5, max(1, len(items)))
    gap = 3.0
    box_w = (width - gap * (per_row - 1)) / per_row
    for start in range(0, len(items), per_row):
        y = pdf.get_y()
        for i, item in enumerate(items[start : start + per_row]):
            bx = x + i * (box_w + gap)
            pdf.set_draw_color(*LINE)
            pdf.rect(bx, y, box_w, 21)
            pdf.set_xy(bx + 2, y + 1.5)
            pdf.set_font(FAMILY, "", 8.5)
            pdf.set_text_color(*MUTED)
            pdf.cell(box_w - 4, 4, str(item["label"]))
            pdf.set_xy(bx + 2, y + 6)
            pdf.set_font(FAMILY, "", 15)
            pdf.set_text_color(*INK)
            pdf.cell(box_w - 4, 8, str(item["text"]))
            note = " · ".join(str(v) for v in (item.get("delta"), item.get("caption")) if v)
            if note:
                pdf.set_xy(bx + 2, y + 14.5)
                pdf.set_font(FAMILY, "", 7.5)
                pdf.set_text_color(*MUTED)
                pdf.cell(box_w - 4, 4, note[:60])
                pdf.set_text_color(*INK)
        pdf.set_y(y + 24)


def _bars(pdf: _Pdf, block: Mapping[str, Any], x: float, width: float) -> None:
    items = list(block["items"])
    if block.get("title"):
        pdf.set_xy(x, pdf.get_y())
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(width, 5, str(block["title"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    label_w, text_w = min(80.0, width * 0.5), 20.0
    track_w = width - label_w - text_w - 2
    row_h = 6.2 if len(items) > 8 else 8.0
    values = [abs(float(i["value"])) for i in items if i.get("value") is not None]
    signed = bool(block.get("signed"))
    top = block.get("max") or max([float(i.get("max") or 0) for i in items] + values + [1.0])
    if signed:
        top = max(values + [0.1])
    y = first = pdf.get_y() + 1
    for item in items:
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_xy(x, y)
        label = str(item["label"])
        size = 8.5
        while pdf.get_string_width(label) > label_w - 1 and size > 6.5:
            size -= 0.5  # a long name gets smaller type before it is shortened
            pdf.set_font(FAMILY, "", size)
        while pdf.get_string_width(label) > label_w - 1 and len(label) > 2:
            label = label[:-2] + "…"
        pdf.cell(label_w, row_h, label, align="R")
        bx, value = x + label_w + 1, item.get("value")
        bar_h = row_h * 0.62
        by = y + (row_h - bar_h) / 2
        if signed:
            mid = bx + track_w / 2
            pdf.set_draw_color(*LINE)
            pdf.line(mid, y, mid, y + row_h)
            if value is not None:
                length = float(value) / top * (track_w / 2)
                pdf.set_fill_color(*_rgb(item.get("colour")))
                pdf.rect(min(mid, mid + length), by, abs(length), bar_h, style="F")
        else:
            full = float(item.get("max") or 0) / top * track_w if item.get("max") else 0
            if full:
                pdf.set_fill_color(*TRACK)
                pdf.rect(bx, by, full, bar_h, style="F")
            if value is not None:
                pdf.set_fill_color(*_rgb(item.get("colour")))
                pdf.rect(bx, by, max(0.2, float(value) / top * track_w), bar_h, style="F")
        pdf.set_xy(bx + track_w + 1, y)
        pdf.set_font(FAMILY, "", 8.5)
        pdf.cell(text_w, row_h, str(item["text"]))
        y += row_h
    if not signed:
        for rule in block.get("rules") or ():
            rx = x + label_w + 1 + float(rule) / top * track_w
            pdf.set_draw_color(120, 120, 120)
            pdf.set_dash_pattern(dash=1, gap=1)
            pdf.line(rx, first, rx, y)
            pdf.set_dash_pattern()
    pdf.set_y(y + 3)


def _row_height(pdf: _Pdf, cells: Sequence[str], widths: Sequence[float]) -> float:
    lines = 1
    for text, w in zip(cells, widths, strict=True):
        if pdf.get_string_width(text) > w - 2.4:
            wrapped = pdf.multi_cell(
                w - 2.4, 5, text, dry_run=True, output="LINES", wrapmode=pdf.wrap
            )
            assert isinstance(wrapped, list)
            lines = max(lines, len(wrapped))
    return lines * 5 + 1.6


def _grid(
    pdf: _Pdf,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    aligns: Sequence[str],
    fills: Sequence[Sequence[tuple[int, int, int] | None]] | None = None,
    x: float = MARGIN,
) -> None:
    """A table drawn cell by cell (fpdf2's own table is several times slower): a shaded
    header row repeated after a page break, rows as tall as their longest wrapped cell,
    thin lines between rows."""

    def draw(cells: Sequence[str], head: bool, fill: Sequence[Any] | None) -> None:
        h = _row_height(pdf, cells, widths)
        if pdf.get_y() + h > pdf.page_break_trigger:
            pdf.add_page()
            pdf.set_y(14)
            if not head:
                draw(header, True, None)
        y, cx = pdf.get_y(), x
        for i, (text, w) in enumerate(zip(cells, widths, strict=True)):
            colour = HEAD_FILL if head else (fill[i] if fill else None)
            if colour is not None:
                pdf.set_fill_color(*colour)
                pdf.rect(cx, y, w, h, style="F")
            dark = colour is not None and sum(colour) < 420
            pdf.set_text_color(*((255, 255, 255) if dark else INK))
            pdf.set_xy(cx + 1.2, y + 0.8)
            if pdf.get_string_width(text) <= w - 2.4:
                pdf.cell(w - 2.4, 5, text, align=aligns[i] if not head else "L")
            else:
                pdf.multi_cell(w - 2.4, 5, text, align="L", wrapmode=pdf.wrap)
            cx += w
        pdf.set_text_color(*INK)
        pdf.set_draw_color(*LINE)
        pdf.line(x, y + h, x + sum(widths), y + h)
        pdf.set_y(y + h)

    pdf.set_font(FAMILY, "", 8.5)
    draw(header, True, None)
    for n, cells in enumerate(rows):
        draw(cells, False, fills[n] if fills else None)


def _table(pdf: _Pdf, block: Mapping[str, Any], width: float, x: float = MARGIN) -> None:
    columns = list(block["columns"])
    if block.get("title"):
        pdf.set_font(FAMILY, "", 10.5)
        pdf.set_x(x)
        pdf.cell(0, 6, str(block["title"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 8.5)
    header = [str(c["label"]) for c in columns]
    rows = [[str(c) for c in r["cells"]] for r in block["rows"]]
    weights = _weights(pdf, header, rows)
    scale = width / sum(weights) if sum(weights) > width else 1.0
    widths = [w * scale for w in weights]
    aligns = ["R" if c["kind"] in ("int", "number", "percent") else "L" for c in columns]
    _grid(pdf, header, rows, widths, aligns, x=x)
    pdf.set_y(pdf.get_y() + 3)


def _weights(pdf: _Pdf, header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Each column's natural width (mm, at the table's 8.5 pt): its longest text, 12–90."""
    weights = []
    for i, label in enumerate(header):
        longest = max([pdf.get_string_width(label)] + [pdf.get_string_width(r[i]) for r in rows])
        weights.append(min(max(longest + 4, 12.0), 90.0))
    return weights


def _natural_width(pdf: _Pdf, block: Mapping[str, Any]) -> float:
    pdf.set_font(FAMILY, "", 8.5)
    header = [str(c["label"]) for c in block["columns"]]
    return sum(_weights(pdf, header, [[str(c) for c in r["cells"]] for r in block["rows"]]))


def _heatmap(pdf: _Pdf, block: Mapping[str, Any], width: float) -> None:
    columns = list(block["columns"])
    label_w = 58.0
    cell_w = (width - label_w) / max(1, len(columns))
    header = ["", *[str(c["label"]) for c in columns]]
    rows = [[str(r["label"]), *[str(c["text"]) for c in r["cells"]]] for r in block["rows"]]
    fills = [[None, *[_share_fill(c.get("value")) for c in r["cells"]]] for r in block["rows"]]
    aligns = ["L"] + ["C"] * len(columns)
    _grid(pdf, header, rows, [label_w] + [cell_w] * len(columns), aligns, fills)
    pdf.set_y(pdf.get_y() + 3)


def _text(pdf: _Pdf, block: Mapping[str, Any], x: float, width: float) -> None:
    summary = bool(block.get("summary"))
    pdf.set_font(FAMILY, "", 11 if summary else 9.5)
    for paragraph in block["paragraphs"]:
        pdf.set_x(x)
        if summary:
            pdf.set_fill_color(246, 243, 236)
        pdf.multi_cell(
            width,
            6 if summary else 5,
            str(paragraph),
            fill=summary,
            padding=2 if summary else 0,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            wrapmode=pdf.wrap,
        )
        pdf.set_y(pdf.get_y() + 1.5)


def _draw(pdf: _Pdf, block: Mapping[str, Any], x: float, width: float) -> None:
    kind = block["type"]
    if kind == "kpis":
        _kpis(pdf, block, x, width)
    elif kind == "bars":
        _bars(pdf, block, x, width)
    elif kind == "table":
        _table(pdf, block, width)
    elif kind == "heatmap":
        _heatmap(pdf, block, width)
    elif kind == "text":
        _text(pdf, block, x, width)


def _slide(pdf: _Pdf, slide: Mapping[str, Any], level: int = 0, new_page: bool = True) -> None:
    if new_page:
        pdf.add_page()
    _heading(pdf, slide, level)
    blocks = list(slide["blocks"])
    full = W - 2 * MARGIN
    i = 0
    while i < len(blocks):
        block, after = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None
        pair = after is not None and {block["type"], after["type"]} <= {"bars", "table"}
        if pair and after is not None:
            # Side by side: a table on the left (it may flow), bars on the right.
            swap = block["type"] == "bars" and after["type"] == "table"
            left, right = (after, block) if swap else (block, after)
            gap, top = 6.0, pdf.get_y()
            left_w = full * (0.56 if left["type"] == "table" else 0.5)
            if left["type"] == right["type"] == "table":
                # Two tables (a peer slide): the left one as wide as it needs, up to half.
                left_w = min(_natural_width(pdf, left) + 2, full * 0.5)
            if left["type"] == "table":
                _table(pdf, left, left_w)
            else:
                _bars(pdf, left, MARGIN, left_w)
            bottom = pdf.get_y()
            pdf.set_y(top)
            if right["type"] == "bars":
                _bars(pdf, right, MARGIN + left_w + gap, full - left_w - gap)
            else:
                _table(pdf, right, full - left_w - gap, MARGIN + left_w + gap)
            pdf.set_y(max(bottom, pdf.get_y()))
            i += 2
            continue
        _draw(pdf, block, MARGIN, full)
        i += 1


def _cover(pdf: _Pdf) -> None:
    p = pdf.payload
    pdf.add_page()
    pdf.set_y(62)
    pdf.set_font(FAMILY, "", 26)
    pdf.multi_cell(0, 13, str(p["name"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 15)
    pdf.multi_cell(0, 8, str(p["round"]["title"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(18)
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(0, 8, str(p["office"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 8, pdf.t("br_as_of", at=p["as_of"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


# The contents: up to TOC_SMALL entries on one page in large type; more in 5 mm lines,
# TOC_FIRST on the first page (under its heading) and TOC_NEXT on each further one. The pages
# are reserved exactly (fpdf2 would otherwise insert extra contents pages after the slides'
# footers were written, leaving reserved pages blank and the page numbers off).
TOC_SMALL, TOC_FIRST, TOC_NEXT = 24, 32, 35


def _toc_pages(entries: int) -> int:
    if entries <= TOC_FIRST:
        return 1
    return 1 + -(-(entries - TOC_FIRST) // TOC_NEXT)


def _toc(pdf: FPDF, outline: list[OutlineSection]) -> None:
    assert isinstance(pdf, _Pdf)
    pdf.cover = False
    pdf.set_xy(MARGIN, 12)
    pdf.set_font(FAMILY, "", 18)
    pdf.cell(0, 10, pdf.t("br_pdf_toc"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    rows = [s for s in outline if s.level <= 1]
    small = len(rows) <= TOC_SMALL
    size = 11 if small else 8.5
    step = 7 if small else 5
    for n, section in enumerate(rows):
        if not small and n >= TOC_FIRST and (n - TOC_FIRST) % TOC_NEXT == 0:
            pdf.add_page()  # the next reserved contents page
            pdf.set_y(14)
        pdf.set_font(FAMILY, "", size)
        indent = 6 * section.level
        pdf.set_x(MARGIN + indent)
        link = pdf.add_link(page=section.page_number)
        pdf.cell(W - 2 * MARGIN - indent - 20, step, str(section.name), link=link)
        pdf.cell(20, step, str(section.page_number), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def briefing_pdf(payload: Mapping[str, Any]) -> bytes:
    """The PDF of a briefing payload (views.briefing.build_payload, or a snapshot's)."""
    pdf = _Pdf(payload)
    _cover(pdf)
    pdf.cover = False
    pdf.add_page()
    slides: Sequence[Mapping[str, Any]] = payload["slides"]
    method = [s for s in slides if s["kind"] == "methodology"]
    entries = len(slides) - len(method) + (1 if method else 0)  # one section a slide
    pdf.insert_toc_placeholder(_toc, pages=_toc_pages(entries))
    # The contents' placeholder has already turned to a fresh page: the first slide uses it.
    first = True
    for slide in slides:
        if slide["kind"] != "methodology":
            _slide(pdf, slide, new_page=not first)
            first = False
    if method:
        appendix = {**method[0], "title": pdf.t("br_pdf_appendix")}
        _slide(pdf, appendix, new_page=not first)
    return bytes(pdf.output())

"""The CJK font of the briefing PDF, made fast to embed.

Noto Sans CJK SC comes as a 20 MB collection of 65 000 glyphs; fpdf2 reads every glyph's
width when the font is added and fontTools walks the whole CFF when it subsets, which took
most of a briefing PDF's time. So the font is reduced once to the characters a briefing
normally uses — GB 2312 (every hanzi of common names and texts), ASCII, Latin-1, general and
CJK punctuation, arrows, full-width forms — and kept in a cache folder; a payload holding a
character outside it is drawn with the full collection instead (correct, only slower).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

__all__ = ["COLLECTION", "SC_INDEX", "collection_path", "reduced_font", "covers"]

COLLECTION = "NotoSansCJK-Regular.ttc"
SC_INDEX = 2  # Simplified Chinese in NotoSansCJK-*.ttc
FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
)
_VERSION = "1"


class FontMissing(RuntimeError):
    """No Noto Sans CJK on this machine (install fonts-noto-cjk)."""


def collection_path() -> Path:
    for folder in FONT_DIRS:
        path = folder / COLLECTION
        if path.exists():
            return path
    folders = ", ".join(map(str, FONT_DIRS))
    raise FontMissing(f"{COLLECTION} not found in {folders}: install fonts-noto-cjk")


def _charset() -> set[int]:
    chars: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    for lo, hi in ((0x2000, 0x2070), (0x2190, 0x2200), (0x2200, 0x2300), (0x3000, 0x3040)):
        chars |= set(range(lo, hi))
    chars |= set(range(0xFF00, 0xFFF0)) | {0x25A0, 0x25CF, 0x2605, 0x2713}
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                chars |= {ord(c) for c in bytes((first, second)).decode("gb2312")}
            except UnicodeDecodeError:
                continue
    return chars


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bianban-dashboard"


@lru_cache(maxsize=1)
def reduced_font() -> tuple[Path, frozenset[int]] | None:
    """The reduced font file and the characters it covers; None when it cannot be made (the
    caller uses the full collection)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = frozenset(_charset())
    source = collection_path()
    target = _cache_dir() / f"briefing-sc-{_VERSION}-{int(source.stat().st_mtime)}.otf"
    try:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            font = TTFont(str(source), fontNumber=SC_INDEX, lazy=False)
            options = subset.Options(notdef_outline=True, recommended_glyphs=True)
            options.layout_features = []
            options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=sorted(chars))
            subsetter.subset(font)
            # Written next to the target and renamed: two processes never see half a file.
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                font.save(tmp)
            os.chmod(tmp.name, 0o644)
            os.replace(tmp.name, target)
        covered = frozenset(TTFont(str(target), lazy=True).getBestCmap())
    except OSError:
        return None
    return target, covered & chars


def covers(texts: Iterable[str]) -> bool:
    """Whether the reduced font draws every character of ``texts``."""
    found = reduced_font()
    if found is None:
        return False
    allowed = found[1]
    return all(ord(c) in allowed or c in "\n\r\t" for text in texts for c in text)

"""The written summary of an agency slide (views.briefing_slides): plain template text
(domain/texts/briefing.py) filled with the slide's own figures as the slide shows them —
rank and its change, the level-1 indicators that moved the score most, the surveys, open and
overdue rectifications — so every number in the summary is a number on the slide."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from domain.catalog import translate
from domain.fmt import MISSING, joined

__all__ = ["agency_summary", "TOP_MOVES"]

TOP_MOVES = 2  # level-1 indicators named as having moved the score most
_INT = re.compile(r"\d+")


def _sentence_rank(lang: str, rank: Mapping[str, Any], change: str, coverage: str) -> str:
    numbers = _INT.findall(str(rank["text"]))
    if len(numbers) < 2:
        return translate("br_sum_unranked", lang, cov=coverage)
    text = translate("br_sum_rank", lang, rank=numbers[0], n=numbers[1])
    step = _INT.findall(change)
    if change.startswith("↑") and step:
        text += translate("br_sum_rank_up", lang, k=step[0])
    elif change.startswith("↓") and step:
        text += translate("br_sum_rank_down", lang, k=step[0])
    elif change == translate("rk_same", lang):
        text += translate("br_sum_rank_same", lang)
    elif change == translate("rk_new", lang):
        text += translate("br_sum_rank_new", lang)
    else:
        text += translate("br_sum_end", lang)
    return text


def _sentence_moves(lang: str, moves: Sequence[Mapping[str, Any]]) -> str:
    """The level-1 indicators with the largest change (as shown; a change shown as 0 is
    none)."""
    moved = [m for m in moves if re.search(r"[1-9]", str(m["text"]))]
    moved.sort(key=lambda m: -abs(float(m["value"])))
    if not moved:
        return ""
    items = [
        translate("br_sum_move_item", lang, label=m["label"], delta=m["text"])
        for m in moved[:TOP_MOVES]
    ]
    return translate("br_sum_moves", lang, items=joined(items, lang))


def agency_summary(
    lang: str,
    *,
    name: str,
    headline: Sequence[Mapping[str, Any]],
    moves: Sequence[Mapping[str, Any]],
    findings: Sequence[Mapping[str, Any]],
    surveys: Sequence[Mapping[str, Any]],
) -> str:
    """The summary of an agency slide. ``headline``: the slide's cards (composite with the
    grade as its delta, C, X, rank, coverage, rank change); ``moves``: the change by level-1
    indicator; ``findings``: findings, open, overdue; ``surveys``: satisfaction indexes."""
    by_key = {str(item["key"]): item for item in headline}
    composite = headline[0]
    rank = headline[3]
    coverage = str(headline[4]["text"])
    change = str(by_key.get("rank_change", {}).get("text", MISSING))
    parts = [
        translate(
            "br_sum_score",
            lang,
            name=name,
            composite=composite["text"],
            grade=composite.get("delta") or MISSING,
        ),
        _sentence_rank(lang, rank, change, coverage),
        _sentence_moves(lang, moves),
    ]
    if surveys:
        items = [translate("br_sum_survey_item", lang, q=s["label"], si=s["text"]) for s in surveys]
        parts.append(translate("br_sum_surveys", lang, items=joined(items, lang)))
    counts = [str(f["text"]) for f in findings]
    if len(counts) >= 3 and counts[0] not in ("0", MISSING):
        parts.append(
            translate("br_sum_findings", lang, n=counts[0], open=counts[1], overdue=counts[2])
        )
    else:
        parts.append(translate("br_sum_no_findings", lang))
    return ("" if lang == "zh" else " ").join(p for p in parts if p)

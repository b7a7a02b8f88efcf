"""The vocabulary: every term has both labels, stored values are unique per vocabulary, grade
colours follow the round's bands."""

from __future__ import annotations

import pytest

from domain import vocab
from domain.vocab import (
    GREY,
    OVERDUE,
    PALETTE,
    Grade,
    PostType,
    RectState,
    Role,
    RoundStatus,
    Term,
    grade_colour,
    grade_order,
    term_label,
)

VOCABULARIES = [
    v for v in vars(vocab).values() if isinstance(v, type) and issubclass(v, Term) and v is not Term
]


def test_there_are_vocabularies() -> None:
    assert len(VOCABULARIES) >= 20


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_term_has_both_labels(vocabulary: type[Term]) -> None:
    for term in vocabulary:
        assert term.label("zh").strip() and term.label("en").strip()
        assert term.label("en").isascii(), term


def test_stored_values_and_labels() -> None:
    assert RoundStatus.COMPLETED == "已完成" and RoundStatus.COMPLETED.label("en") == "Completed"
    assert [s.value for s in RectState] == ["待整改", "整改中", "待验收", "已销号"]
    assert OVERDUE.label("zh") == "逾期" and OVERDUE.label("en") == "Overdue"
    assert Role.AGENCY.label("zh") == "评估对象"
    assert PostType("事业").code == "sy" and PostType.ADMINISTRATIVE.posts_label("zh") == "行政编制"


def test_term_label_shows_unknown_values_as_stored() -> None:
    assert term_label(RectState, "已销号", "en") == "Closed"
    assert term_label(RectState, "暂缓", "en") == "暂缓"
    assert term_label(RectState, None, "en") == "—"


def test_grade_colours_follow_the_rounds_bands() -> None:
    default = grade_order((("优秀", 90.0), ("良好", 80.0), ("一般", 60.0)), "较差", "数据不足")
    assert [grade_colour(g, default) for g in default] == [
        PALETTE[3],
        PALETTE[2],
        PALETTE[1],
        PALETTE[0],
        GREY,
    ]
    # A round with its own two bands: the lowest grade is still the alarm colour.
    own = grade_order((("A", 85.0), ("B", 70.0)), "C", "n/a")
    assert grade_colour("C", own) == PALETTE[0] and grade_colour("A", own) == PALETTE[3]
    assert grade_colour("unknown", own) == GREY
    assert Grade("优秀").label("en") == "Excellent"


def test_the_same_stored_word_keeps_its_meaning_per_vocabulary() -> None:
    # 一般 is a grade (Fair), a rating (Average) and a severity (Moderate).
    from domain.vocab import Rating, Severity

    assert Grade("一般").label("en") == "Fair"
    assert Rating("一般").label("en") == "Average"
    assert Severity("一般").label("en") == "Moderate"
    assert Rating("一般").colour != Severity("一般").colour

"""Survey screening and figures (DOMAIN §5), against numbers worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scoring import RoundConfig, score_survey, score_surveys, screen_submissions

CFG = RoundConfig()
EIGHT_SAME = {f"Q{i}": "满意" for i in range(1, 9)}


def _submissions() -> pd.DataFrame:
    rows = [
        # row, seq, submission_id, seconds, answers
        (1, 1, "a", 95.0, EIGHT_SAME),  # accepted, straight-lined (8 × 满意)
        (2, 2, "b", 15.0, {"Q1": "满意"}),  # too fast (15 s < 20 s)
        (3, 1, "c", 60.0, {"Q1": "满意"}),  # duplicate: 序号 1 as row 1
        (4, 3, "b", 10.0, {"Q1": "满意"}),  # duplicate (id b as row 2) — checked before speed
        (5, np.nan, np.nan, 30.0, {f"Q{i}": "满意" if i % 2 else "基本满意" for i in range(1, 9)}),
        (6, np.nan, np.nan, 20.0, {"Q1": "满意"}),  # no 序号/id never matches; 20 s is not < 20
        (7, 4, "d", 50.0, {f"Q{i}": "满意" for i in range(1, 8)}),  # 7 same: too few items
        (8, 5, "e", 50.0, {**EIGHT_SAME, "Q9": "不了解"}),  # 8 scored, all 满意: straight-lined
        (9, 6, "f", 19.9, EIGHT_SAME),  # too fast; straight-lined but not kept
    ]
    return pd.DataFrame(
        rows, columns=["row", "seq", "submission_id", "duration_seconds", "answers"]
    )


def test_screening_statuses_and_counts() -> None:
    subs = _submissions()
    result = screen_submissions(subs, CFG)
    status = dict(zip(result.submissions["row"], result.submissions["status"]))
    assert status == {
        1: "accepted",
        2: "too_fast",
        3: "duplicate",
        4: "duplicate",
        5: "accepted",
        6: "accepted",
        7: "accepted",
        8: "accepted",
        9: "too_fast",
    }
    straight = dict(zip(result.submissions["row"], result.submissions["straightlined"]))
    assert [r for r, s in straight.items() if s] == [1, 8, 9]
    # accepted: rows 1, 5, 6, 7, 8; straight-lined among them: rows 1 and 8.
    assert result.counts == {
        "total": 9,
        "accepted": 5,
        "duplicate": 2,
        "too_fast": 2,
        "straightlined": 2,
    }
    assert "status" not in subs.columns  # the input is left alone


def test_screening_earlier_means_lower_row_number() -> None:
    # The same file handed over bottom-up: row 3 is still the duplicate of row 1.
    reversed_subs = _submissions().iloc[::-1].reset_index(drop=True)
    result = screen_submissions(reversed_subs, CFG)
    status = dict(zip(result.submissions["row"], result.submissions["status"]))
    assert status[1] == "accepted" and status[3] == "duplicate" and status[4] == "duplicate"
    assert list(result.submissions["row"]) == list(reversed_subs["row"])  # order kept


def _long(responses: dict[str, dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(rid, item, answer) for rid, items in responses.items() for item, answer in items.items()],
        columns=["response_id", "item", "answer"],
    )


FIVE = {
    "r1": {"Q1": "非常满意", "Q2": "满意"},  # valid 100, 80
    "r2": {"Q1": "满意", "Q2": "不了解"},  # valid 80 (不了解 excluded)
    "r3": {"Q1": "基本满意", "Q2": "不满意"},  # valid 60, 30
    "r4": {"Q1": "非常不满意", "Q2": None},  # valid 0 (blank excluded)
    "r5": {"Q1": "不了解", "Q2": ""},  # nothing valid, still a submission
}


def test_figures_with_five_respondents() -> None:
    fig = score_survey(_long(FIVE), CFG, "满意度调查问卷")
    assert fig.n == 5
    # S_Q1 = (100 + 80 + 60 + 0) / 4 = 60; S_Q2 = (80 + 30) / 2 = 55.
    assert fig.item_scores == {"Q1": 60.0, "Q2": 55.0}
    assert fig.si == pytest.approx(57.5)  # (60 + 55) / 2
    # Valid answers: 4 on Q1 + 2 on Q2 = 6; 非常满意 + 满意 + 基本满意 = 3 on Q1 + 1 on Q2 = 4.
    assert fig.valid_answers == 6
    assert fig.satisfaction_rate == pytest.approx(4 / 6)
    # Respondent means 90, 80, 45, 0 (r5 has none): mean 53.75, squared deviations
    # 1314.0625 + 689.0625 + 76.5625 + 2889.0625 = 4968.75; sd = √(4968.75 / 3) = 40.69705.
    assert fig.sd == pytest.approx(40.69705, abs=1e-5)
    # Half-width 1.96 × 40.69705 / √5 (n counts r5) = 35.67254.
    assert fig.ci_low == pytest.approx(21.82746, abs=1e-5)
    assert fig.ci_high == pytest.approx(93.17254, abs=1e-5)
    assert fig.small_sample is True and fig.suppressed is False
    assert fig.counts == {
        "非常满意": 1,
        "满意": 2,
        "基本满意": 1,
        "不满意": 1,
        "非常不满意": 1,
        "不了解": 2,
        "": 2,
    }


def test_item_weights() -> None:
    cfg = RoundConfig(item_weights={"满意度调查问卷": {"Q1": 3.0}})
    fig = score_survey(_long(FIVE), cfg, "满意度调查问卷")
    assert fig.si == pytest.approx(58.75)  # (3 × 60 + 1 × 55) / (3 + 1) = 235 / 4
    # Respondent means: r1 (300 + 80) / 4 = 95, r2 80, r3 (180 + 30) / 4 = 52.5, r4 0;
    # mean 56.875; sd = √(5242.1875 / 3) = 41.80186.
    assert fig.sd == pytest.approx(41.80186, abs=1e-5)
    # The weights of another questionnaire do not apply.
    assert score_survey(_long(FIVE), cfg, "评估调查问卷").si == pytest.approx(57.5)


def test_item_numbers_may_be_integers() -> None:
    # Items 1 and 2 as ints (问卷星 question numbers); the weight is configured under "1".
    answers = _long(FIVE)
    answers["item"] = answers["item"].map({"Q1": 1, "Q2": 2})
    fig = score_survey(
        answers, RoundConfig(item_weights={"满意度调查问卷": {"1": 3.0}}), "满意度调查问卷"
    )
    assert fig.item_scores == {"1": 60.0, "2": 55.0}
    assert fig.si == pytest.approx(58.75)  # (3 × 60 + 55) / 4, as above


def test_four_respondents_are_suppressed() -> None:
    four = {k: v for k, v in FIVE.items() if k != "r5"}
    fig = score_survey(_long(four), CFG, "满意度调查问卷")
    assert fig.n == 4
    assert fig.suppressed is True and fig.small_sample is True
    assert (fig.si, fig.satisfaction_rate, fig.ci_low, fig.ci_high) == (None, None, None, None)
    assert fig.item_scores == {}


def test_thirty_respondents_are_not_a_small_sample() -> None:
    thirty = {f"r{i}": {"Q1": "满意"} for i in range(30)}
    fig = score_survey(_long(thirty), CFG, "评估调查问卷")
    assert (fig.n, fig.small_sample, fig.si) == (30, False, 80.0)
    assert fig.sd == 0.0  # everyone 80


def test_no_valid_answer_gives_no_index() -> None:
    blanks = {f"r{i}": {"Q1": "不了解"} for i in range(6)}
    fig = score_survey(_long(blanks), CFG, "评估调查问卷")
    assert fig.n == 6 and fig.valid_answers == 0
    assert fig.si is None and fig.satisfaction_rate is None


def test_empty_survey() -> None:
    fig = score_survey(_long({}), CFG, "评估调查问卷")
    assert fig.n == 0 and fig.suppressed and fig.si is None


def test_many_agencies_at_once() -> None:
    one = _long(FIVE).assign(agency_id=1, questionnaire="满意度调查问卷")
    # Agency 2 reuses the response ids r1..r4: ids only need to be unique per agency.
    two = _long({k: v for k, v in FIVE.items() if k != "r5"}).assign(
        agency_id=2, questionnaire="满意度调查问卷"
    )
    three = _long({f"r{i}": {"Q1": "满意", "Q2": "非常满意"} for i in range(5)}).assign(
        agency_id=1, questionnaire="评估调查问卷"
    )
    table = score_surveys(pd.concat([two, three, one], ignore_index=True), CFG)
    assert list(zip(table["agency_id"], table["questionnaire"])) == [
        (1, "满意度调查问卷"),
        (1, "评估调查问卷"),
        (2, "满意度调查问卷"),
    ]
    assert list(table["n"]) == [5, 5, 4]
    assert table["si"].iloc[0] == pytest.approx(57.5)
    assert table["si"].iloc[1] == pytest.approx(90.0)  # (80 + 100) / 2
    assert math.isnan(table["si"].iloc[2])  # n = 4: suppressed
    assert list(table["suppressed"]) == [False, False, True]

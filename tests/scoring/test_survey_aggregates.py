"""Survey figures from aggregates (issue 14): every figure identical, to 1e-9, to the
row-by-row computation the dashboard used before (kept verbatim below as the reference), on
random rounds with item weights, blanks, 不了解, padded texts and response ids reused across
agencies — and the aggregates a database computes give the same (tests/data_access)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from scoring import RoundConfig
from scoring.surveys import (
    SURVEY_COLUMNS,
    _answer_text,
    score_survey_aggregates,
    score_surveys,
    survey_aggregates,
)

_Z95 = 1.96


# -- the reference: scoring/surveys.py's score_surveys before issue 14, unchanged ----------
def _pair_codes(left: np.ndarray, n_right: int, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes for (left, right) code pairs, in sorted pair order, and the unique pairs."""
    codes, uniques = pd.factorize(left.astype(np.int64) * n_right + right, sort=True)
    return codes, np.asarray(uniques)


def _per_group(codes: np.ndarray, weights: np.ndarray | None, size: int) -> np.ndarray:
    return np.bincount(codes, weights=weights, minlength=size).astype(float)


def _reference_score_surveys(answers_all: pd.DataFrame, config: RoundConfig) -> pd.DataFrame:
    """Figures for every agency × questionnaire in a long table of accepted responses.

    Input columns: ``agency_id, questionnaire, response_id, item, answer``. Per group:

    - n = distinct ``response_id`` (accepted submissions);
    - S_j = mean of the valid answer values of item j;
    - SI = Σ λ_j S_j / Σ λ_j over items with at least one valid answer;
    - satisfaction_rate = (非常满意 + 满意 + 基本满意) / valid answers;
    - r_i = respondent i's λ-weighted mean of their valid answers; sd = sample sd (ddof=1)
      of the r_i. Respondents with no valid answer have no r_i and are left out of sd but
      still count in n. CI = SI ± 1.96 · sd / √n (not clipped; undefined with < 2 r_i);
    - small_sample = n < ``survey_small_n``; suppressed = n < ``survey_min_n``, in which
      case si, satisfaction_rate, ci, sd and item_scores are blanked.

    Output columns: :data:`SURVEY_COLUMNS`, one row per group sorted by agency and
    questionnaire; ``item_scores`` and ``counts`` (every answer text, blanks under ``""``)
    are dicts.
    """
    if answers_all.empty:
        return pd.DataFrame(columns=list(SURVEY_COLUMNS))
    # Everything is reduced to integer codes once, then summed with bincount: several times
    # faster than pandas groupby on string keys for a round's ~10^5 answers.
    agency_code, agencies = pd.factorize(answers_all["agency_id"], sort=True)
    q_code, questionnaires = pd.factorize(answers_all["questionnaire"], sort=True)
    g, group_pairs = _pair_codes(agency_code, len(questionnaires), q_code)
    n_groups = len(group_pairs)
    group_agency = group_pairs // len(questionnaires)
    group_q = group_pairs % len(questionnaires)

    # Sorted codes throughout, so sums run in the same order whatever the row order.
    resp_code, resp_uniques = pd.factorize(answers_all["response_id"], sort=True)
    r, resp_pairs = _pair_codes(g, max(len(resp_uniques), 1), resp_code)
    resp_group = resp_pairs // max(len(resp_uniques), 1)
    n = np.bincount(resp_group, minlength=n_groups)

    item_code, items = pd.factorize(answers_all["item"], sort=True)
    n_items = len(items)
    lam_table = np.ones((len(questionnaires), n_items))
    for qi, questionnaire in enumerate(questionnaires):
        for ii, item in enumerate(items):
            # Config keys are strings; 问卷星 item numbers may arrive as ints.
            weights = config.item_weights.get(str(questionnaire), {})
            lam_table[qi, ii] = weights.get(str(item), 1.0)
    lam = lam_table[q_code, item_code]

    # Normalise the few distinct answer texts rather than every cell; NaN (code -1) → "".
    raw_code, raw_texts = pd.factorize(answers_all["answer"])
    cleaned = [_answer_text(t) for t in raw_texts] + [""]
    texts = sorted(set(cleaned))
    text_code = np.array([texts.index(t) for t in cleaned])[raw_code]
    text_value = np.array([config.answer_values.get(t, np.nan) for t in texts])
    value = text_value[text_code]
    satisfied = np.array([t in config.satisfied_answers for t in texts], dtype=bool)[text_code]
    valid = ~np.isnan(value)

    gi = (g * n_items + item_code)[valid]
    item_count = _per_group(gi, None, n_groups * n_items).reshape(n_groups, n_items)
    # Σ values per item from integer counts per answer text: exact and order-free.
    text_counts = np.bincount(
        gi * len(texts) + text_code[valid], minlength=n_groups * n_items * len(texts)
    )
    item_sum = (text_counts.reshape(-1, len(texts)) @ np.nan_to_num(text_value)).reshape(
        n_groups, n_items
    )
    has_item = item_count > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        item_score = item_sum / item_count
        lam_g = np.where(has_item, lam_table[group_q], 0.0)
        lam_total = lam_g.sum(axis=1)
        weighted = (np.where(has_item, item_score, 0.0) * lam_g).sum(axis=1)
        si = np.where(lam_total > 0, weighted / lam_total, np.nan)
        valid_answers = _per_group(g[valid], None, n_groups)
        rate = _per_group(g[valid], satisfied[valid].astype(float), n_groups) / valid_answers

        resp_num = _per_group(r[valid], (lam * value)[valid], len(resp_pairs))
        resp_den = _per_group(r[valid], lam[valid], len(resp_pairs))
        scored = resp_den > 0
        resp_score = resp_num[scored] / resp_den[scored]
        owner = resp_group[scored]
        k = _per_group(owner, None, n_groups)
        mean = _per_group(owner, resp_score, n_groups) / k
        # Two-pass sample variance (ddof=1): steadier than Σx² − n·mean².
        squares = _per_group(owner, (resp_score - mean[owner]) ** 2, n_groups)
        sd = np.where(k >= 2, np.sqrt(squares / (k - 1)), np.nan)
        half = _Z95 * sd / np.sqrt(n)

    suppressed = n < config.survey_min_n
    blank = np.where(suppressed, np.nan, 1.0)
    counts_matrix = np.bincount(
        g * len(texts) + text_code, minlength=n_groups * len(texts)
    ).reshape(n_groups, len(texts))
    text_names = [str(t) for t in texts]
    item_names = [str(i) for i in items]
    item_scores = [
        {}
        if suppressed[k_]
        else {item_names[j]: float(item_score[k_, j]) for j in np.flatnonzero(has_item[k_])}
        for k_ in range(n_groups)
    ]
    counts = [
        {text_names[j]: int(counts_matrix[k_, j]) for j in np.flatnonzero(counts_matrix[k_])}
        for k_ in range(n_groups)
    ]
    return pd.DataFrame(
        {
            "agency_id": np.asarray(agencies)[group_agency],
            "questionnaire": np.asarray(questionnaires, dtype=object)[group_q],
            "n": n.astype(int),
            "si": si * blank,
            "satisfaction_rate": rate * blank,
            "ci_low": (si - half) * blank,
            "ci_high": (si + half) * blank,
            "sd": sd * blank,
            "small_sample": n < config.survey_small_n,
            "suppressed": suppressed,
            "valid_answers": valid_answers.astype(int),
            "item_scores": item_scores,
            "counts": counts,
        },
        columns=list(SURVEY_COLUMNS),
    )


# -- the comparison ---------------------------------------------------------------------
def assert_same_figures(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    """Every column equal; floats to 1e-9 (NaN where NaN), dicts key by key."""
    assert list(actual.columns) == list(SURVEY_COLUMNS)
    assert len(expected) == len(actual)
    for column in SURVEY_COLUMNS:
        want, got = expected[column].tolist(), actual[column].tolist()
        if column in ("item_scores", "counts"):
            for w, g in zip(want, got, strict=True):
                assert w.keys() == g.keys(), column
                assert all(abs(w[k] - g[k]) <= 1e-9 for k in w), column
        elif column in ("si", "satisfaction_rate", "ci_low", "ci_high", "sd"):
            for w, g in zip(want, got, strict=True):
                assert (math.isnan(w) and math.isnan(g)) or abs(w - g) <= 1e-9, column
        else:
            assert [str(v) for v in want] == [str(v) for v in got], column


TEXTS = [
    "非常满意",
    "满意",
    "基本满意",
    "不满意",
    "非常不满意",
    "不了解",
    " 满意 ",
    "满意\u3000",
    None,
]


def random_answers(seed: int, agencies: int = 6, respondents: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows: list[tuple[Any, ...]] = []
    for agency in range(1, agencies + 1):
        for questionnaire, items in (("评估调查问卷", 10), ("满意度调查问卷", 9)):
            # a few groups below survey_min_n (suppressed) and below survey_small_n
            n = int(rng.choice([3, 12, respondents]))
            for r in range(n):  # response ids reused by every agency and questionnaire
                answered = rng.random(items) > 0.1
                for item in range(1, items + 1):
                    if answered[item - 1]:
                        text = TEXTS[int(rng.choice(len(TEXTS), p=PROBS))]
                        rows.append((agency, questionnaire, f"r{r}", item, text))
    frame = pd.DataFrame(
        rows, columns=["agency_id", "questionnaire", "response_id", "item", "answer"]
    )
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


PROBS = np.array([0.25, 0.3, 0.15, 0.08, 0.05, 0.08, 0.03, 0.02, 0.04])
WEIGHTED = RoundConfig.from_dict(
    {
        **RoundConfig().to_dict(),
        "item_weights": {"评估调查问卷": {"1": 2.5, "3": 0.7}, "满意度调查问卷": {"9": 1.3}},
    }
)


@pytest.mark.parametrize("config", [RoundConfig(), WEIGHTED], ids=["equal", "weighted"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aggregates_give_the_reference_figures(config: RoundConfig, seed: int) -> None:
    answers = random_answers(seed)
    expected = _reference_score_surveys(answers, config)
    assert expected["suppressed"].any() and not expected["suppressed"].all()
    assert_same_figures(expected, score_surveys(answers, config))
    assert_same_figures(
        expected, score_survey_aggregates(*survey_aggregates(answers, config), config)
    )


def test_the_aggregates_are_small_and_exact() -> None:
    answers = random_answers(4, agencies=2, respondents=30)
    item_counts, respondents = survey_aggregates(answers, WEIGHTED)
    # one row per agency × questionnaire × item × answer text; counts add up to the answers
    assert item_counts["count"].sum() == len(answers)
    assert len(item_counts) < len(answers)
    # respondent r0 of agency 1, 评估调查问卷: Σ λ·value / Σ λ over its valid answers by hand
    mine = answers[
        (answers["agency_id"] == 1)
        & (answers["questionnaire"] == "评估调查问卷")
        & (answers["response_id"] == "r0")
    ]
    values = {"非常满意": 100, "满意": 80, "基本满意": 60, "不满意": 30, "非常不满意": 0}
    num = den = 0.0
    for item, text in zip(mine["item"], mine["answer"], strict=True):
        value = values.get(_answer_text(text))
        lam = {1: 2.5, 3: 0.7}.get(item, 1.0)
        if value is not None:
            num, den = num + lam * value, den + lam
    row = respondents[
        (respondents["agency_id"] == 1)
        & (respondents["questionnaire"] == "评估调查问卷")
        & (respondents["response_id"] == "r0")
    ].iloc[0]
    assert row["weighted_sum"] == pytest.approx(num, abs=1e-9)
    assert row["weight"] == pytest.approx(den, abs=1e-9)


def test_no_respondents_no_figures() -> None:
    empty = pd.DataFrame(columns=["agency_id", "questionnaire", "response_id", "item", "answer"])
    assert score_surveys(empty, RoundConfig()).empty

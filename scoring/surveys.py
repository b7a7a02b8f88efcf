"""Survey import screening and satisfaction figures (DOMAIN §5).

Answer values come from ``config.answer_values`` (非常满意 100 … 非常不满意 0). Any other answer
— 不了解, blank, None, NaN — is *not valid* and left out of every figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scoring.config import RoundConfig

__all__ = [
    "SURVEY_COLUMNS",
    "ScreenResult",
    "SurveyFigures",
    "screen_submissions",
    "score_survey",
    "score_surveys",
    "score_survey_aggregates",
    "survey_aggregates",
    "survey_answer_value",
    "survey_item_weight",
    "count_excluded_answers",
    "ITEM_COUNT_COLUMNS",
    "RESPONDENT_COLUMNS",
]

SURVEY_COLUMNS = (
    "agency_id",
    "questionnaire",
    "n",
    "si",
    "satisfaction_rate",
    "ci_low",
    "ci_high",
    "sd",
    "small_sample",
    "suppressed",
    "valid_answers",
    "item_scores",
    "counts",
)
ITEM_COUNT_COLUMNS = ("agency_id", "questionnaire", "item", "answer", "count")
RESPONDENT_COLUMNS = ("agency_id", "questionnaire", "response_id", "weighted_sum", "weight")
_Z95 = 1.96


@dataclass(frozen=True)
class ScreenResult:
    """Screened submissions (a copy with ``status`` and ``straightlined``) and the counts."""

    submissions: pd.DataFrame
    counts: dict[str, int]


@dataclass(frozen=True)
class SurveyFigures:
    """One agency's figures for one questionnaire; ``None`` where suppressed or undefined."""

    questionnaire: str
    n: int
    si: float | None
    satisfaction_rate: float | None
    ci_low: float | None
    ci_high: float | None
    sd: float | None
    small_sample: bool
    suppressed: bool
    valid_answers: int
    item_scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _answer_text(value: Any) -> str:
    """Normalise an answer cell: strings stripped, None/NaN → '' (blank)."""
    return value.strip() if isinstance(value, str) else ""


def _is_straightlined(answers: Any, config: RoundConfig, judged: dict[Any, bool]) -> bool:
    if not isinstance(answers, Mapping):  # judged once per answer pattern (pattern → flag)
        return False
    if (key := tuple(answers.values())) not in judged:
        scored = [t for t in map(_answer_text, key) if t in config.answer_values]
        judged[key] = len(scored) >= config.straightline_min_items and len(set(scored)) == 1
    return judged[key]


def screen_submissions(subs: pd.DataFrame, config: RoundConfig) -> ScreenResult:
    """Apply the import checks to one questionnaire file's submissions.

    Input columns: ``row`` (1-based row in the file), ``seq`` (问卷星 序号, may be NaN),
    ``submission_id`` (may be NaN), ``duration_seconds``, ``answers`` (dict item → text).

    Checks, in this order (a row gets the first status that applies):

    1. *duplicate* — same ``seq`` or same ``submission_id`` as any earlier row (by ``row``),
       whatever that earlier row's own status; NaN never matches. Dropped.
    2. *too_fast* — ``duration_seconds < too_fast_seconds`` (20 s). Excluded. A missing
       duration is not judged too fast.
    3. otherwise *accepted*.

    ``straightlined`` is True when the submission has at least ``straightline_min_items`` (8)
    *scored* answers (answers found in ``config.answer_values``) and they are all the same;
    不了解 and blanks are not counted as items. Straight-liners stay accepted; the count
    reports accepted straight-liners only.
    """
    out = subs.copy()
    # "Earlier" means a lower file row; work in that order, then map back to the caller's.
    order = np.argsort(pd.to_numeric(out["row"]).to_numpy(), kind="stable")
    seq = out["seq"].iloc[order].reset_index(drop=True)
    sid = out["submission_id"].iloc[order].reset_index(drop=True)
    in_order = ((seq.notna() & seq.duplicated()) | (sid.notna() & sid.duplicated())).to_numpy()
    duplicate = np.empty(len(out), dtype=bool)
    duplicate[order] = in_order
    duration = pd.to_numeric(out["duration_seconds"], errors="coerce")
    too_fast = ~duplicate & (duration < config.too_fast_seconds)
    out["status"] = np.where(duplicate, "duplicate", np.where(too_fast, "too_fast", "accepted"))
    judged: dict[Any, bool] = {}
    out["straightlined"] = [_is_straightlined(a, config, judged) for a in out["answers"]]
    accepted = out["status"] == "accepted"
    counts = {
        "total": len(out),
        "accepted": int(accepted.sum()),
        "duplicate": int(duplicate.sum()),
        "too_fast": int(too_fast.sum()),
        "straightlined": int((accepted & out["straightlined"]).sum()),
    }
    return ScreenResult(submissions=out, counts=counts)


def _pair_codes(left: np.ndarray, n_right: int, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes for (left, right) code pairs, in sorted pair order, and the unique pairs."""
    codes, uniques = pd.factorize(left.astype(np.int64) * n_right + right, sort=True)
    return codes, np.asarray(uniques)


def _per_group(codes: np.ndarray, weights: np.ndarray | None, size: int) -> np.ndarray:
    return np.bincount(codes, weights=weights, minlength=size).astype(float)


def survey_answer_value(answer: Any, config: RoundConfig) -> float | None:
    """The value an answer cell scores (``config.answer_values`` after trimming), or None
    when it is not valid (不了解, blank, anything else)."""
    value = config.answer_values.get(_answer_text(answer))
    return None if value is None else float(value)


def count_excluded_answers(answers: Any, config: RoundConfig) -> int:
    """How many answers (不了解, blank, anything else not valid) are left out of every figure,
    over an iterable of dicts item → answer text (one per accepted submission)."""
    valid: dict[Any, bool] = {}  # per distinct answer text: a file holds a handful
    count = 0
    for submission in answers:
        if not isinstance(submission, Mapping):
            continue
        for a in submission.values():
            key = a if isinstance(a, str) or a is None else repr(a)
            if key not in valid:
                valid[key] = survey_answer_value(a, config) is not None
            count += not valid[key]
    return count


def survey_item_weight(config: RoundConfig, questionnaire: Any, item: Any) -> float:
    """λ_j of one item (``config.item_weights``; 1 when not configured)."""
    # Config keys are strings; 问卷星 item numbers may arrive as ints.
    return float(config.item_weights.get(str(questionnaire), {}).get(str(item), 1.0))


def survey_aggregates(
    answers_all: pd.DataFrame, config: RoundConfig
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two small tables every survey figure is computed from (see
    :func:`score_survey_aggregates`), from a long table of accepted responses.

    A database computes the same two tables with GROUP BY (data_access.round_inputs)."""
    if answers_all.empty:
        return pd.DataFrame(columns=list(ITEM_COUNT_COLUMNS)), pd.DataFrame(
            columns=list(RESPONDENT_COLUMNS)
        )
    keys = answers_all[["agency_id", "questionnaire", "item"]]
    answer = answers_all["answer"].astype(object)
    item_counts = (
        keys.assign(answer=answer.where(answer.notna(), None))
        .groupby(["agency_id", "questionnaire", "item", "answer"], dropna=False, sort=True)
        .size()
        .rename("count")
        .reset_index()
    )
    # Per respondent (ids need only be unique within agency × questionnaire): Σ λ·value
    # and Σ λ over valid answers, summed in row order.
    agency_code, agencies = pd.factorize(answers_all["agency_id"], sort=True)
    q_code, questionnaires = pd.factorize(answers_all["questionnaire"], sort=True)
    g, group_pairs = _pair_codes(agency_code, len(questionnaires), q_code)
    resp_code, resp_uniques = pd.factorize(answers_all["response_id"], sort=True)
    width = max(len(resp_uniques), 1)
    r, resp_pairs = _pair_codes(g, width, resp_code)
    resp_group = group_pairs[resp_pairs // width]
    raw_code, raw_texts = pd.factorize(answer)
    values = np.array([survey_answer_value(t, config) for t in raw_texts] + [None], dtype=float)
    value = values[raw_code]
    pairs = pd.MultiIndex.from_arrays([answers_all["questionnaire"], answers_all["item"]])
    weight_code, weight_pairs = pd.factorize(pairs)
    lam = np.array([survey_item_weight(config, q, i) for q, i in weight_pairs])[weight_code]
    valid = ~np.isnan(value)
    size = len(resp_pairs)
    respondents = pd.DataFrame(
        {
            "agency_id": np.asarray(agencies)[resp_group // len(questionnaires)],
            "questionnaire": np.asarray(questionnaires, dtype=object)[
                resp_group % len(questionnaires)
            ],
            "response_id": np.asarray(resp_uniques)[resp_pairs % width],
            "weighted_sum": _per_group(r[valid], (lam * value)[valid], size),
            "weight": _per_group(r[valid], lam[valid], size),
        },
        columns=list(RESPONDENT_COLUMNS),
    )
    return item_counts, respondents


def score_surveys(answers_all: pd.DataFrame, config: RoundConfig) -> pd.DataFrame:
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
    are dicts. The same as :func:`score_survey_aggregates` of :func:`survey_aggregates`.
    """
    return score_survey_aggregates(*survey_aggregates(answers_all, config), config)


def score_survey_aggregates(
    item_counts: pd.DataFrame, respondents: pd.DataFrame, config: RoundConfig
) -> pd.DataFrame:
    """The figures of :func:`score_surveys` from the two aggregate tables alone:

    - ``item_counts``: agency_id, questionnaire, item, answer (the stored text, None for a
      blank), count — how many accepted answers to the item carry that text;
    - ``respondents``: agency_id, questionnaire, response_id, weighted_sum (Σ λ_j · value
      over the respondent's valid answers, see :func:`survey_answer_value` and
      :func:`survey_item_weight`), weight (Σ λ_j over the same answers; 0 when none is
      valid) — one row per accepted respondent with at least one answer.
    """
    if respondents.empty:
        return pd.DataFrame(columns=list(SURVEY_COLUMNS))
    # Everything is reduced to integer codes once, then summed with bincount (sorted codes
    # throughout, so sums run in the same order whatever the row order).
    n_resp = len(respondents)
    agency_code, agencies = pd.factorize(
        pd.concat([respondents["agency_id"], item_counts["agency_id"]], ignore_index=True),
        sort=True,
    )
    q_code, questionnaires = pd.factorize(
        pd.concat([respondents["questionnaire"], item_counts["questionnaire"]], ignore_index=True),
        sort=True,
    )
    g_all, group_pairs = _pair_codes(agency_code, len(questionnaires), q_code)
    n_groups = len(group_pairs)
    group_q = group_pairs % len(questionnaires)
    group_agency = group_pairs // len(questionnaires)
    g_resp, g = g_all[:n_resp], g_all[n_resp:]

    item_code, items = pd.factorize(item_counts["item"], sort=True)
    n_items = len(items)
    lam_table = np.ones((len(questionnaires), n_items))
    for qi, questionnaire in enumerate(questionnaires):
        for ii, item in enumerate(items):
            lam_table[qi, ii] = survey_item_weight(config, questionnaire, item)

    # Normalise the few distinct answer texts; NaN/None (code -1) → "".
    raw_code, raw_texts = pd.factorize(item_counts["answer"].astype(object))
    cleaned = [_answer_text(t) for t in raw_texts] + [""]
    texts = sorted(set(cleaned))
    text_code = np.array([texts.index(t) for t in cleaned])[raw_code]
    text_value = np.array([config.answer_values.get(t, np.nan) for t in texts])
    satisfied_text = np.array([t in config.satisfied_answers for t in texts], dtype=bool)
    count = item_counts["count"].to_numpy(dtype=np.int64)
    valid = ~np.isnan(text_value[text_code])

    gi = (g * n_items + item_code)[valid]
    item_count = np.bincount(gi, weights=count[valid], minlength=n_groups * n_items)
    item_count = item_count.astype(float).reshape(n_groups, n_items)
    # Σ values per item from integer counts per answer text: exact and order-free.
    text_counts = np.bincount(
        gi * len(texts) + text_code[valid],
        weights=count[valid],
        minlength=n_groups * n_items * len(texts),
    ).astype(np.int64)
    item_sum = (text_counts.reshape(-1, len(texts)) @ np.nan_to_num(text_value)).reshape(
        n_groups, n_items
    )
    has_item = item_count > 0
    n = np.bincount(g_resp, minlength=n_groups)
    order = np.lexsort((pd.factorize(respondents["response_id"], sort=True)[0], g_resp))
    owner_all = g_resp[order]
    resp_num = respondents["weighted_sum"].to_numpy(dtype=float)[order]
    resp_den = respondents["weight"].to_numpy(dtype=float)[order]
    with np.errstate(invalid="ignore", divide="ignore"):
        item_score = item_sum / item_count
        lam_g = np.where(has_item, lam_table[group_q], 0.0)
        lam_total = lam_g.sum(axis=1)
        weighted = (np.where(has_item, item_score, 0.0) * lam_g).sum(axis=1)
        si = np.where(lam_total > 0, weighted / lam_total, np.nan)
        valid_counts = np.bincount(g[valid], weights=count[valid], minlength=n_groups)
        valid_answers = valid_counts.astype(np.int64).astype(float)
        satisfied = (valid & satisfied_text[text_code]).astype(float) * count
        rate = _per_group(g, satisfied, n_groups) / valid_answers

        scored = resp_den > 0
        resp_score = resp_num[scored] / resp_den[scored]
        owner = owner_all[scored]
        k = _per_group(owner, None, n_groups)
        mean = _per_group(owner, resp_score, n_groups) / k
        # Two-pass sample variance (ddof=1): steadier than Σx² − n·mean².
        squares = _per_group(owner, (resp_score - mean[owner]) ** 2, n_groups)
        sd = np.where(k >= 2, np.sqrt(squares / (k - 1)), np.nan)
        half = _Z95 * sd / np.sqrt(n)

    suppressed = n < config.survey_min_n
    blank = np.where(suppressed, np.nan, 1.0)
    counts_matrix = (
        np.bincount(g * len(texts) + text_code, weights=count, minlength=n_groups * len(texts))
        .astype(np.int64)
        .reshape(n_groups, len(texts))
    )
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


def _opt(value: Any) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def score_survey(answers: pd.DataFrame, config: RoundConfig, questionnaire: str) -> SurveyFigures:
    """Figures for ONE agency and questionnaire (see :func:`score_surveys` for formulas).

    Input: accepted responses in long form with ``response_id, item, answer``.
    """
    if answers.empty:
        return SurveyFigures(
            questionnaire=questionnaire,
            n=0,
            si=None,
            satisfaction_rate=None,
            ci_low=None,
            ci_high=None,
            sd=None,
            small_sample=True,
            suppressed=True,
            valid_answers=0,
        )
    frame = answers[["response_id", "item", "answer"]].assign(
        agency_id=0, questionnaire=questionnaire
    )
    row = score_surveys(frame, config).iloc[0]
    return SurveyFigures(
        questionnaire=questionnaire,
        n=int(row["n"]),
        si=_opt(row["si"]),
        satisfaction_rate=_opt(row["satisfaction_rate"]),
        ci_low=_opt(row["ci_low"]),
        ci_high=_opt(row["ci_high"]),
        sd=_opt(row["sd"]),
        small_sample=bool(row["small_sample"]),
        suppressed=bool(row["suppressed"]),
        valid_answers=int(row["valid_answers"]),
        item_scores=dict(row["item_scores"]),
        counts=dict(row["counts"]),
    )

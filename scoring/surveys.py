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


def _is_straightlined(answers: Any, config: RoundConfig) -> bool:
    if not isinstance(answers, Mapping):
        return False
    scored = [t for t in map(_answer_text, answers.values()) if t in config.answer_values]
    return len(scored) >= config.straightline_min_items and len(set(scored)) == 1


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
    out["straightlined"] = [_is_straightlined(a, config) for a in out["answers"]]
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

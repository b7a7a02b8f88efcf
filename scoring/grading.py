"""Composite, grade and rank (DOMAIN §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.config import RoundConfig

__all__ = ["combine_composite", "grade_composites", "rank_composites"]


def combine_composite(common: pd.Series, individual: pd.Series, config: RoundConfig) -> pd.Series:
    """composite = wc · C + wi · X; where X is missing, composite = C; C missing → NaN."""
    blended = config.weight_common * common + config.weight_individual * individual
    return blended.where(individual.notna(), common).astype(float).rename("composite")


def grade_composites(composite: pd.Series, coverage: pd.Series, config: RoundConfig) -> pd.Series:
    """Grade by the bands (优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 60, else 较差), compared at full
    precision; coverage below ``min_coverage`` (or no composite) → ``insufficient_label``."""
    values = composite.to_numpy(float)
    labels = [label for label, _ in config.grade_bands]
    conditions = [values >= bound for _, bound in config.grade_bands]
    grades = np.select(conditions, labels, default=config.lowest_grade).astype(object)
    insufficient = (coverage.to_numpy(float) < config.min_coverage) | np.isnan(values)
    grades[insufficient] = config.insufficient_label
    return pd.Series(grades, index=composite.index, name="grade", dtype=object)


def rank_composites(composite: pd.Series, graded: pd.Series) -> pd.Series:
    """Rank by composite, descending, among graded agencies; ties share the best rank
    (1, 2, 2, 4); ungraded agencies get <NA>."""
    ranks = composite.where(graded).rank(method="min", ascending=False)
    return ranks.astype("Int64").rename("rank")

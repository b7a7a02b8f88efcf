"""The log–log peer line (DOMAIN §6) against a 6-city example worked by hand.

Cities (posts, population in 10k, workload):
  A  10, 500,  100        B  40, 500,  400        C  40, 500, 1600        D  80, 500, 6400
  E  —,  500,  900  (no posts: left out)          F  30, 500,    0  (zero workload: left out)
Write u = log₄(W / 100) = 0, 1, 2, 3 and v = log₂(P / 10) = 0, 2, 2, 3 for A–D.
  ū = 1.5, v̄ = 1.75; Σ(u−ū)(v−v̄) = (−1.5)(−1.75) + (−0.5)(0.25) + (0.5)(0.25) + (1.5)(1.25)
  = 2.625 − 0.125 + 0.125 + 1.875 = 4.5;  Σ(u−ū)² = 2.25 + 0.25 + 0.25 + 2.25 = 5
  → v̂ = 1.75 + 0.9 (u − 1.5).  In natural logs ln P = ln 10 + v ln 2, ln W = ln 100 + u ln 4:
  slope = 0.9 · ln 2 / ln 4 = 0.45;
  intercept = ln 10 + ln 2 · (1.75 − 1.35) − 0.45 · ln 100 = 0.1 ln 10 + 0.4 ln 2.
  Residuals in v: −0.4, 0.7, −0.2, −0.1 → SS_res = 0.16 + 0.49 + 0.04 + 0.01 = 0.70;
  SS_tot = 3.0625 + 0.0625 + 0.0625 + 1.5625 = 4.75 → R² = 1 − 0.70 / 4.75 = 81/95 (both in
  units of (ln 2)², which cancel).
Home: workload 800 → u = log₄ 8 = 1.5 → v̂ = 1.75 → expected = 10 · 2^1.75 = 33.6358…;
  authorized 40 → residual = 40 − 10 · 2^1.75 = 6.3641…, share = 4 · 2^−1.75 − 1 = 2^0.25 − 1
  = 0.18920… (above the line).
"""

from __future__ import annotations

import math

import pytest

from scoring.peer_fit import PeerCity, exclusion_reason, fit_peer_line, predict_posts

SIX = [
    PeerCity("A", 10, 500, 100),
    PeerCity("B", 40, 500, 400),
    PeerCity("C", 40, 500, 1600),
    PeerCity("D", 80, 500, 6400),
    PeerCity("E", None, 500, 900),
    PeerCity("F", 30, 500, 0),
]


def test_the_six_city_example() -> None:
    fit = fit_peer_line(SIX)
    assert fit.ok and fit.missing is None
    assert fit.n == 4 and fit.included == ("A", "B", "C", "D")
    assert fit.excluded == {"E": "no_posts", "F": "zero_workload"}
    assert fit.slope == pytest.approx(0.45)
    assert fit.intercept == pytest.approx(0.1 * math.log(10) + 0.4 * math.log(2))
    assert fit.r2 == pytest.approx(81 / 95)
    home = predict_posts(fit, 800, 40)
    assert home.expected == pytest.approx(33.635856610148586)  # 10 · 2^1.75
    assert home.residual == pytest.approx(6.364143389851414)
    assert home.share == pytest.approx(2**0.25 - 1)


def test_fewer_than_three_peers_gives_no_line() -> None:
    # only A and B qualify once C and D have no posts and no population
    cities = [*SIX[:2], PeerCity("C", 0, 500, 1600), PeerCity("D", 80, None, 6400), *SIX[4:]]
    fit = fit_peer_line(cities)
    assert not fit.ok and fit.missing == "too_few_peers" and fit.n == 2
    assert fit.excluded == {
        "C": "no_posts",
        "D": "no_population",
        "E": "no_posts",
        "F": "zero_workload",
    }
    assert predict_posts(fit, 800, 40).expected is None


def test_exclusion_reasons() -> None:
    assert exclusion_reason(PeerCity("x", math.nan, 1, 1)) == "no_posts"
    assert exclusion_reason(PeerCity("x", 5, 0, 1)) == "no_population"
    assert exclusion_reason(PeerCity("x", 5, 1, None)) == "no_workload"
    assert exclusion_reason(PeerCity("x", 5, 1, -1)) == "zero_workload"
    assert exclusion_reason(PeerCity("x", 5, 1, 1)) is None


def test_home_without_workload_or_posts() -> None:
    fit = fit_peer_line(SIX)
    assert predict_posts(fit, 0, 40).expected is None
    no_posts = predict_posts(fit, 800, None)
    assert no_posts.expected == pytest.approx(10 * 2**1.75) and no_posts.residual is None


def test_equal_workloads_give_no_line() -> None:
    same = [PeerCity(c, p, 1, 50) for c, p in (("a", 1), ("b", 2), ("c", 3))]
    assert fit_peer_line(same).missing == "same_workload"


def test_equal_posts_fit_flat_without_r2() -> None:
    flat = fit_peer_line([PeerCity(c, 7, 1, w) for c, w in (("a", 1), ("b", 2), ("c", 4))])
    assert flat.slope == pytest.approx(0.0) and flat.r2 is None
    assert predict_posts(flat, 3, 7).residual == pytest.approx(0.0)

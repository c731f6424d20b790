"""One-proportion intervals against published values.

Sources: Newcombe (1998a) Stat Med 17:857-872, Table I (Wilson = method 3,
Clopper-Pearson = method 5), and R's documented example
``binom.test(682, 925, p = 0.75)`` (Mendel's peas).
"""

import math

import pytest

from evalkit.errors import EvalkitError
from evalkit.stats.proportions import clopper_pearson_interval, wilson_interval

TOL_4DP = 5e-5  # published values are rounded to 4 decimals

# Newcombe 1998a, Table I: (events, n, Wilson low, Wilson high, CP low, CP high)
NEWCOMBE_1998A = [
    (81, 263, 0.2553, 0.3662, 0.2527, 0.3676),
    (15, 148, 0.0624, 0.1605, 0.0578, 0.1617),
    (0, 20, 0.0, 0.1611, 0.0, 0.1684),
    (1, 29, 0.0061, 0.1718, 0.0009, 0.1776),
]


@pytest.mark.parametrize(("events", "n", "low", "high", "_cl", "_ch"), NEWCOMBE_1998A)
def test_wilson_matches_newcombe_1998a(events, n, low, high, _cl, _ch):
    result = wilson_interval(events, n)
    assert result.estimate == pytest.approx(events / n)
    assert result.ci_low == pytest.approx(low, abs=TOL_4DP)
    assert result.ci_high == pytest.approx(high, abs=TOL_4DP)
    assert result.n == n and "Wilson" in result.method


@pytest.mark.parametrize(("events", "n", "_wl", "_wh", "low", "high"), NEWCOMBE_1998A)
def test_clopper_pearson_matches_newcombe_1998a(events, n, _wl, _wh, low, high):
    result = clopper_pearson_interval(events, n)
    assert result.ci_low == pytest.approx(low, abs=TOL_4DP)
    assert result.ci_high == pytest.approx(high, abs=TOL_4DP)


def test_clopper_pearson_matches_r_binom_test_example():
    # R: binom.test(682, 925, p = 0.75) -> 95% CI 0.7076683 0.7654066
    result = clopper_pearson_interval(682, 925)
    assert result.ci_low == pytest.approx(0.7076683, abs=5e-8)
    assert result.ci_high == pytest.approx(0.7654066, abs=5e-8)
    assert result.estimate == pytest.approx(0.7372973, abs=5e-8)


def test_limits_are_exact_at_zero_and_all_events():
    assert wilson_interval(0, 20).ci_low == 0.0
    assert wilson_interval(20, 20).ci_high == 1.0
    assert clopper_pearson_interval(0, 7).ci_low == 0.0
    assert clopper_pearson_interval(7, 7).ci_high == 1.0
    # 100% rate: upper exactly 1, lower below 1, and a warning for the reader
    result = wilson_interval(5, 5)
    assert result.estimate == 1.0 and result.ci_low < 1.0 and result.warnings


def test_symmetry_of_wilson_limits():
    # Wilson limits for x/n and (n-x)/n mirror each other: 1 - high == low.
    a, b = wilson_interval(3, 17), wilson_interval(14, 17)
    assert a.ci_low == pytest.approx(1 - b.ci_high, abs=1e-12)


def test_single_observation():
    result = wilson_interval(1, 1)
    assert result.estimate == 1.0 and result.ci_high == 1.0
    assert 0.0 < result.ci_low < 1.0


def test_zero_n_is_not_estimable():
    result = wilson_interval(0, 0)
    assert result.status == "not estimable" and math.isnan(result.estimate)
    assert "n = 0" in result.warnings[0]


@pytest.mark.parametrize(
    ("events", "n", "match"),
    [
        (5, 3, "events: expected at most n"),
        (-1, 3, "events: expected a whole number"),
        (1.5, 3, "events: expected a whole number"),
        (float("nan"), 3, "events: expected a whole number"),
        (1, None, "n: expected a whole number"),
    ],
)
def test_bad_counts_raise(events, n, match):
    with pytest.raises(EvalkitError, match=match):
        wilson_interval(events, n)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.1, "0.95"])
def test_bad_confidence_raises(confidence):
    with pytest.raises(ValueError, match="confidence: expected"):
        wilson_interval(1, 10, confidence=confidence)


def test_higher_confidence_is_wider():
    narrow, wide = wilson_interval(30, 100, 0.90), wilson_interval(30, 100, 0.99)
    assert wide.ci_low < narrow.ci_low and wide.ci_high > narrow.ci_high

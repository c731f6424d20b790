"""Seeded bootstrap intervals.

Sources
-------
- Mouse data: Efron B, Tibshirani RJ (1993), An Introduction to the
  Bootstrap, Table 2.1 (survival days after surgery).  Treatment group
  94, 197, 16, 38, 99, 141, 23: mean 86.86, standard error 25.24; control
  52, 104, 146, 10, 51, 30, 40, 27, 46: mean 56.22, standard error 14.14.
  As the number of resamples grows, the bootstrap standard error of a mean
  tends to the plug-in value s * sqrt((n - 1) / n) / sqrt(n) (same book,
  section 6.2), i.e. 25.24 * sqrt(6/7) = 23.36 and 14.14 * sqrt(8/9) = 13.33.
- Law school data: same book, Table 3.1 (15 schools, LSAT and GPA);
  correlation 0.776.
"""

import math

import numpy as np
import pytest

from evalkit.stats.bootstrap import bootstrap_interval

MOUSE_TREATED = [94, 197, 16, 38, 99, 141, 23]
MOUSE_CONTROL = [52, 104, 146, 10, 51, 30, 40, 27, 46]
LSAT = [576, 635, 558, 578, 666, 580, 555, 661, 651, 605, 653, 575, 545, 572, 594]
GPA = [3.39, 3.30, 2.81, 3.03, 3.44, 3.07, 3.00, 3.43, 3.36, 3.13, 3.12, 2.74,
       2.76, 2.88, 2.96]  # fmt: skip


def difference_in_means(a, b):
    return a.mean() - b.mean()


def correlation(a, b):
    return np.corrcoef(a, b)[0, 1]


def test_mouse_mean_and_standard_error():
    # Efron & Tibshirani Table 2.1: mean 86.86; plug-in bootstrap SE 23.36.
    # 20000 resamples: Monte Carlo error of the SE well under 2%.
    result = bootstrap_interval(MOUSE_TREATED, np.mean, n_boot=20000)
    assert result.estimate == pytest.approx(86.86, abs=0.005)
    assert result.details["standard_error"] == pytest.approx(23.36, rel=0.02)
    assert result.ci_low < result.estimate < result.ci_high


def test_mouse_difference_of_two_independent_samples():
    # Difference 86.86 - 56.22 = 30.63 (Table 2.1); ideal bootstrap SE
    # sqrt(23.36^2 + 13.33^2) = 26.90 with each group resampled on its own.
    result = bootstrap_interval(
        (MOUSE_TREATED, MOUSE_CONTROL), difference_in_means, n_boot=20000
    )
    assert result.estimate == pytest.approx(30.63, abs=0.005)
    assert result.details["standard_error"] == pytest.approx(26.90, rel=0.02)
    assert result.n == 16


def test_law_school_correlation_paired():
    # Efron & Tibshirani Table 3.1: correlation 0.776.
    result = bootstrap_interval((LSAT, GPA), correlation, paired=True, method="bca")
    assert result.estimate == pytest.approx(0.776, abs=0.0005)
    assert -1 <= result.ci_low < result.estimate < result.ci_high <= 1
    assert result.n == 15
    assert "BCa" in result.method


def test_seed_and_resamples_are_recorded_and_reproduce():
    first = bootstrap_interval(MOUSE_TREATED, np.median, seed=7, n_boot=500)
    again = bootstrap_interval(MOUSE_TREATED, np.median, seed=7, n_boot=500)
    other = bootstrap_interval(MOUSE_TREATED, np.mean, seed=8, n_boot=500)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.details["seed"] == 7 and first.details["n_boot"] == 500
    assert "seed 7" in first.method and "500 resamples" in first.method
    assert other.details["seed"] == 8


def test_default_seed_is_the_projects():
    assert bootstrap_interval([1.0, 2.0, 4.0], np.mean).details["seed"] == 20261204


def test_percentile_limits_are_quantiles_of_the_bootstrap_distribution():
    # Percentile interval of the mean of 0/1 data with 5 ones in 10: the mean
    # of a resample is k/10, so both limits must be multiples of 0.1.
    data = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    result = bootstrap_interval(data, np.mean, n_boot=4000)
    for limit in (result.ci_low, result.ci_high):
        assert round(limit * 10) == pytest.approx(limit * 10, abs=1e-9)
    assert result.ci_low == pytest.approx(0.2, abs=0.1)
    assert result.ci_high == pytest.approx(0.8, abs=0.1)


def test_constant_data_gives_a_zero_width_interval_with_a_warning():
    result = bootstrap_interval([3.0, 3.0, 3.0, 3.0], np.mean, method="bca")
    assert (result.ci_low, result.ci_high) == (3.0, 3.0)
    assert "same value" in result.warnings[0]


def test_a_sample_of_one_is_not_estimable():
    result = bootstrap_interval([5.0], np.mean)
    assert result.status == "not estimable"
    assert "at least two values" in result.warnings[0]


def test_missing_values_are_dropped_and_counted():
    result = bootstrap_interval([*MOUSE_TREATED, math.nan, None], np.mean)
    assert result.n == 7
    assert result.details["n_dropped"] == 2
    assert result.estimate == pytest.approx(86.86, abs=0.005)


def test_paired_rows_missing_in_either_sample_are_dropped_together():
    lsat = [*LSAT, math.nan, 600]
    gpa = [*GPA, 3.1, math.nan]
    result = bootstrap_interval((lsat, gpa), correlation, paired=True, n_boot=200)
    assert result.n == 15 and result.details["n_dropped"] == 2
    assert result.estimate == pytest.approx(0.776, abs=0.0005)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_boot": 10}, ValueError, "n_boot: expected at least 100"),
        ({"n_boot": 2000.0}, TypeError, "n_boot: expected a whole number"),
        ({"confidence": 1.5}, ValueError, "confidence: expected a number"),
        ({"method": "studentized"}, ValueError, "method: expected one of"),
        ({"seed": "abc"}, TypeError, "seed: expected a whole number"),
    ],
)
def test_bad_settings_name_the_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        bootstrap_interval(MOUSE_TREATED, np.mean, **kwargs)


def test_paired_samples_of_unequal_length_are_refused():
    with pytest.raises(ValueError, match="equal length"):
        bootstrap_interval(([1, 2, 3], [1, 2]), correlation, paired=True)


def test_non_numeric_data_is_refused():
    with pytest.raises(ValueError, match="data: expected numbers"):
        bootstrap_interval(["a", "b"], np.mean)

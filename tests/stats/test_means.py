"""Two independent means and Hedges' g against published values.

Sources
-------
- R ``datasets::sleep`` (Student 1908), group 1 vs group 2 treated as
  independent samples (R's own documented example of ``t.test``):
  ``t.test(extra ~ group, data = sleep)`` -> t = -1.8608, df = 17.776,
  p = 0.07939, 95% CI -3.3654832 to 0.2054832;
  ``t.test(extra ~ group, data = sleep, var.equal = TRUE)`` -> t = -1.8608,
  df = 18, p = 0.07919, 95% CI -3.363874 to 0.203874.
- Dehejia and Wahba (1999), NSW experiment, re78 treated - control:
  1,794.34 with pooled-variance SE 633, 95% CI 550.6 to 3,038.1 (n 185, 260).
- WWC Procedures Handbook: g = omega * d, omega = 1 - 3/(4N - 9).
"""

import math

import numpy as np
import pytest

from evalkit.errors import EvalkitError
from evalkit.stats.means import (
    hedges_g,
    hedges_g_from_summary,
    mean_difference,
    mean_difference_from_summary,
)

SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_welch_matches_r_sleep():
    result = mean_difference(SLEEP_1, SLEEP_2, method="welch")
    assert result.estimate == pytest.approx(-1.58, abs=1e-12)
    assert result.statistic == pytest.approx(-1.8608, abs=5e-5)
    assert result.df == pytest.approx(17.776, abs=5e-4)
    assert result.p_value == pytest.approx(0.07939, abs=5e-6)
    assert result.ci_low == pytest.approx(-3.3654832, abs=5e-8)
    assert result.ci_high == pytest.approx(0.2054832, abs=5e-8)


def test_pooled_matches_r_sleep():
    result = mean_difference(SLEEP_1, SLEEP_2, method="pooled")
    assert result.statistic == pytest.approx(-1.8608, abs=5e-5)
    assert result.df == 18
    assert result.p_value == pytest.approx(0.07919, abs=5e-6)
    assert result.ci_low == pytest.approx(-3.363874, abs=5e-7)
    assert result.ci_high == pytest.approx(0.203874, abs=5e-7)
    assert result.details["n_treated"] == 10 and "se" in result.details


def test_pooled_t_reproduces_dehejia_wahba_interval():
    # Published summary: difference 1794.34, pooled SE 633, n = 185 and 260.
    # An SD giving that SE, with the t quantile on 443 df, must give the
    # published 95% CI (SE rounded to the dollar -> tolerance 1.5 dollars).
    sd = 633 / math.sqrt(1 / 185 + 1 / 260)
    result = mean_difference_from_summary(6349.14, sd, 185, 4554.80, sd, 260)
    assert result.df == 443
    assert result.details["se"] == pytest.approx(633, abs=1e-9)
    assert result.estimate == pytest.approx(1794.34, abs=1e-9)
    assert result.ci_low == pytest.approx(550.6, abs=1.5)
    assert result.ci_high == pytest.approx(3038.1, abs=1.5)


def test_one_sided_alternatives():
    two = mean_difference(SLEEP_1, SLEEP_2)
    less = mean_difference(SLEEP_1, SLEEP_2, alternative="less")
    greater = mean_difference(SLEEP_1, SLEEP_2, alternative="greater")
    assert less.p_value == pytest.approx(two.p_value / 2)
    assert greater.p_value == pytest.approx(1 - two.p_value / 2)
    assert less.ci_low == -math.inf and greater.ci_high == math.inf


def test_nan_is_dropped_and_counted():
    result = mean_difference([*SLEEP_1, np.nan], [np.nan, *SLEEP_2, np.nan])
    assert result.n == 20
    assert result.details["missing_treated"] == 1
    assert result.details["missing_comparison"] == 2
    assert any("missing values dropped" in w for w in result.warnings)
    assert result.p_value == pytest.approx(0.07919, abs=5e-6)


def test_group_of_one():
    pooled = mean_difference([5.0], [1.0, 2.0, 3.0])
    assert pooled.estimable and pooled.df == 2 and pooled.warnings
    assert mean_difference([5.0], [1.0, 2.0, 3.0], method="welch").status == (
        "not estimable"
    )
    assert mean_difference([5.0], [1.0]).status == "not estimable"
    assert mean_difference([], [1.0, 2.0]).status == "not estimable"


def test_no_variation_is_not_estimable():
    result = mean_difference([2.0, 2.0], [2.0, 2.0, 2.0])
    assert result.status == "not estimable" and "no variation" in result.warnings[0]


def test_hedges_g_by_hand_on_sleep():
    # d = (0.75 - 2.33) / s_pooled; s_pooled^2 = (9*s1^2 + 9*s2^2) / 18;
    # omega = 1 - 3/(4*20 - 9) = 68/71.
    s1, s2 = np.std(SLEEP_1, ddof=1), np.std(SLEEP_2, ddof=1)
    pooled = math.sqrt((s1**2 + s2**2) / 2)
    expected = (68 / 71) * (0.75 - 2.33) / pooled
    result = hedges_g(SLEEP_1, SLEEP_2)
    assert result.estimate == pytest.approx(expected, rel=1e-12)
    se = math.sqrt(20 / 100 + expected**2 / 40)
    assert result.ci_high - result.ci_low == pytest.approx(2 * 1.959964 * se, rel=1e-6)
    assert "omega" in result.method and "SE" in result.method


def test_hedges_g_small_sample_factor():
    # Means 3 and 2, SDs 1, n = 3 + 3: d = 1, omega = 1 - 3/15 = 0.8.
    result = hedges_g_from_summary(3.0, 1.0, 3, 2.0, 1.0, 3)
    assert result.estimate == pytest.approx(0.8, abs=1e-12)
    assert result.details["omega"] == pytest.approx(0.8)


def test_hedges_g_too_small_or_constant():
    assert hedges_g([1.0], [2.0, 3.0]).status == "not estimable"
    assert hedges_g([1.0, 1.0], [1.0, 1.0]).status == "not estimable"


def test_bad_inputs_raise():
    with pytest.raises(EvalkitError, match="method: expected one of"):
        mean_difference(SLEEP_1, SLEEP_2, method="student")
    with pytest.raises(EvalkitError, match="alternative: expected one of"):
        mean_difference(SLEEP_1, SLEEP_2, alternative="two.sided")
    with pytest.raises(EvalkitError, match="treated: expected numbers"):
        mean_difference(["a", "b"], SLEEP_2)
    with pytest.raises(EvalkitError, match="comparison: expected finite"):
        mean_difference(SLEEP_1, [1.0, math.inf])

"""Two independent proportions against published values.

Sources
-------
- Newcombe, R. G. (1998b). Interval estimation for the difference between
  independent proportions. Stat Med 17:873-890, Table II, method 10 (hybrid
  score), 95% limits to 4 decimals.
- Agresti, Categorical Data Analysis, Physicians' Health Study (myocardial
  infarction: placebo 189/11,034, aspirin 104/11,037; group 1 = placebo), as
  in /work/shared/reference/two_by_two.csv and its README: difference 0.0077,
  relative risk 1.82 (score 1.43 to 2.30, log 1.433 to 2.306), odds ratio
  1.832 (Woolf 1.44 to 2.33).
- NSW experiment (LaLonde 1986; Dehejia and Wahba 1999), employed in 1978:
  140 of 185 treated vs 168 of 260 controls.
"""

import math

import pytest
from scipy import stats

from evalkit.errors import EvalkitError
from evalkit.stats.two_proportions import (
    odds_ratio,
    proportion_difference,
    relative_lift,
    risk_ratio,
)

TOL_4DP = 5e-5
ASPIRIN = (189, 11034, 104, 11037)

# Newcombe 1998b Table II, method 10: (a, m, b, n, low, high) for a/m - b/n
NEWCOMBE_1998B = [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
    (10, 10, 0, 10, 0.6075, 1.0000),
]


@pytest.mark.parametrize(("a", "m", "b", "n", "low", "high"), NEWCOMBE_1998B)
def test_difference_matches_newcombe_table_ii(a, m, b, n, low, high):
    result = proportion_difference(a, m, b, n)
    assert result.estimate == pytest.approx(a / m - b / n, abs=1e-12)
    assert result.ci_low == pytest.approx(low, abs=TOL_4DP)
    assert result.ci_high == pytest.approx(high, abs=TOL_4DP)
    assert "Newcombe" in result.method and "z test" in result.method


def test_difference_agresti_aspirin():
    result = proportion_difference(*ASPIRIN)
    assert result.estimate == pytest.approx(0.0077, abs=5e-5)
    assert result.details["rate_treated"] == pytest.approx(189 / 11034)


def test_difference_hand_computed_newcombe_nsw_employment():
    # Independent closed-form check: Wilson limits by hand, then Newcombe's
    # combination (Newcombe 1998b, eq. for method 10).
    z = stats.norm.ppf(0.975)

    def wilson(x, n):
        p = x / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
        return centre - half, centre + half

    p1, p2 = 140 / 185, 168 / 260
    l1, u1 = wilson(140, 185)
    l2, u2 = wilson(168, 260)
    d = p1 - p2
    result = proportion_difference(140, 185, 168, 260)
    assert result.details["rate_treated"] == pytest.approx(0.7568, abs=5e-5)
    assert result.details["rate_comparison"] == pytest.approx(0.6462, abs=5e-5)
    assert result.ci_low == pytest.approx(d - math.hypot(p1 - l1, u2 - p2), abs=1e-9)
    assert result.ci_high == pytest.approx(d + math.hypot(u1 - p1, p2 - l2), abs=1e-9)


def test_z_test_equals_pearson_chi_square():
    # The pooled two-proportion z test squared is Pearson's X^2 without
    # continuity correction (scipy's chi2_contingency, an independent route).
    chi2, p, _, _ = stats.chi2_contingency([[140, 45], [168, 92]], correction=False)
    result = proportion_difference(140, 185, 168, 260)
    assert result.statistic**2 == pytest.approx(chi2, rel=1e-9)
    assert result.p_value == pytest.approx(p, rel=1e-9)


def test_risk_ratio_koopman_agresti():
    result = risk_ratio(*ASPIRIN)
    assert result.estimate == pytest.approx(1.82, abs=0.005)
    assert result.ci_low == pytest.approx(1.43, abs=0.005)
    assert result.ci_high == pytest.approx(2.30, abs=0.005)
    assert "Koopman" in result.method


def test_risk_ratio_katz_agresti():
    result = risk_ratio(*ASPIRIN, method="katz")
    assert result.ci_low == pytest.approx(1.433, abs=5e-4)
    assert result.ci_high == pytest.approx(2.306, abs=5e-4)


def test_koopman_limits_solve_the_score_equation():
    # At each limit the score chi-square equals the critical value 3.8415.
    from evalkit.stats.two_proportions import _koopman_statistic

    result = risk_ratio(30, 60, 20, 70)
    critical = stats.norm.ppf(0.975) ** 2
    for limit in (result.ci_low, result.ci_high):
        assert _koopman_statistic(limit, 30, 60, 20, 70) == pytest.approx(critical)


def test_odds_ratio_woolf_agresti():
    result = odds_ratio(*ASPIRIN)
    assert result.estimate == pytest.approx(1.832, abs=5e-4)
    assert result.ci_low == pytest.approx(1.44, abs=0.005)
    assert result.ci_high == pytest.approx(2.33, abs=0.005)


def test_relative_lift_is_risk_ratio_minus_one():
    ratio, lift = risk_ratio(*ASPIRIN), relative_lift(*ASPIRIN)
    assert lift.estimate == pytest.approx(0.82, abs=0.005)
    assert lift.ci_low == pytest.approx(ratio.ci_low - 1)
    assert lift.ci_high == pytest.approx(ratio.ci_high - 1)


def test_lift_with_comparison_rate_zero_is_not_estimable():
    lift = relative_lift(3, 10, 0, 12)
    assert lift.status == "not estimable"
    assert math.isnan(lift.estimate) and math.isnan(lift.ci_high)
    assert "comparison group has no events" in lift.warnings[0]


def test_risk_ratio_edges():
    # Treated rate 0: ratio 0, Koopman lower limit 0 and a finite upper limit.
    zero = risk_ratio(0, 10, 5, 10)
    assert zero.estimate == 0.0 and zero.ci_low == 0.0 and math.isfinite(zero.ci_high)
    assert risk_ratio(0, 10, 5, 10, method="katz").status == "not estimable"
    # Both rates 100%: ratio 1 with an interval around it.
    full = risk_ratio(10, 10, 10, 10)
    assert full.estimate == 1.0 and full.ci_low < 1.0 < full.ci_high
    assert risk_ratio(1, 0 + 1, 1, 1).estimate == 1.0  # groups of one


def test_odds_ratio_zero_cell_is_not_estimable_and_names_it():
    result = odds_ratio(0, 10, 4, 10)
    assert result.status == "not estimable"
    assert "treated with the event" in result.warnings[0]
    assert "no continuity correction" in result.warnings[0]


def test_difference_with_identical_outcomes_has_no_p_value():
    result = proportion_difference(0, 10, 0, 10)
    assert result.p_value is None and any("undefined" in w for w in result.warnings)


def test_empty_group_is_not_estimable():
    assert proportion_difference(0, 0, 3, 10).status == "not estimable"
    assert risk_ratio(1, 5, 0, 0).status == "not estimable"


def test_bad_arguments_raise():
    with pytest.raises(EvalkitError, match="events_comparison: expected at most"):
        proportion_difference(1, 10, 11, 10)
    with pytest.raises(EvalkitError, match="method: expected one of"):
        risk_ratio(*ASPIRIN, method="wald")
    with pytest.raises(EvalkitError, match="n_treated: expected a whole number"):
        odds_ratio(1, float("nan"), 1, 10)

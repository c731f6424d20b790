"""Propensity scores, weights, balance and weighted effects, checked by hand.

No published propensity analysis is reproduced here with certainty, so each
expected value is a hand calculation written out beside the test.  The key
check is analytic: with one binary covariate the logistic propensity model
is saturated, its fitted scores are the observed shares mentored in each
stratum, and ATT weights e / (1 - e) make the comparison group's covariate
mean equal the treated group's exactly.
"""

import math

import numpy as np
import pandas as pd
import pytest

from evalkit.stats.propensity import propensity_weights, weighted_effect


def urban_frame():
    """12 people; urban: 4 mentored + 2 comparison; rural: 2 mentored + 4."""
    group = (
        ["mentored"] * 4 + ["comparison"] * 2 + ["mentored"] * 2 + ["comparison"] * 4
    )
    urban = [1] * 6 + [0] * 6
    score = [8.0, 9.0, 7.0, 8.0, 6.0, 7.0, 5.0, 6.0, 4.0, 3.0, 5.0, 4.0]
    return pd.DataFrame({"group": group, "urban": urban, "score": score})


def test_saturated_scores_are_stratum_shares():
    # Urban: 4 of 6 mentored -> e = 2/3; rural: 2 of 6 -> e = 1/3.
    result = propensity_weights(urban_frame(), covariates=["urban"])
    assert result.scores.iloc[:6].tolist() == pytest.approx([2 / 3] * 6, abs=1e-8)
    assert result.scores.iloc[6:].tolist() == pytest.approx([1 / 3] * 6, abs=1e-8)
    assert result.status == "ok"


def test_att_weights_and_balance_by_hand():
    # ATT: treated weight 1; comparison e/(1-e): urban 2, rural 1/2.
    # Weighted comparison share urban = (2*2) / (2*2 + 4*0.5) = 2/3, the
    # treated share 4/6: SMD after = 0.  SMD before: (2/3 - 1/3) / sqrt(p_t
    # (1 - p_t)) with p_t = 2/3 -> (1/3) / sqrt(2/9) = 0.7071.
    result = propensity_weights(urban_frame(), covariates=["urban"], estimand="ATT")
    expected = [1, 1, 1, 1, 2, 2, 1, 1, 0.5, 0.5, 0.5, 0.5]
    assert result.weights.tolist() == pytest.approx(expected, abs=1e-8)
    row = result.balance.set_index("covariate").loc["urban"]
    assert row["kind"] == "binary"
    assert row["smd_before"] == pytest.approx(0.7071, abs=1e-4)
    assert row["smd_after"] == pytest.approx(0.0, abs=1e-8)
    # Kish: treated 6 weights of 1 -> 6; comparison (2*2 + 4*0.5)^2 /
    # (2*4 + 4*0.25) = 36 / 9 = 4.
    assert result.effective_n["treated"] == pytest.approx(6.0)
    assert result.effective_n["comparison"] == pytest.approx(4.0)


def test_ate_weights_and_pooled_smd_by_hand():
    # ATE: treated 1/e (urban 1.5, rural 3), comparison 1/(1-e) (urban 3,
    # rural 1.5).  SMD before with pooled denominator
    # sqrt((2/9 + 2/9) / 2) = 0.4714: (1/3) / 0.4714 = 0.7071.
    # Weighted treated share urban = 4*1.5 / (4*1.5 + 2*3) = 0.5; comparison
    # 2*3 / (2*3 + 4*1.5) = 0.5 -> SMD after 0.
    result = propensity_weights(urban_frame(), covariates=["urban"], estimand="ATE")
    expected = [1.5] * 4 + [3.0] * 2 + [3.0] * 2 + [1.5] * 4
    assert result.weights.tolist() == pytest.approx(expected, abs=1e-8)
    row = result.balance.set_index("covariate").loc["urban"]
    assert row["smd_before"] == pytest.approx(0.7071, abs=1e-4)
    assert row["smd_after"] == pytest.approx(0.0, abs=1e-8)
    # Kish treated: (4*1.5 + 2*3)^2 / (4*2.25 + 2*9) = 144 / 27 = 5.333.
    assert result.effective_n["treated"] == pytest.approx(144 / 27)


def test_continuous_covariate_uses_the_treated_sd_for_att():
    # age: treated 20, 22, 24, 26 (mean 23, SD sqrt(20/3) = 2.582);
    # comparison 21, 23, 25, 27, 30 (mean 25.2).  SMD before = -2.2 / 2.582.
    frame = pd.DataFrame(
        {
            "group": ["mentored"] * 4 + ["comparison"] * 5,
            "age": [20.0, 22, 24, 26, 21, 23, 25, 27, 30],
        }
    )
    result = propensity_weights(frame, covariates=["age"])
    row = result.balance.set_index("covariate").loc["age"]
    assert row["kind"] == "continuous"
    assert row["smd_before"] == pytest.approx(-2.2 / math.sqrt(20 / 3), abs=1e-10)
    assert row["mean_treated"] == 23 and row["mean_comparison"] == pytest.approx(25.2)


def test_trimming_drops_and_counts_units_outside_the_range():
    # Scores 2/3 and 1/3; trimming to [0.4, 0.9] removes the six rural rows.
    result = propensity_weights(urban_frame(), covariates=["urban"], trim=(0.4, 0.9))
    assert result.n_trimmed == 6
    assert len(result.weights) == 6
    assert result.n == 12
    assert any("trimmed" in w for w in result.warnings)


def test_weighted_effect_by_hand():
    # ATT weights from above.  Treated mean (8+9+7+8+5+6)/6 = 43/6 = 7.1667.
    # Comparison weighted mean (2*6 + 2*7 + 0.5*(4+3+5+4)) / 6 = 34/6 = 5.6667.
    # Difference 1.5.  HC0 variance per group, sum w^2 (y - m)^2 / (sum w)^2:
    # treated: sum (y - 43/6)^2 / 36 = 10.8333 / 36 = 0.300926;
    # comparison: (4*(0.3333^2 + 1.3333^2) + 0.25*(1.6667^2 + 2.6667^2
    #   + 0.6667^2 + 1.6667^2)) / 36 = (7.5556 + 3.2778) / 36 = 0.300926.
    frame = urban_frame()
    weights = propensity_weights(frame, covariates=["urban"]).weights
    result = weighted_effect(frame, "score", weights)
    assert result.estimate == pytest.approx(1.5, abs=1e-8)
    se = math.sqrt(0.300926 + 0.300926)
    assert result.details["se"] == pytest.approx(se, abs=1e-5)
    assert result.ci_low == pytest.approx(1.5 - 1.959964 * se, abs=1e-4)
    assert "HC0" in result.method


def test_weighted_effect_with_equal_weights_is_the_raw_difference():
    frame = urban_frame()
    ones = pd.Series(1.0, index=frame.index)
    result = weighted_effect(frame, "score", ones)
    treated = frame.loc[frame["group"] == "mentored", "score"]
    comparison = frame.loc[frame["group"] == "comparison", "score"]
    assert result.estimate == pytest.approx(treated.mean() - comparison.mean())
    # Equal weights: variance per group = sum (y - m)^2 / n^2 (the plug-in).
    plug_in = treated.var(ddof=0) / 6 + comparison.var(ddof=0) / 6
    assert result.details["se"] == pytest.approx(math.sqrt(plug_in))


def test_weighted_effect_leaves_out_trimmed_rows():
    frame = urban_frame()
    trimmed = propensity_weights(frame, covariates=["urban"], trim=(0.4, 0.9))
    result = weighted_effect(frame, "score", trimmed.weights)
    # Urban rows only: treated mean 8, comparison (2*6 + 2*7)/4 = 6.5.
    assert result.estimate == pytest.approx(1.5)
    assert result.n == 6
    assert "6 row(s)" in result.warnings[0]


def test_weights_by_column_name():
    frame = urban_frame().assign(w=1.0)
    assert weighted_effect(frame, "score", "w").estimate == pytest.approx(
        43 / 6 - 29 / 6
    )


def test_perfect_separation_is_not_estimable():
    # Everyone urban is mentored, everyone rural is not: no overlap.
    frame = pd.DataFrame(
        {"group": ["mentored"] * 3 + ["comparison"] * 3, "urban": [1, 1, 1, 0, 0, 0]}
    )
    result = propensity_weights(frame, covariates=["urban"])
    assert result.status == "not estimable"
    assert "separation" in result.warnings[-1]
    assert result.weights.isna().all()


def test_constant_covariate_is_dropped_with_a_warning():
    frame = urban_frame().assign(cohort_year=2025)
    result = propensity_weights(frame, covariates=["urban", "cohort_year"])
    assert result.balance["covariate"].tolist() == ["urban"]
    assert any("'cohort_year' takes one value" in w for w in result.warnings)


def test_missing_covariates_are_dropped_and_counted():
    frame = urban_frame().astype({"urban": "float"})
    frame.loc[0, "urban"] = np.nan
    result = propensity_weights(frame, covariates=["urban"])
    assert result.n == 11
    assert result.dropped == {"rows": 1, "columns": {"urban": 1}}
    # Urban now 3 mentored + 2 comparison -> e = 3/5.
    assert result.scores.loc[1] == pytest.approx(0.6, abs=1e-8)


def test_missing_outcomes_are_dropped_in_weighted_effect():
    frame = urban_frame()
    frame.loc[0, "score"] = np.nan
    result = weighted_effect(frame, "score", pd.Series(1.0, index=frame.index))
    assert result.n == 11
    assert "1 row(s)" in result.warnings[0]


def test_a_group_of_one_is_flagged():
    frame = pd.DataFrame(
        {
            "group": ["mentored"] + ["comparison"] * 5,
            "age": [30.0, 25, 28, 35, 40, 22],
            "score": [5.0, 3, 4, 2, 6, 3],
        }
    )
    result = propensity_weights(frame, covariates=["age"])
    assert any("single person" in w for w in result.warnings)
    effect = weighted_effect(frame, "score", result.weights)
    assert any("single person" in w for w in effect.warnings)


def test_only_one_group_is_not_estimable():
    frame = pd.DataFrame({"group": ["comparison"] * 4, "age": [1.0, 2, 3, 4]})
    result = propensity_weights(frame, covariates=["age"])
    assert result.status == "not estimable"
    effect = weighted_effect(
        frame.assign(y=1.0), "y", pd.Series(1.0, index=frame.index)
    )
    assert effect.status == "not estimable"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"covariates": []}, "covariates: expected at least one"),
        ({"covariates": ["nope"]}, "covariates: expected a column"),
        ({"covariates": ["urban"], "estimand": "ATC"}, "estimand: expected 'ATT'"),
        ({"covariates": ["urban"], "trim": (0.9, 0.1)}, "trim: expected None"),
        ({"covariates": ["urban"], "treated": "yes"}, "treated: expected one of"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        propensity_weights(urban_frame(), **kwargs)


def test_bad_weights_are_refused():
    frame = urban_frame()
    with pytest.raises(TypeError, match="weights: expected a pandas Series"):
        weighted_effect(frame, "score", [1.0] * 12)
    with pytest.raises(ValueError, match="weights: expected finite weights"):
        weighted_effect(frame, "score", pd.Series(-1.0, index=frame.index))

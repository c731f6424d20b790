"""Covariate-adjusted comparisons against published fits and hand calculations.

Sources
-------
- AZT and AIDS symptoms: Agresti A (2007), An Introduction to Categorical
  Data Analysis, 2nd ed., Wiley, section 4.4 (Table 4.4): 338 veterans.
  White, AZT: 14 symptoms / 93 none; white, no AZT: 32 / 81; black, AZT:
  11 / 52; black, no AZT: 12 / 43.  Fitted logit(symptoms) = -1.074 -
  0.720 AZT + 0.056 race (race = 1 white); SE of the AZT effect 0.279,
  of race 0.289.
- NSW experiment: Dehejia RH, Wahba S (1999), JASA 94:1053, as quoted in
  /work/shared/reference/README.md: mean 1978 earnings, treated - control,
  1794.34, pooled-variance SE 633, 95% CI 550.6 to 3038.1.
"""

import math

import numpy as np
import pandas as pd
import pytest

from evalkit.paths import PARAMS
from evalkit.stats.adjusted import AdjustedComparison, adjusted_comparison

AZT_CELLS = [
    # race_white, azt, with symptoms, without
    (True, True, 14, 93),
    (True, False, 32, 81),
    (False, True, 11, 52),
    (False, False, 12, 43),
]


def azt_frame():
    rows = []
    for white, azt, yes, no in AZT_CELLS:
        group = "mentored" if azt else "comparison"
        rows += [(group, white, 1)] * yes + [(group, white, 0)] * no
    return pd.DataFrame(rows, columns=["group", "race_white", "symptoms"])


def expit(x):
    return 1 / (1 + math.exp(-x))


def test_azt_logistic_coefficients_match_agresti():
    result = adjusted_comparison(
        azt_frame(), outcome="symptoms", covariates=["race_white"]
    )
    table = result.coefficients.set_index("term")
    assert result.model == "logistic regression"
    assert result.n == 338
    # Published to 3 decimals (the book rounds -0.7195 to -0.720, so allow a
    # rounding step of 0.001).
    assert table.loc["const", "estimate"] == pytest.approx(-1.074, abs=1e-3)
    assert table.loc["treated", "estimate"] == pytest.approx(-0.720, abs=1e-3)
    assert table.loc["race_white", "estimate"] == pytest.approx(0.056, abs=1e-3)
    assert table.loc["treated", "se"] == pytest.approx(0.279, abs=1e-3)
    assert table.loc["race_white", "se"] == pytest.approx(0.289, abs=1e-3)


def test_azt_standardized_risks_from_published_coefficients():
    # Hand standardization with Agresti's coefficients over the 338 veterans
    # (220 white, 118 black):
    #   risk as AZT    = (220 expit(-1.074 - 0.720 + 0.056) + 118 expit(-1.794))/338
    #   risk as no AZT = (220 expit(-1.074 + 0.056) + 118 expit(-1.074)) / 338
    as_azt = (220 * expit(-1.074 - 0.720 + 0.056) + 118 * expit(-1.794)) / 338
    as_none = (220 * expit(-1.074 + 0.056) + 118 * expit(-1.074)) / 338
    result = adjusted_comparison(
        azt_frame(), outcome="symptoms", covariates=["race_white"]
    )
    # Coefficients are rounded to 3 decimals in the book: tolerance 0.001.
    assert result.difference.details["mean_treated"] == pytest.approx(as_azt, abs=1e-3)
    assert result.difference.details["mean_comparison"] == pytest.approx(
        as_none, abs=1e-3
    )
    assert result.difference.estimate == pytest.approx(as_azt - as_none, abs=1e-3)
    assert result.lift.estimate == pytest.approx(as_azt / as_none - 1, abs=5e-3)
    assert result.difference.ci_low < result.difference.estimate < 0
    assert result.lift.ci_low < result.lift.estimate < result.lift.ci_high < 0


def test_delta_method_without_covariates_equals_the_wald_formulas():
    # Without covariates the logistic model is saturated: the standardized
    # risks are the raw ones, AZT 25/170 and no AZT 44/168, and the delta SEs
    # reduce to the textbook Wald SEs:
    #   SE(p1 - p0)       = sqrt(p1 (1 - p1) / 170 + p0 (1 - p0) / 168)
    #   SE(log(p1 / p0)) = sqrt((1 - p1) / 25 + (1 - p0) / 44)   (Katz)
    p1, p0 = 25 / 170, 44 / 168
    se_difference = math.sqrt(p1 * (1 - p1) / 170 + p0 * (1 - p0) / 168)
    se_log_ratio = math.sqrt((1 - p1) / 25 + (1 - p0) / 44)
    result = adjusted_comparison(azt_frame(), outcome="symptoms")
    assert result.difference.estimate == pytest.approx(p1 - p0, abs=1e-9)
    assert result.difference.details["se"] == pytest.approx(se_difference, rel=1e-6)
    assert result.lift.details["se_log_ratio"] == pytest.approx(se_log_ratio, rel=1e-6)
    z = 1.959963984540054
    assert result.difference.ci_low == pytest.approx(p1 - p0 - z * se_difference)
    assert result.lift.ci_high == pytest.approx(
        math.exp(math.log(p1 / p0) + z * se_log_ratio) - 1
    )


def test_bootstrap_interval_is_seeded_and_recorded():
    frame = azt_frame()
    first = adjusted_comparison(
        frame, outcome="symptoms", covariates=["race_white"], interval="bootstrap",
        n_boot=200, seed=11,
    )  # fmt: skip
    again = adjusted_comparison(
        frame, outcome="symptoms", covariates=["race_white"], interval="bootstrap",
        n_boot=200, seed=11,
    )  # fmt: skip
    assert first.difference.details["seed"] == 11
    assert first.difference.details["n_boot"] == 200
    assert first.difference.ci_low == again.difference.ci_low
    # The bootstrap SE should be near the delta SE (0.0435 here): within 25%.
    delta = adjusted_comparison(frame, outcome="symptoms", covariates=["race_white"])
    assert first.difference.details["se"] == pytest.approx(
        delta.difference.details["se"], rel=0.25
    )


def test_nsw_unadjusted_difference_matches_dehejia_wahba():
    # The NSW export committed with the example (params/examples/data/SOURCE.md).
    data = pd.read_csv(PARAMS / "examples" / "data" / "nsw_mixtape.csv")
    frame = pd.DataFrame(
        {
            "group": np.where(data["treat"] == 1, "mentored", "comparison"),
            "re78": data["re78"].astype("float64"),
        }
    )
    result = adjusted_comparison(frame, outcome="re78", kind="continuous")
    assert result.model == "linear regression (OLS)"
    assert result.lift is None
    assert result.difference.estimate == pytest.approx(1794.34, abs=0.005)
    assert result.difference.details["se"] == pytest.approx(633, abs=0.5)
    assert result.difference.ci_low == pytest.approx(550.6, abs=0.05)
    assert result.difference.ci_high == pytest.approx(3038.1, abs=0.05)
    assert result.difference.df == 443


def test_linear_adjusted_difference_is_the_ols_coefficient_by_normal_equations():
    # Independent computation: solve (X'X) b = X'y with numpy; the treated
    # coefficient is the adjusted difference, SE from s^2 (X'X)^-1, t on n - 3 df.
    frame = pd.DataFrame(
        {
            "group": ["mentored"] * 5 + ["comparison"] * 5,
            "baseline": [3.0, 5.0, 4.0, 6.0, 7.0, 2.0, 4.0, 3.0, 5.0, 1.0],
            "score": [10.0, 14.0, 11.0, 15.0, 17.0, 6.0, 10.0, 9.0, 12.0, 4.0],
        }
    )
    x = np.column_stack(
        [np.ones(10), (frame["group"] == "mentored").astype(float), frame["baseline"]]
    )
    y = frame["score"].to_numpy()
    coefficients = np.linalg.solve(x.T @ x, x.T @ y)
    residuals = y - x @ coefficients
    sigma2 = residuals @ residuals / (10 - 3)
    se = math.sqrt(sigma2 * np.linalg.inv(x.T @ x)[1, 1])

    result = adjusted_comparison(
        frame, outcome="score", covariates=["baseline"], kind="continuous"
    )
    assert result.difference.estimate == pytest.approx(coefficients[1], rel=1e-10)
    assert result.difference.details["se"] == pytest.approx(se, rel=1e-10)
    assert result.difference.df == 7
    t = 2.364624251592785  # scipy.stats.t.ppf(0.975, 7), also R qt(0.975, 7)
    assert result.difference.ci_high == pytest.approx(coefficients[1] + t * se)
    # Standardized means differ by exactly the coefficient.
    details = result.difference.details
    assert details["mean_treated"] - details["mean_comparison"] == pytest.approx(
        coefficients[1]
    )


def test_perfect_separation_is_reported_not_hidden():
    # Every mentored person has the outcome and no comparison person does.
    frame = pd.DataFrame(
        {"group": ["mentored"] * 4 + ["comparison"] * 4, "promoted": [1] * 4 + [0] * 4}
    )
    result = adjusted_comparison(frame, outcome="promoted")
    assert result.difference.status == "not estimable"
    assert result.lift.status == "not estimable"
    assert "separation" in result.difference.warnings[-1]
    assert any("separation" in w for w in result.warnings)


def test_quasi_complete_separation_by_a_covariate_is_reported():
    # Everyone with prior_degree = 1 was promoted, in both groups.
    frame = pd.DataFrame(
        {
            "group": ["mentored", "comparison"] * 6,
            "prior_degree": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            "promoted": [1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0],
        }
    )
    result = adjusted_comparison(frame, outcome="promoted", covariates=["prior_degree"])
    assert result.difference.status == "not estimable"
    assert "quasi-complete separation" in result.difference.warnings[-1]


def test_constant_covariate_is_dropped_with_a_warning():
    frame = azt_frame().assign(veteran=True)
    result = adjusted_comparison(
        frame, outcome="symptoms", covariates=["race_white", "veteran"]
    )
    assert "veteran" not in result.coefficients["term"].tolist()
    assert any("'veteran' takes one value" in w for w in result.warnings)
    table = result.coefficients.set_index("term")
    assert table.loc["treated", "estimate"] == pytest.approx(-0.720, abs=1e-3)


def test_missing_values_are_dropped_and_counted_by_column():
    frame = azt_frame().astype({"race_white": "object"})
    frame.loc[0, "race_white"] = None
    frame.loc[[1, 2], "symptoms"] = None
    frame.loc[2, "group"] = None
    result = adjusted_comparison(frame, outcome="symptoms", covariates=["race_white"])
    assert result.n == 335
    assert result.dropped == {
        "rows": 3,
        "columns": {"race_white": 1, "symptoms": 2, "group": 1},
    }
    assert "3 row(s) with missing values" in result.warnings[0]
    assert "race_white" in result.coefficients["term"].tolist()


def test_a_group_of_one_is_flagged():
    frame = pd.DataFrame(
        {"group": ["mentored"] + ["comparison"] * 5, "score": [9.0, 4, 5, 6, 5, 5]}
    )
    result = adjusted_comparison(frame, outcome="score", kind="continuous")
    # With no covariates the difference is 9 - mean(4, 5, 6, 5, 5) = 4.
    assert result.difference.estimate == pytest.approx(4.0)
    assert any("single person" in w for w in result.warnings)


def test_a_group_of_one_in_a_logistic_model_is_separation():
    frame = pd.DataFrame(
        {"group": ["mentored"] + ["comparison"] * 5, "promoted": [1, 0, 1, 0, 0, 1]}
    )
    result = adjusted_comparison(frame, outcome="promoted")
    assert result.difference.status == "not estimable"


def test_only_one_group_is_not_estimable():
    frame = pd.DataFrame({"group": ["comparison"] * 3, "promoted": [1, 0, 1]})
    result = adjusted_comparison(frame, outcome="promoted")
    assert result.difference.status == "not estimable"
    assert "0 treated and 3 comparison" in result.difference.warnings[-1]


def test_outcome_that_never_varies_is_not_estimable():
    frame = pd.DataFrame({"group": ["mentored", "comparison"] * 3, "promoted": [0] * 6})
    result = adjusted_comparison(frame, outcome="promoted")
    assert result.difference.status == "not estimable"


def test_categorical_covariate_enters_as_indicators():
    frame = azt_frame().assign(region=["north", "south", "east"] * 112 + ["north"] * 2)
    result = adjusted_comparison(frame, outcome="symptoms", covariates=["region"])
    terms = result.coefficients["term"].tolist()
    assert "region_north" in terms and "region_south" in terms
    assert isinstance(result, AdjustedComparison)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"outcome": "missing"}, ValueError, "outcome: expected a column of frame"),
        ({"covariates": ["nope"]}, ValueError, "covariates: expected a column"),
        ({"kind": "count"}, ValueError, "kind: expected one of"),
        ({"interval": "profile"}, ValueError, "interval: expected one of"),
        ({"treated": "AZT"}, ValueError, "treated: expected one of the values"),
        ({"confidence": 0}, ValueError, "confidence: expected a number"),
        ({"covariates": ["symptoms"]}, ValueError, "covariates: expected baseline"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, error, message):
    arguments = {"outcome": "symptoms", **kwargs}
    with pytest.raises(error, match=message):
        adjusted_comparison(azt_frame(), **arguments)


def test_non_binary_outcome_for_a_logistic_model_is_refused():
    frame = pd.DataFrame({"group": ["mentored", "comparison"], "score": [2.5, 1.0]})
    with pytest.raises(ValueError, match="outcome: expected 0/1"):
        adjusted_comparison(frame, outcome="score")


def test_three_groups_are_refused():
    frame = pd.DataFrame(
        {"group": ["mentored", "comparison", "waitlist"], "y": [1, 0, 1]}
    )
    with pytest.raises(ValueError, match="group: expected two groups"):
        adjusted_comparison(frame, outcome="y")


def test_risk_difference_interval_is_clipped_to_the_possible_range():
    # 2 of 3 mentored and 1 of 3 comparison: with no covariates the delta
    # method is the Wald interval, by hand 1/3 +- 1.96 * sqrt(2 * (2/9) / 3)
    # = 1/3 +- 0.7544, i.e. -0.4211 to 1.0877: the upper limit is clipped to 1.
    frame = pd.DataFrame(
        {
            "group": ["mentored"] * 3 + ["comparison"] * 3,
            "promoted": [1, 1, 0, 1, 0, 0],
        }
    )
    result = adjusted_comparison(frame, outcome="promoted", kind="binary")
    assert result.difference.estimate == pytest.approx(1 / 3)
    assert result.difference.ci_low == pytest.approx(-0.4211, abs=1e-4)
    assert result.difference.ci_high == 1.0
    assert any("clipped" in warning for warning in result.difference.warnings)


def test_continuous_outcome_that_never_varies_is_not_estimable():
    # Everyone scores 5: OLS would return rounding noise (about 1e-15) with a
    # "t" of any size; there is nothing to estimate.
    frame = pd.DataFrame(
        {
            "group": ["mentored", "comparison"] * 10,
            "score": [5.0] * 20,
            "age": list(range(20)),
        }
    )
    result = adjusted_comparison(
        frame, outcome="score", kind="continuous", covariates=["age"]
    )
    assert result.difference.status == "not estimable"
    assert "takes one value (5)" in result.difference.warnings[-1]

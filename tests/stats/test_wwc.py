"""What Works Clearinghouse conventions.

Sources
-------
- WWC Standards Handbook v4.1 (2020), Table II.1, attrition boundary; rows
  checked here: overall 0% -> cautious 5.7, optimistic 10.0 points; 13% ->
  6.1 and 10.8; 65% -> no cautious boundary, optimistic 0.3.
- WWC conventions in /work/shared/reference/README.md: improvement index
  100*Phi(g) - 50, g = 0.25 gives +10 rounded, bounded to -50..+50; baseline
  bands <= 0.05 satisfied, <= 0.25 requires adjustment, above not satisfied,
  exactly 0.05 and 0.25 in the lower band; omega = 1 - 3/(4N - 9).
- Cox index = log odds ratio / 1.65 (WWC Procedures Handbook v4.1,
  Appendix E; Sanchez-Meca et al. 2003).
"""

import math

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import EvalkitError
from evalkit.stats.wwc import (
    DOES_NOT_MEET,
    MEETS_WITH,
    MEETS_WITHOUT,
    attrition,
    attrition_boundary_table,
    attrition_rating,
    baseline_equivalence_band,
    baseline_equivalence_table,
    cox_index,
    improvement_index,
    study_rating,
)


def test_improvement_index():
    assert improvement_index(0.25) == pytest.approx(9.87, abs=5e-3)
    assert round(improvement_index(0.25)) == 10
    assert improvement_index(0.0) == 0.0
    assert improvement_index(-0.25) == pytest.approx(-9.87, abs=5e-3)
    assert (
        -50 <= improvement_index(-10) < -49.99 and 49.99 < improvement_index(10) <= 50
    )


@pytest.mark.parametrize(
    ("effect_size", "band"),
    [
        (0.0, "satisfied"),
        (0.05, "satisfied"),
        (-0.05, "satisfied"),
        (0.0500001, "requires adjustment"),
        (0.25, "requires adjustment"),
        (-0.25, "requires adjustment"),
        (0.2500001, "not satisfied"),
        (1.3, "not satisfied"),
        (0.3 - 0.25, "satisfied"),  # 0.04999999999999999 in floating point
    ],
)
def test_baseline_bands(effect_size, band):
    assert baseline_equivalence_band(effect_size) == band


def test_band_rejects_nan():
    with pytest.raises(EvalkitError, match="effect_size: expected a finite number"):
        baseline_equivalence_band(float("nan"))


def test_attrition_counts():
    result = attrition(100, 90, 100, 80)
    assert result.overall == pytest.approx(0.15)
    assert result.treated == pytest.approx(0.10)
    assert result.comparison == pytest.approx(0.20)
    assert result.differential == pytest.approx(0.10)
    assert (result.n_randomized, result.n_analyzed) == (200, 170)


def test_attrition_bad_counts():
    with pytest.raises(EvalkitError, match="n_analyzed_treated: expected at most"):
        attrition(10, 11, 10, 10)
    with pytest.raises(EvalkitError, match="n_randomized_comparison: expected at"):
        attrition(10, 10, 0, 0)


def test_boundary_table_shape():
    table = attrition_boundary_table()
    assert table["overall_attrition_pct"].tolist() == list(range(66))
    assert table["max_differential_cautious_pct"].isna().sum() == 8  # 58..65


@pytest.mark.parametrize(
    ("overall", "differential", "boundary", "rating"),
    [
        (0.00, 0.057, "cautious", "low"),
        (0.00, 0.058, "cautious", "high"),
        (0.00, 0.100, "optimistic", "low"),
        (0.00, 0.101, "optimistic", "high"),
        (0.13, 0.061, "cautious", "low"),
        (0.13, 0.062, "cautious", "high"),
        (0.13, 0.108, "optimistic", "low"),
        (0.13, 0.109, "optimistic", "high"),
        (0.65, 0.000, "cautious", "high"),
        (0.65, 0.003, "optimistic", "low"),
        (0.65, 0.004, "optimistic", "high"),
        (0.70, 0.000, "optimistic", "high"),
        (0.125, 0.061, "cautious", "low"),  # 12.5% rounds up to the 13% row
    ],
)
def test_attrition_rating_against_handbook_rows(
    overall, differential, boundary, rating
):
    assert attrition_rating(overall, differential, boundary) == rating


def test_attrition_rating_bad_input():
    with pytest.raises(EvalkitError, match="boundary: expected one of"):
        attrition_rating(0.1, 0.01, "liberal")
    with pytest.raises(EvalkitError, match="overall: expected a proportion"):
        attrition_rating(12, 0.01)


def test_cox_index_by_hand():
    # logit(0.6) - logit(0.4) = 2 * ln(1.5); / 1.65.
    expected = 2 * math.log(1.5) / 1.65
    assert cox_index(0.6, 0.4) == pytest.approx(expected, rel=1e-12)
    omega = 1 - 3 / (4 * 40 - 9)
    assert cox_index(0.6, 0.4, 20, 20) == pytest.approx(omega * expected, rel=1e-12)
    assert cox_index(0.4, 0.6) == pytest.approx(-expected, rel=1e-12)


def test_cox_index_undefined_at_edges():
    with pytest.raises(EvalkitError, match="p_treated: expected a proportion strictly"):
        cox_index(0.0, 0.5)
    with pytest.raises(EvalkitError, match="both group sizes or neither"):
        cox_index(0.5, 0.4, 10)


def make_frame():
    return pd.DataFrame(
        {
            "group": ["mentored"] * 4 + ["comparison"] * 4,
            "pretest": [5.0, 6.0, 7.0, np.nan, 4.0, 5.0, 6.0, 5.0],
            "female": [1, 0, 1, 1, 0, 1, 0, 1],
            "first_gen": [True, False, True, False, True, False, False, True],
            "cohort_size": [3.0] * 8,
            "only_treated": [1.0, 2.0, 3.0, 4.0] + [np.nan] * 4,
        }
    )


def test_baseline_table_rows():
    table = baseline_equivalence_table(
        make_frame(),
        covariates=["pretest", "female", "first_gen", "cohort_size", "only_treated"],
        adjusted_for=["female"],
    ).set_index("covariate")

    pretest = table.loc["pretest"]
    # treated 5,6,7 (mean 6, SD 1); comparison 4,5,6,5 (mean 5, SD sqrt(2/3));
    # pooled SD^2 = (2*1 + 3*2/3) / 5 = 0.8; omega = 1 - 3/(4*7 - 9) = 16/19.
    expected = (16 / 19) * 1.0 / math.sqrt(0.8)
    assert pretest["kind"] == "continuous" and pretest["n_treated"] == 3
    assert pretest["effect_size"] == pytest.approx(expected, rel=1e-12)
    assert pretest["effect_size_method"] == "Hedges' g"
    assert pretest["band"] == "not satisfied" and not pretest["adjusted"]

    female = table.loc["female"]
    # 3/4 vs 2/4: logit(0.75) - logit(0.5) = ln 3; omega with N = 8.
    assert female["kind"] == "binary" and female["adjusted"]
    assert female["effect_size"] == pytest.approx(
        (1 - 3 / 23) * math.log(3) / 1.65, rel=1e-12
    )
    assert table.loc["first_gen", "kind"] == "binary"

    assert math.isnan(table.loc["cohort_size", "effect_size"])
    assert "constant" in table.loc["cohort_size", "reason"]
    assert "no non-missing values" in table.loc["only_treated", "reason"]


def test_baseline_table_empty_group_and_bad_input():
    frame = make_frame()
    only_mentored = frame[frame["group"] == "mentored"]
    table = baseline_equivalence_table(only_mentored, covariates=["pretest"])
    assert table.loc[0, "n_comparison"] == 0 and table.loc[0, "reason"]
    with pytest.raises(EvalkitError, match="missing \\['age'\\]"):
        baseline_equivalence_table(frame, covariates=["age"])
    three = frame.assign(group=["mentored", "a", "b", "a", "a", "b", "a", "a"])
    with pytest.raises(EvalkitError, match="one comparison value"):
        baseline_equivalence_table(three, covariates=["pretest"])


def test_study_rating_rules():
    assert study_rating("rct", "low").rating == MEETS_WITHOUT
    assert study_rating("rct", "low").decided_by == "attrition"

    table = pd.DataFrame(
        {"covariate": ["a", "b", "c"], "band": ["satisfied", "requires adjustment",
         None], "adjusted": [False, True, False]}
    )  # fmt: skip
    rated = study_rating("rct", "high", table)
    assert rated.rating == MEETS_WITH and rated.decided_by == "baseline equivalence"
    assert "not assessed: c" in rated.explanation

    unadjusted = table.assign(adjusted=False)
    failed = study_rating("qed", baseline=unadjusted)
    assert failed.rating == DOES_NOT_MEET and "b" in failed.explanation
    assert study_rating("qed").rating == DOES_NOT_MEET
    with pytest.raises(EvalkitError, match="attrition_level: expected"):
        study_rating("rct")

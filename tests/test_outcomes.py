"""The outcomes stage's tables and KPIs on small hand-built comparison tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from kpi_fixtures import by_id, make_program

from evalkit.errors import DataError
from evalkit.outcomes import attrition_table, balance, outcome_kpis, outcome_results

COMPARISON = {
    "outcomes": [
        {
            "column": "promoted",
            "label": "Promoted",
            "kind": "binary",
            "kpi": "promotion_lift",
        }
    ],
    "covariates": ["age"],
}


def _people(
    n_mentored: int, promoted_mentored: int, n_comparison: int, promoted_comparison: int
) -> pd.DataFrame:
    groups = ["mentored"] * n_mentored + ["comparison"] * n_comparison
    promoted = (
        [1] * promoted_mentored
        + [0] * (n_mentored - promoted_mentored)
        + [1] * promoted_comparison
        + [0] * (n_comparison - promoted_comparison)
    )
    return pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(len(groups))],
            "group": groups,
            "followed_up": [True] * len(groups),
            "promoted": [str(value) for value in promoted],
            "age": [str(20 + i % 7) for i in range(len(groups))],
        }
    )


def test_rates_difference_and_lift_by_hand():
    # 12 of 20 mentored promoted (0.60), 10 of 25 comparison (0.40):
    # difference 0.20; lift 0.60 / 0.40 - 1 = 0.50.
    program = make_program(
        {"comparison": _people(20, 12, 25, 10)}, comparison=COMPARISON
    )
    kpis = by_id(outcome_kpis(program))

    assert kpis["promoted.mentored"].value == pytest.approx(0.60)
    assert kpis["promoted.comparison"].value == pytest.approx(0.40)
    assert kpis["promoted.difference"].value == pytest.approx(0.20)
    assert kpis["promoted.lift"].value == pytest.approx(0.50)
    assert kpis["promoted.lift"].target == "≥ 20% (stretch 30%)"
    assert kpis["promoted.lift"].status == "met"


def test_a_group_under_the_threshold_withholds_every_figure():
    # 6 mentored people: fewer than the default threshold of 10.
    program = make_program({"comparison": _people(6, 3, 30, 9)}, comparison=COMPARISON)
    (result,) = outcome_results(program)
    assert result.suppressed
    assert result.mentored.n == 6 and math.isnan(result.mentored.estimate)

    for kpi in outcome_kpis(program):
        assert kpi.status == "suppressed", kpi
        assert math.isnan(kpi.value)

    (attrition,) = attrition_table(program).to_dict("records")
    assert attrition["mentored in sample"] == "fewer than 10"
    assert attrition["comparison in sample"] == 30
    assert attrition["overall attrition"] == "suppressed"

    equivalence = balance(program)
    assert equivalence["band"].tolist() == ["suppressed"]
    assert math.isnan(equivalence["mean_treated"].iloc[0])


def test_a_word_in_a_binary_outcome_names_row_and_column():
    people = _people(20, 12, 25, 10)
    people.loc[3, "promoted"] = "Yes"
    program = make_program({"comparison": people}, comparison=COMPARISON)
    with pytest.raises(
        DataError,
        match=r"comparison.csv, row 5, column promoted: "
        r"value 'Yes' is not a number",
    ):
        outcome_results(program)

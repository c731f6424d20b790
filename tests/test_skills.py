"""Skill improvement KPIs on a hand-built assessments table.

The delta-method standard error of a ratio of means follows Casella and
Berger, Statistical Inference, 2nd ed. (2002), section 5.5.4; every figure
below is worked out by hand in the comments (z = 1.959964).
"""

import math

import pandas as pd
import pytest
from kpi_fixtures import by_id, make_program

from evalkit.skills import complete_pairs, relative_improvement, skill_kpis
from evalkit.stats.paired import paired_change_by

ROWS = [
    # math: three complete pairs (10, 12), (20, 22), (30, 36)
    ("P1", "math", "pre", 10),
    ("P1", "math", "post", 12),
    ("P2", "math", "post", 22),
    ("P2", "math", "pre", 20),
    ("P2", "math", "pre", 20),  # identical duplicate: counted once
    ("P3", "math", "pre", 30),
    ("P3", "math", "post", 36),
    ("P4", "math", "pre", 50),  # no post: not a pair
    ("P5", "math", "pre", 40),  # two different pre scores: left out
    ("P5", "math", "pre", 41),
    ("P5", "math", "post", 60),
    ("P6", "math", "post", None),  # missing score
    # reading: two pairs (10, 11), (10, 13)
    ("P1", "reading", "pre", 10),
    ("P1", "reading", "post", 11),
    ("P2", "reading", "pre", 10),
    ("P2", "reading", "post", 13),
]
ASSESSMENTS = pd.DataFrame(
    ROWS, columns=["participant_id", "competency", "wave", "score"]
)


def test_relative_improvement_delta_method_by_hand():
    # Means: pre 20, post 23.3333; r = 1.1666667, estimate r - 1 = 0.1666667.
    # Variances (n - 1): pre 100, post 145.3333, covariance 120.
    # Var(post - r pre) = 145.3333 - 2 * 1.1666667 * 120 + 1.3611111 * 100
    #                   = 1.4444444; se = sqrt(1.4444444 / 3) / 20 = 0.0346944.
    # 95% limits: 0.1666667 -+ 1.959964 * 0.0346944 = 0.0986668, 0.2346665.
    result = relative_improvement([10, 20, 30], [12, 22, 36])

    assert result.estimate == pytest.approx(1 / 6, abs=1e-9)
    assert result.details["se"] == pytest.approx(0.0346944, abs=1e-7)
    assert result.ci_low == pytest.approx(0.0986668, abs=1e-6)
    assert result.ci_high == pytest.approx(0.2346665, abs=1e-6)
    assert "delta-method" in result.method


def test_relative_improvement_edge_cases():
    assert relative_improvement([0, 0], [1, 2]).status == "not estimable"
    assert relative_improvement([5], [6]).status == "not estimable"
    with pytest.raises(ValueError, match="pre, post: expected the same number"):
        relative_improvement([1, 2], [1])


def test_complete_pairs_follow_the_paired_module_rules():
    pairs = complete_pairs(ASSESSMENTS)
    math_pairs = pairs[pairs["competency"] == "math"]
    assert math_pairs["participant_id"].tolist() == ["P1", "P2", "P3"]
    assert math_pairs["pre"].tolist() == [10, 20, 30]
    assert math_pairs["post"].tolist() == [12, 22, 36]

    summary = paired_change_by(ASSESSMENTS).set_index("competency")
    assert summary.loc["math", "n_pairs"] == 3
    assert summary.loc["reading", "n_pairs"] == 2


def test_skill_kpis_per_competency_with_their_targets():
    targets = {
        "skill_improvement.math": {
            "operator": ">=",
            "value": 0.10,
            "source": "funder X",
        }
    }
    program = make_program({"assessments": ASSESSMENTS}, targets, min_n=3)
    kpis = by_id(skill_kpis(program))

    assert list(kpis) == ["skill_improvement.math", "skill_improvement.reading"]

    # math: the hand-worked figures above; own target >= 10% -> met.
    maths = kpis["skill_improvement.math"]
    assert maths.value == pytest.approx(1 / 6, abs=1e-9)
    assert maths.ci_low == pytest.approx(0.0986668, abs=1e-6)
    assert maths.n == 3
    assert maths.status == "met"
    assert maths.target_source == "funder X"
    assert maths.unit == "relative change" and maths.stage == "skills"

    # reading: pre 10, 10; post 11, 13: (12 - 10) / 10 = 0.2, but only 2
    # pairs (< min_n 3), held against the default target >= 20%.
    reading = kpis["skill_improvement.reading"]
    assert reading.value == pytest.approx(0.2, abs=1e-12)
    assert reading.n == 2
    assert reading.status == "too few to judge"
    assert reading.target == "≥ 20% (stretch 30%)"


def test_zero_mean_pre_is_not_estimable():
    rows = pd.DataFrame(
        [
            ("P1", "c", "pre", 0),
            ("P1", "c", "post", 2),
            ("P2", "c", "pre", 0),
            ("P2", "c", "post", 3),
        ],
        columns=["participant_id", "competency", "wave", "score"],
    )
    (kpi,) = skill_kpis(make_program({"assessments": rows}, min_n=2))
    assert math.isnan(kpi.value)
    assert kpi.status == "not estimable"


def test_without_assessments_is_no_data():
    (kpi,) = skill_kpis(make_program({}))
    assert kpi.kpi == "skill_improvement"
    assert kpi.status == "no data"
    assert kpi.method == "not assessed: no data (needs the assessments table)"

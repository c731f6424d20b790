"""Retention on hand-built participants tables.

Wilson limits: Newcombe (1998), Stat Med 17:857-872, Table I, method 3
(15/148 -> 0.0624 to 0.1605; 81/263 -> 0.2553 to 0.3662; 0/20 -> 0 to
0.1611, so 20/20 -> 0.8389 to 1 by symmetry).
"""

import math

import pandas as pd
import pytest
from kpi_fixtures import make_program

from evalkit.retention import mentee_status_counts, retention_kpis

TOLERANCE = 5e-5


def people(completed, withdrawn, active, mentors=0):
    """Mentees with the given statuses, plus completed mentors who must not count."""
    statuses = (
        ["completed"] * completed + ["withdrawn"] * withdrawn + ["active"] * active
    )
    roles = ["mentee"] * len(statuses) + ["mentor"] * mentors
    statuses += ["completed"] * mentors
    return pd.DataFrame(
        {
            "participant_id": [f"P{i:03d}" for i in range(len(statuses))],
            "role": roles,
            "status": statuses,
        }
    )


def test_status_counts_leave_mentors_out():
    counts = mentee_status_counts(people(2, 1, 4, mentors=5))
    assert counts == {"active": 4, "completed": 2, "withdrawn": 1}


def test_retention_censors_active_mentees_newcombe_15_of_148():
    # 15 completed, 133 withdrawn, 40 active (censored), 9 mentors:
    # 15 / (15 + 133) = 0.1014, Wilson 0.0624 to 0.1605.
    program = make_program({"participants": people(15, 133, 40, mentors=9)})
    (kpi,) = retention_kpis(program)

    assert kpi.kpi == "retention"
    assert kpi.value == pytest.approx(15 / 148, abs=1e-12)
    assert kpi.n == 148
    assert kpi.ci_low == pytest.approx(0.0624, abs=TOLERANCE)
    assert kpi.ci_high == pytest.approx(0.1605, abs=TOLERANCE)
    assert kpi.status == "not met"
    assert kpi.target == "> 75% (stretch 80%)"
    assert kpi.unit == "proportion"


def test_retention_newcombe_81_of_263():
    (kpi,) = retention_kpis(make_program({"participants": people(81, 182, 3)}))
    assert kpi.ci_low == pytest.approx(0.2553, abs=TOLERANCE)
    assert kpi.ci_high == pytest.approx(0.3662, abs=TOLERANCE)


def test_everyone_retained_meets_the_target():
    (kpi,) = retention_kpis(make_program({"participants": people(20, 0, 5)}))
    assert kpi.value == 1.0
    assert kpi.ci_low == pytest.approx(0.8389, abs=TOLERANCE)
    assert kpi.ci_high == 1.0
    assert kpi.status == "met"


def test_all_active_is_no_data_with_the_reason():
    (kpi,) = retention_kpis(make_program({"participants": people(0, 0, 3)}))
    assert kpi.n == 0
    assert math.isnan(kpi.value)
    assert kpi.status == "no data"
    assert "none of the 3 mentees has completed or withdrawn yet" in kpi.method


def test_below_min_n_is_too_few_to_judge():
    (kpi,) = retention_kpis(make_program({"participants": people(2, 1, 0)}))
    assert kpi.n == 3
    assert kpi.status == "too few to judge"


def test_without_participants_is_no_data():
    (kpi,) = retention_kpis(make_program({}))
    assert kpi.status == "no data"
    assert kpi.method == "not assessed: no data (needs the participants table)"

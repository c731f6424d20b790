"""Post-program success and follow-up response on hand-built tables.

Wilson limits are R's ``prop.test(x, n, correct = FALSE)$conf.int``.
"""

import pandas as pd
import pytest
from kpi_fixtures import by_id, make_program

from evalkit.success import goal_met, success_kpis, successful_completers

TOLERANCE = 5e-5


PARTICIPANTS = pd.DataFrame(
    {
        "participant_id": ["C1", "C2", "C3", "C4", "C5", "C6", "W1", "A1"],
        "role": ["mentee"] * 8,
        "status": ["completed"] * 6 + ["withdrawn", "active"],
    }
)
FOLLOWUPS = pd.DataFrame(
    [
        # id, months, responded, goal_met, stem_job, continued_education, advanced
        ("C1", 6, True, False, False, False, False),
        ("C1", 12, True, True, None, None, None),  # latest answered: met
        ("C2", 6, True, True, None, None, None),  # latest answered: met
        ("C2", 12, False, None, None, None, None),
        ("C3", 6, True, None, False, True, None),  # goal_met blank: education
        ("C4", 6, False, None, None, None, None),  # contacted, never answered
        ("C4", 12, False, None, None, None, None),
        ("C5", 3, True, True, None, None, None),  # outside 6-12 months
        ("C5", 18, True, True, None, None, None),
        ("C6", 12, True, False, True, None, None),  # goal_met recorded: False
        ("W1", 6, True, True, None, None, None),  # withdrew: not a completer
    ],
    columns=[
        "participant_id",
        "months_after_exit",
        "responded",
        "goal_met",
        "stem_job",
        "continued_education",
        "advanced",
    ],
).astype(
    {
        column: "boolean"
        for column in (
            "responded",
            "goal_met",
            "stem_job",
            "continued_education",
            "advanced",
        )
    }
)


def test_goal_met_falls_back_to_the_outcome_columns():
    rows = pd.DataFrame(
        {
            "goal_met": pd.array([True, False, None, None, None], dtype="boolean"),
            "stem_job": pd.array([False, True, True, False, None], dtype="boolean"),
            "advanced": pd.array([None, None, False, False, None], dtype="boolean"),
        }
    )
    # recorded goal_met wins; else any True; all recorded False -> False;
    # nothing recorded -> unknown.
    assert goal_met(rows).tolist() == [True, False, True, False, pd.NA]
    # Without goal_met, row 1 has stem_job False and advanced blank -> False.
    assert goal_met(rows.drop(columns="goal_met")).tolist() == [
        False,
        True,
        True,
        False,
        pd.NA,
    ]


def test_success_and_response_rate_by_hand():
    program = make_program(
        {"participants": PARTICIPANTS, "followups": FOLLOWUPS}, min_n=3
    )
    kpis = by_id(success_kpis(program))

    # Completers who answered in months 6-12: C1 (met at 12), C2 (met at 6),
    # C3 (continued education), C6 (goal_met False) -> 3 of 4 = 0.75;
    # prop.test(3, 4, correct = FALSE)$conf.int = 0.3006418 0.9544127.
    success = kpis["post_program_success"]
    assert success.value == pytest.approx(0.75, abs=1e-12)
    assert success.n == 4
    assert success.ci_low == pytest.approx(0.3006, abs=TOLERANCE)
    assert success.ci_high == pytest.approx(0.9544, abs=TOLERANCE)
    assert success.status == "met"  # > 60%
    assert success.stage == "outcomes"

    # Contacted completers in the window: C1, C2, C3, C4, C6; answered: 4 of 5;
    # prop.test(4, 5, correct = FALSE)$conf.int = 0.3755 0.9638 (to 4 d.p.).
    response = kpis["followup_response_rate"]
    assert response.value == pytest.approx(0.8, abs=1e-12)
    assert response.n == 5
    assert response.ci_low == pytest.approx(0.3755, abs=TOLERANCE)
    assert response.ci_high == pytest.approx(0.9638, abs=TOLERANCE)
    assert response.status == "shown"

    assert successful_completers(program) == 3


def test_without_participants_everyone_followed_up_counts():
    program = make_program({"followups": FOLLOWUPS}, min_n=3)
    success = by_id(success_kpis(program))["post_program_success"]
    # W1 now counts too: 4 of 5 met.
    assert success.value == pytest.approx(0.8, abs=1e-12)
    assert "participants table absent" in success.method


def test_without_followups_is_no_data():
    kpis = success_kpis(make_program({"participants": PARTICIPANTS}))
    assert [kpi.status for kpi in kpis] == ["no data", "no data"]
    assert kpis[0].method == "not assessed: no data (needs the followups table)"


def test_below_min_n_is_too_few_to_judge():
    program = make_program({"participants": PARTICIPANTS, "followups": FOLLOWUPS})
    success = by_id(success_kpis(program))["post_program_success"]
    assert success.status == "too few to judge"

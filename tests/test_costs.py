"""Cost KPIs on hand-built costs, participants and followups tables."""

import math

import pandas as pd
import pytest
from kpi_fixtures import by_id, make_program

from evalkit.costs import cost_kpis, total_cost

COSTS = pd.DataFrame(
    {
        "category": ["staff", "events", "materials", "training"],
        "amount": [1000.0, 500.0, 300.0, None],
    }
)
PARTICIPANTS = pd.DataFrame(
    {
        "participant_id": ["M1", "M2", "M3", "M4", "R1"],
        "role": ["mentee"] * 4 + ["mentor"],
        "status": ["completed", "completed", "withdrawn", "active", "completed"],
    }
)
FOLLOWUPS = pd.DataFrame(
    {
        "participant_id": ["M1", "M2"],
        "months_after_exit": [6, 6],
        "responded": [True, False],
        "goal_met": pd.array([True, None], dtype="boolean"),
    }
)


def test_total_cost_skips_blank_amounts():
    assert total_cost(COSTS) == 1800.0


def test_costs_per_person_by_hand():
    tables = {"costs": COSTS, "participants": PARTICIPANTS, "followups": FOLLOWUPS}
    kpis = by_id(cost_kpis(make_program(tables)))

    # Total 1000 + 500 + 300 = 1800.  Mentees served: M1-M4 = 4 -> 450.
    # Completers: M1, M2 = 2 -> 900.  Met a goal: M1 only = 1 -> 1800.
    assert kpis["cost_per_participant"].value == pytest.approx(450.0)
    assert kpis["cost_per_participant"].n == 4
    assert kpis["cost_per_completer"].value == pytest.approx(900.0)
    assert kpis["cost_per_completer"].n == 2
    assert kpis["cost_per_successful_outcome"].value == pytest.approx(1800.0)
    assert kpis["cost_per_successful_outcome"].n == 1
    for kpi in kpis.values():
        assert kpi.unit == "dollars"
        assert kpi.status == "shown"


def test_zero_costs_give_zero_per_person():
    costs = COSTS.assign(amount=0.0)
    kpis = by_id(
        cost_kpis(make_program({"costs": costs, "participants": PARTICIPANTS}))
    )
    assert kpis["cost_per_participant"].value == 0.0
    assert kpis["cost_per_participant"].status == "shown"


def test_no_completers_is_no_data_not_a_division_by_zero():
    people = PARTICIPANTS.assign(status="active")
    kpis = by_id(cost_kpis(make_program({"costs": COSTS, "participants": people})))
    completer = kpis["cost_per_completer"]
    assert completer.n == 0
    assert math.isnan(completer.value)
    assert completer.status == "no data"


def test_missing_tables_are_no_data():
    kpis = by_id(
        cost_kpis(make_program({"costs": COSTS, "participants": PARTICIPANTS}))
    )
    success = kpis["cost_per_successful_outcome"]
    assert success.status == "no data"
    assert "followups" in success.method

    kpis = cost_kpis(make_program({"costs": COSTS}))
    assert [kpi.status for kpi in kpis] == ["no data"] * 3
    assert kpis[0].method == (
        "not assessed: no data (needs the costs and participants tables)"
    )

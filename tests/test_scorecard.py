"""The scorecard: every KPI gathered in the design's order, the balanced
scorecard and the logic model."""

import math
from pathlib import Path

import pandas as pd
import pytest
from kpi_fixtures import make_program

from evalkit.kpi import Kpi
from evalkit.scorecard import (
    BALANCED_SCORECARD,
    KPI_ORDER,
    LOGIC_MODEL,
    balanced_scorecard_table,
    kpi_rank,
    logic_model_table,
    perspective_of,
    program_kpis,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DATA = ROOT / "evalkit" / "sample" / "data"
STATUSES = {"met", "not met", "no data", "too few to judge", "not estimable", "shown"}
UNITS = {
    "proportion",
    "mean",
    "count",
    "dollars",
    "relative change",
    "per month",
    "percentage points",
}


def day(text):
    return pd.Timestamp(text)


TABLES = {
    "participants": pd.DataFrame(
        {
            "participant_id": ["M1", "M2", "M3", "R1"],
            "role": ["mentee", "mentee", "mentee", "mentor"],
            "status": ["completed", "withdrawn", "completed", "completed"],
        }
    ),
    "matches": pd.DataFrame(
        {
            "match_id": ["A1", "A2", "A3"],
            "mentee_id": ["M1", "M2", "M3"],
            "mentor_id": ["R1"] * 3,
            "matched_on": [day("2026-01-01")] * 3,
        }
    ),
    "sessions": pd.DataFrame(
        {
            "match_id": ["A1", "A1", "A2", "A3"],
            "date": [day("2026-01-10")] * 4,
            "attended": [True, True, False, True],
        }
    ),
    "contacts": pd.DataFrame(
        {"match_id": ["A1", "A2", "A3"], "date": [day("2026-03-01")] * 3}
    ),
    "surveys": pd.DataFrame(
        {
            "participant_id": ["M1", "M2", "M3", "R1"] * 2,
            "wave": ["exit"] * 8,
            "item": ["match_satisfaction"] * 4 + ["overall_satisfaction"] * 4,
            "response": [5, 4, 3, 5, 4, 5, 4, 3],
        }
    ),
    "assessments": pd.DataFrame(
        {
            "participant_id": ["M1", "M1", "M3", "M3"],
            "competency": ["math"] * 4,
            "wave": ["pre", "post", "pre", "post"],
            "score": [10.0, 12.0, 20.0, 25.0],
        }
    ),
    "followups": pd.DataFrame(
        {
            "participant_id": ["M1", "M3"],
            "months_after_exit": [6, 12],
            "responded": [True, True],
            "goal_met": [True, False],
        }
    ),
    "events": pd.DataFrame(
        {
            "event_id": ["E1"],
            "date": [day("2026-02-01")],
            "attendees": [12],
            "organized_by_mentee": [True],
        }
    ),
    "costs": pd.DataFrame({"category": ["staff"], "amount": [900.0]}),
}
EXPECTED_ORDER = [
    "engagement_rate",
    "pooled_attendance_rate",
    "communication_frequency",
    "match_satisfaction.mentee",
    "match_satisfaction.mentor",
    "overall_satisfaction",
    "retention",
    "skill_improvement.math",
    "post_program_success",
    "followup_response_rate",
    "events_held",
    "event_attendance",
    "events_organized_by_mentees",
    "cost_per_participant",
    "cost_per_completer",
    "cost_per_successful_outcome",
]


def test_every_kpi_in_the_design_order():
    # Threshold 1: this checks order and arithmetic, not the privacy rule.
    kpis = program_kpis(make_program(TABLES, min_n=1, suppression_threshold=1))
    assert [kpi.kpi for kpi in kpis] == EXPECTED_ORDER

    values = {kpi.kpi: kpi.value for kpi in kpis}
    # Spot checks, by hand: 2 of 3 mentees attended all their sessions; 2
    # completed of 3 who left; costs 900 / 3 mentees; M1's goal met of 2.
    assert values["engagement_rate"] == pytest.approx(2 / 3)
    assert values["retention"] == pytest.approx(2 / 3)
    assert values["cost_per_participant"] == pytest.approx(300.0)
    assert values["post_program_success"] == pytest.approx(0.5)
    for kpi in kpis:
        assert kpi.status in STATUSES
        assert kpi.unit in UNITS
        assert kpi.definition and kpi.method and kpi.stage


def test_an_empty_program_says_no_data_everywhere():
    kpis = program_kpis(make_program({}))
    assert kpis, "the scorecard lists every KPI even without data"
    for kpi in kpis:
        assert kpi.status == "no data", kpi.kpi
        assert kpi.method.startswith("not assessed: no data (needs the"), kpi.kpi


def lift_kpi(kpi, label):
    """A met relative-change KPI from the outcomes stage."""
    return Kpi(
        kpi,
        label,
        0.25,
        0.1,
        0.4,
        50,
        "≥ 20%",
        "met",
        "m",
        "d",
        "relative change",
        "outcomes",
    )


def test_extra_kpis_replace_and_take_their_place():
    lift = lift_kpi("promotion_lift", "Promotion lift")
    engagement = Kpi(
        "engagement_rate",
        "Engagement rate",
        0.9,
        0.8,
        0.95,
        40,
        "> 70%",
        "met",
        "m",
        "d",
        "proportion",
        "engagement",
    )
    kpis = program_kpis(make_program(TABLES, min_n=1), extra=[lift, engagement])
    ids = [kpi.kpi for kpi in kpis]

    assert ids.index("promotion_lift") == ids.index("followup_response_rate") + 1
    assert ids.count("engagement_rate") == 1
    assert kpis[0] is engagement


def test_outcome_figures_rank_and_group_with_the_lifts():
    columns = ["promoted"]
    assert kpi_rank("promoted.lift", columns) == KPI_ORDER.index("*_lift")
    assert kpi_rank("promoted.lift") == len(KPI_ORDER)  # unknown without params
    assert kpi_rank("gpa_lift") == KPI_ORDER.index("*_lift")
    assert perspective_of("promoted.mentored", columns) == "participants"
    assert perspective_of("no_such_kpi") == "other"


def test_balanced_scorecard_covers_every_kpi():
    # Threshold 1: this checks order and arithmetic, not the privacy rule.
    kpis = program_kpis(make_program(TABLES, min_n=1, suppression_threshold=1))
    table = balanced_scorecard_table(kpis)

    assert len(table) == len(kpis)
    assert "other" not in set(table["perspective"])
    assert list(dict.fromkeys(table["perspective"])) == [
        "financial",
        "participants",
        "internal processes",
        "learning and growth",
    ]
    assert table.loc[table["kpi"] == "retention", "perspective"].item() == (
        "internal processes"
    )
    # Each KPI id of the design order sits in exactly one perspective.
    listed = [kpi for ids in BALANCED_SCORECARD.values() for kpi in ids]
    assert sorted(listed) == sorted(KPI_ORDER)


def test_logic_model_ties_every_outcome_to_a_kpi():
    model = logic_model_table()
    assert list(dict.fromkeys(model["component"])) == [
        "inputs",
        "activities",
        "outputs",
        "outcomes",
    ]
    outcomes = model[model["component"] == "outcomes"]
    assert (outcomes["kpi"] != "").all()
    assert set(outcomes["term"]) == {"short", "intermediate", "long"}
    assert all(row["kpi"] in KPI_ORDER for row in LOGIC_MODEL if row["kpi"])


def test_logic_model_with_figures_and_outcome_aliases():
    comparison = {
        "outcomes": [
            {
                "column": "promoted",
                "label": "Promoted",
                "kind": "binary",
                "kpi": "promotion_lift",
            }
        ]
    }
    program = make_program(TABLES, comparison=comparison, min_n=1)
    lift = lift_kpi("promoted.lift", "Promoted: lift")
    kpis = program_kpis(program, extra=[lift])
    table = logic_model_table(kpis, program.params)

    skills = table[table["element"] == "STEM skills and confidence grow"]
    assert skills["kpi"].tolist() == ["skill_improvement.math"]
    promotion = table[table["kpi"] == "promoted.lift"]
    assert promotion["element"].item() == "Promotion, beyond the comparison group"
    assert promotion["status"].item() == "met"
    unmeasured = table[table["element"] == "Volunteer STEM mentors"]
    assert math.isnan(unmeasured["value"].item())


@pytest.mark.skipif(
    not (SAMPLE_DATA / "participants.csv").is_file()
    or not (ROOT / "params" / "sample.yaml").is_file(),
    reason="the sample program's data files are not generated yet",
)
def test_sample_program_every_kpi_has_a_value_and_a_status():
    from evalkit.loading import load_program
    from evalkit.params import load_params

    program = load_program(load_params(ROOT / "params" / "sample.yaml"))
    kpis = program_kpis(program)

    ids = [kpi.kpi for kpi in kpis]
    for kpi_id in EXPECTED_ORDER:
        if kpi_id != "skill_improvement.math":
            assert kpi_id in ids
    assert any(kpi_id.startswith("skill_improvement.") for kpi_id in ids)
    for kpi in kpis:
        assert math.isfinite(kpi.value), kpi.kpi
        assert kpi.status in STATUSES - {"no data", "not estimable"}, kpi.kpi

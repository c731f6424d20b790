"""Community engagement counts on a hand-built events table."""

import math

import pandas as pd
from kpi_fixtures import by_id, make_program

from evalkit.community import community_kpis

EVENTS = pd.DataFrame(
    {
        "event_id": ["E1", "E2", "E3", "E2"],  # E2 twice: one event
        "date": pd.to_datetime(
            ["2026-01-10", "2026-02-10", "2026-03-10", "2026-02-10"]
        ),
        "attendees": [10, 5, None, 5],
        "organized_by_mentee": pd.array([True, False, None, False], dtype="boolean"),
    }
)


def test_counts_by_hand():
    kpis = by_id(community_kpis(make_program({"events": EVENTS})))

    # Events E1, E2, E3 -> 3 held; attendance 10 + 5 + (blank) = 15;
    # organized by a mentee: E1 only (E3 blank is not counted) -> 1.
    assert kpis["events_held"].value == 3
    assert kpis["event_attendance"].value == 15
    assert kpis["events_organized_by_mentees"].value == 1
    for kpi in kpis.values():
        assert kpi.n == 3
        assert kpi.unit == "count"
        assert kpi.target == ""
        assert math.isnan(kpi.ci_low) and math.isnan(kpi.ci_high)
        # A count is shown even below min_n (10): three events is a fact.
        assert kpi.status == "shown"


def test_without_the_organized_column_only_that_count_is_no_data():
    events = EVENTS.drop(columns="organized_by_mentee")
    kpis = by_id(community_kpis(make_program({"events": events})))
    assert kpis["events_held"].status == "shown"
    organized = kpis["events_organized_by_mentees"]
    assert organized.status == "no data"
    assert "organized_by_mentee column" in organized.method


def test_without_events_is_no_data():
    kpis = community_kpis(make_program({}))
    assert [kpi.status for kpi in kpis] == ["no data"] * 3
    assert kpis[0].method == "not assessed: no data (needs the events table)"

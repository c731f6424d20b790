"""Engagement KPIs on hand-built programs.

Wilson limits are checked against Newcombe (1998), Stat Med 17:857-872,
Table I (0/20 gives 0 to 0.1611) and against R's
``prop.test(x, n, correct = FALSE)$conf.int`` (the Wilson score interval);
the other figures are worked out by hand in the comments.
"""

import pandas as pd
import pytest
from kpi_fixtures import by_id, make_program

from evalkit.engagement import (
    contacts_per_month,
    engagement_kpis,
    mentee_attendance,
)

TOLERANCE = 5e-5  # published limits are given to 4 decimals


PARTICIPANTS = pd.DataFrame(
    {
        "participant_id": ["M1", "M2", "M3", "M4", "R1"],
        "role": ["mentee", "mentee", "mentee", "mentee", "mentor"],
    }
)
MATCHES = pd.DataFrame(
    {
        "match_id": ["A1", "A2", "A4"],
        "mentee_id": ["M1", "M2", "M4"],
        "mentor_id": ["R1", "R1", "R1"],
        "matched_on": pd.to_datetime(["2026-01-01"] * 3),
    }
)
# M1 (by match A1): 3 of 4 attended = 0.75, exactly the threshold -> engaged.
# M2 (by match A2): 2 of 4 = 0.50.  M3 (by participant_id): 2 of 2 = 1.00.
# M4: one session with attendance not recorded -> no scheduled session, not
# counted.  R1 is a mentor: their session row is not a mentee's.
SESSIONS = pd.DataFrame(
    {
        "match_id": ["A1"] * 4 + ["A2"] * 4 + [None, None, "A4", None],
        "participant_id": [None] * 8 + ["M3", "M3", None, "R1"],
        "date": pd.to_datetime(["2026-02-01"] * 12),
        "attended": pd.array(
            [
                True,
                True,
                True,
                False,
                True,
                False,
                True,
                False,
                True,
                True,
                None,
                False,
            ],
            dtype="boolean",
        ),
    }
)


def test_mentee_attendance_maps_sessions_to_mentees():
    table = mentee_attendance(SESSIONS, MATCHES, PARTICIPANTS)

    assert table["participant_id"].tolist() == ["M1", "M2", "M3"]
    assert table["scheduled"].tolist() == [4, 4, 2]
    assert table["attended"].tolist() == [3, 2, 2]
    assert table["attendance_rate"].tolist() == pytest.approx([0.75, 0.5, 1.0])


def test_mentee_attendance_needs_matches_for_match_keyed_sessions():
    with pytest.raises(ValueError, match="matches: expected the matches table"):
        mentee_attendance(SESSIONS)


def test_engagement_rate_and_pooled_rate_by_hand():
    program = make_program(
        {"participants": PARTICIPANTS, "matches": MATCHES, "sessions": SESSIONS},
        min_n=3,
    )
    kpis = by_id(engagement_kpis(program))

    # 2 of 3 mentees engaged (M1 at exactly 0.75, M3); Wilson interval from
    # R: prop.test(2, 3, correct = FALSE)$conf.int = 0.2076596 0.9385081.
    rate = kpis["engagement_rate"]
    assert rate.value == pytest.approx(2 / 3, abs=1e-12)
    assert rate.n == 3
    assert rate.ci_low == pytest.approx(0.2077, abs=TOLERANCE)
    assert rate.ci_high == pytest.approx(0.9385, abs=TOLERANCE)
    assert rate.status == "not met"  # target > 70%
    assert rate.unit == "proportion" and rate.stage == "engagement"
    assert "Wilson" in rate.method
    assert "0.75" in rate.definition

    # Pooled: (3 + 2 + 2) attended / (4 + 4 + 2) scheduled = 7 / 10 = 0.7.
    pooled = kpis["pooled_attendance_rate"]
    assert pooled.value == pytest.approx(0.7, abs=1e-12)
    assert pooled.n == 10
    assert pooled.status == "shown"
    assert "resampling the 3 mentees" in pooled.method
    assert pooled.ci_low <= pooled.value <= pooled.ci_high


def test_engagement_zero_of_twenty_matches_newcombe_table_one():
    # 20 mentees, each attended 1 of 2 sessions (0.5 < 0.75): 0/20 engaged.
    # Newcombe (1998) Table I, Wilson score method: 0/20 -> 0.0000 to 0.1611.
    ids = [f"M{i:02d}" for i in range(20)]
    sessions = pd.DataFrame(
        {
            "participant_id": [pid for pid in ids for _ in range(2)],
            "date": pd.to_datetime(["2026-02-01"] * 40),
            "attended": [True, False] * 20,
        }
    )
    program = make_program({"sessions": sessions})
    rate = by_id(engagement_kpis(program))["engagement_rate"]

    assert rate.value == 0.0
    assert rate.n == 20
    assert rate.ci_low == 0.0
    assert rate.ci_high == pytest.approx(0.1611, abs=TOLERANCE)
    assert rate.status == "not met"

    # With a threshold of 0.5 all 20 are engaged; by the symmetry of the
    # Wilson interval, 20/20 -> 1 - 0.1611 = 0.8389 to 1.
    program = make_program({"sessions": sessions}, engagement_threshold=0.5)
    rate = by_id(engagement_kpis(program))["engagement_rate"]
    assert rate.value == 1.0
    assert rate.ci_low == pytest.approx(0.8389, abs=TOLERANCE)
    assert rate.ci_high == 1.0
    assert rate.status == "met"


def test_engagement_below_min_n_is_too_few_to_judge():
    program = make_program(
        {"participants": PARTICIPANTS, "matches": MATCHES, "sessions": SESSIONS},
        min_n=10,
    )
    kpis = by_id(engagement_kpis(program))
    assert kpis["engagement_rate"].status == "too few to judge"


def test_engagement_without_sessions_is_no_data():
    kpis = by_id(engagement_kpis(make_program({"participants": PARTICIPANTS})))

    for kpi_id in ("engagement_rate", "pooled_attendance_rate"):
        assert kpis[kpi_id].status == "no data"
        assert kpis[kpi_id].method == (
            "not assessed: no data (needs the sessions table)"
        )
    assert kpis["communication_frequency"].status == "no data"
    assert "needs the contacts and matches tables" in (
        kpis["communication_frequency"].method
    )


def test_match_keyed_sessions_without_matches_is_no_data():
    program = make_program({"sessions": SESSIONS})
    rate = by_id(engagement_kpis(program))["engagement_rate"]
    assert rate.status == "no data"
    assert "needs the matches table" in rate.method


CONTACT_MATCHES = pd.DataFrame(
    {
        "match_id": ["A1", "A2", "A3"],
        "mentee_id": ["M1", "M2", "M3"],
        "mentor_id": ["R1", "R1", "R2"],
        "matched_on": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-02-01"]),
        "ended_on": pd.to_datetime(["2026-03-02", None, "2026-05-03"]),
    }
)
CONTACTS = pd.DataFrame(
    {
        "match_id": ["A1"] * 5 + ["A2"] * 3 + ["ZZ"],
        "date": pd.to_datetime(
            [
                "2025-12-20",  # before A1 was matched: not counted
                "2026-01-05",
                "2026-01-20",
                "2026-02-10",
                "2026-02-25",  # the latest contact in the log
                "2026-01-10",
                "2026-01-15",
                "2026-01-30",
                "2026-01-31",  # a match that is not in the matches table
            ]
        ),
    }
)


def test_contacts_per_month_by_hand():
    rates = contacts_per_month(CONTACTS, CONTACT_MATCHES)

    # A1: 2026-01-01 to 2026-03-02 = 60 days = 60 / 30.4375 = 1.971253 months;
    #     4 contacts inside -> 2.029167 per month.
    # A2: not ended, so active to the latest contact, 2026-02-25: 55 days =
    #     1.806982 months; 3 contacts -> 1.660227 per month.
    # A3: 2026-02-01 to 2026-05-03 = 91 days = 2.989733 months; 0 contacts.
    assert rates["match_id"].tolist() == ["A1", "A2", "A3"]
    assert rates["contacts"].tolist() == [4, 3, 0]
    assert rates["months"].tolist() == pytest.approx(
        [1.971253, 1.806982, 2.989733], abs=1e-6
    )
    assert rates["contacts_per_month"].tolist() == pytest.approx(
        [2.029167, 1.660227, 0.0], abs=1e-6
    )


def test_short_active_period_counts_as_one_month():
    matches = CONTACT_MATCHES.iloc[[0]].assign(ended_on=pd.to_datetime(["2026-01-11"]))
    # A1 active 2026-01-01 to 01-11: 10 days, less than a month, so 1 month;
    # one contact inside (01-05) -> 1 contact per month.
    rates = contacts_per_month(CONTACTS, matches)
    assert rates["months"].tolist() == [1.0]
    assert rates["contacts_per_month"].tolist() == [1.0]


def test_communication_frequency_median_and_seeded_interval():
    tables = {"contacts": CONTACTS, "matches": CONTACT_MATCHES}
    kpi = by_id(engagement_kpis(make_program(tables, min_n=3, seed=11)))[
        "communication_frequency"
    ]

    # Median of 2.029167, 1.660227 and 0 is 1.660227.
    assert kpi.value == pytest.approx(1.660227, abs=1e-6)
    assert kpi.n == 3
    assert kpi.unit == "per month"
    assert kpi.status == "shown"
    assert "seed 11" in kpi.method
    assert 0.0 <= kpi.ci_low <= kpi.value <= kpi.ci_high <= 2.029167 + 1e-9

    again = by_id(engagement_kpis(make_program(tables, min_n=3, seed=11)))[
        "communication_frequency"
    ]
    assert (again.ci_low, again.ci_high) == (kpi.ci_low, kpi.ci_high)

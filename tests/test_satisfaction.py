"""Satisfaction KPIs on a hand-built surveys table.

Wilson limits are R's ``prop.test(x, n, correct = FALSE)$conf.int``; the t
interval is R's ``t.test(c(5, 4, 3, 4, 4))$conf.int`` = 3.122011 4.877989
(t quantile 2.776445 for 4 df, as in any t table: 2.776).
"""

import math

import pandas as pd
import pytest
from kpi_fixtures import by_id, make_program

from evalkit.satisfaction import (
    latest_answers,
    mean_with_t_interval,
    satisfaction_kpis,
    wave_rank,
)

TOLERANCE = 5e-5


PARTICIPANTS = pd.DataFrame(
    {
        "participant_id": ["E1", "E2", "E3", "E4", "E5", "R1", "R2", "R3"],
        "role": ["mentee"] * 5 + ["mentor"] * 3,
    }
)


def answers(item, rows):
    return [(pid, wave, item, response) for pid, wave, response in rows]


SURVEYS = pd.DataFrame(
    answers(
        "match_satisfaction",
        [
            ("E1", "midpoint", 3),
            ("E1", "exit", 5),  # latest: 5, satisfied
            ("E2", "exit", 2),  # latest: 2, not satisfied
            ("E2", "midpoint", 5),
            ("E3", "exit", 4),  # 4 is the cut-off: satisfied
            ("E4", "midpoint", 4),  # only wave: satisfied
            ("E5", "exit", math.nan),  # no answer: not a respondent
            ("R1", "exit", 3),
            ("R2", "wave 2", 5),
            ("R2", "wave 10", 3),  # wave 10 is after wave 2: latest 3
            ("R3", "midpoint", 4),
        ],
    )
    + answers(
        "overall_satisfaction",
        [
            ("E1", "midpoint", 1),
            ("E1", "exit", 5),  # latest 5
            ("E2", "exit", 4),
            ("E3", "exit", 3),
            ("R1", "exit", 4),
            ("R3", "exit", 4),
        ],
    ),
    columns=["participant_id", "wave", "item", "response"],
)


def test_wave_rank_orders_known_then_natural():
    waves = pd.Series(["exit", "Midpoint", "wave 10", "wave 2", "pre"])
    # pre < midpoint < exit (known words), then wave 2 < wave 10.
    assert wave_rank(waves).tolist() == [2, 1, 4, 3, 0]


def test_latest_answers_keeps_one_row_per_person():
    latest = latest_answers(SURVEYS, "match_satisfaction")
    assert latest["participant_id"].tolist() == [
        "E1",
        "E2",
        "E3",
        "E4",
        "R1",
        "R2",
        "R3",
    ]
    assert latest["response"].tolist() == [5, 2, 4, 4, 3, 3, 4]


def test_match_satisfaction_by_role_by_hand():
    program = make_program({"participants": PARTICIPANTS, "surveys": SURVEYS}, min_n=3)
    kpis = by_id(satisfaction_kpis(program))

    # Mentees: E1, E3, E4 satisfied of 4 respondents = 0.75;
    # prop.test(3, 4, correct = FALSE)$conf.int = 0.3006418 0.9544127.
    mentee = kpis["match_satisfaction.mentee"]
    assert mentee.value == pytest.approx(0.75, abs=1e-12)
    assert mentee.n == 4
    assert mentee.ci_low == pytest.approx(0.3006, abs=TOLERANCE)
    assert mentee.ci_high == pytest.approx(0.9544, abs=TOLERANCE)
    assert mentee.status == "not met"  # target >= 80%
    assert mentee.stage == "match_quality"

    # Mentors: R3 only (R1 answered 3, R2's latest wave 10 answered 3): 1/3;
    # prop.test(1, 3, correct = FALSE)$conf.int = 0.06149194 0.79226188.
    mentor = kpis["match_satisfaction.mentor"]
    assert mentor.value == pytest.approx(1 / 3, abs=1e-12)
    assert mentor.n == 3
    assert mentor.ci_low == pytest.approx(0.0615, abs=TOLERANCE)
    assert mentor.ci_high == pytest.approx(0.7923, abs=TOLERANCE)


def test_satisfied_at_least_setting_moves_the_cut():
    program = make_program(
        {"participants": PARTICIPANTS, "surveys": SURVEYS},
        min_n=3,
        satisfied_at_least=5,
    )
    mentee = by_id(satisfaction_kpis(program))["match_satisfaction.mentee"]
    # Only E1's latest answer is 5: 1 of 4.
    assert mentee.value == pytest.approx(0.25, abs=1e-12)


def test_overall_satisfaction_t_interval_by_hand():
    program = make_program({"participants": PARTICIPANTS, "surveys": SURVEYS}, min_n=3)
    overall = by_id(satisfaction_kpis(program))["overall_satisfaction"]

    # Latest answers 5, 4, 3, 4, 4: mean 4.0, sd sqrt(0.5) = 0.707107,
    # se = 0.316228, t(0.975, 4) = 2.776445 -> 4 +- 0.877989.
    assert overall.value == pytest.approx(4.0, abs=1e-12)
    assert overall.n == 5
    assert overall.ci_low == pytest.approx(3.122011, abs=1e-6)
    assert overall.ci_high == pytest.approx(4.877989, abs=1e-6)
    assert overall.status == "not met"  # 4.0 is not > 4.0
    assert overall.unit == "mean"


def test_mean_with_t_interval_needs_two_values():
    result = mean_with_t_interval(pd.Series([4.0]))
    assert result.status == "not estimable"
    assert math.isnan(result.estimate)


def test_without_participants_match_satisfaction_is_no_data():
    kpis = by_id(satisfaction_kpis(make_program({"surveys": SURVEYS}, min_n=3)))

    for role in ("mentee", "mentor"):
        kpi = kpis[f"match_satisfaction.{role}"]
        assert kpi.status == "no data"
        assert kpi.method == (
            "not assessed: no data (needs the surveys and participants tables)"
        )
    assert kpis["overall_satisfaction"].value == pytest.approx(4.0)


def test_without_surveys_everything_is_no_data():
    kpis = satisfaction_kpis(make_program({"participants": PARTICIPANTS}))
    assert [kpi.status for kpi in kpis] == ["no data"] * 3


def test_below_min_n_is_too_few_to_judge():
    program = make_program({"participants": PARTICIPANTS, "surveys": SURVEYS})
    kpis = by_id(satisfaction_kpis(program))  # default min_n is 10
    assert kpis["match_satisfaction.mentee"].status == "too few to judge"
    assert kpis["overall_satisfaction"].status == "too few to judge"

"""What the sample program looks like: ``SampleSettings`` and its checks.

The settings are a frozen dataclass whose defaults build the shipped sample;
``SampleSettings.__post_init__`` refuses, with a ``SampleSettingsError``, any
combination that cannot build a valid program.  The fixed vocabulary the
settings refer to (competencies, survey items, feedback questions) lives here
too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from evalkit.errors import SampleSettingsError
from evalkit.tables import TABLES

COMPETENCIES = (
    "research_skills",
    "technical_communication",
    "career_planning",
    "stem_self_efficacy",
)
SURVEY_ITEMS = (
    "match_satisfaction",
    "mentor_support",
    "overall_satisfaction",
    "would_recommend",
)
FEEDBACK_QUESTIONS = (
    "What helped you most?",
    "What should the program change?",
    "Anything else you would like to tell us?",
)


@dataclass(frozen=True)
class SampleSettings:
    """What the sample program looks like; the defaults build the shipped one.

    Attributes
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; the only source of randomness.
    cohorts : tuple of str
        Cohort ids, each a four-digit year, oldest first.  A cohort enrols
        from January of its year.
    as_of : str
        ISO date the data run up to: nothing happens after it, and mentees
        whose program has not ended by then are still active.
    n_mentees, n_mentors : int
        Mentees and mentors in all, split evenly over the cohorts.
    n_comparison : int
        People in the comparison group of the lift analysis.
    program_weeks : int
        Planned length of a mentoring pair, from matching to completion.
    sessions_per_match : tuple of int
        Fewest and most sessions scheduled for a pair over the whole program.
    unmatched_share : float
        Share of mentees never matched with a mentor (they withdraw).
    withdrawal_rate : float
        Share of mentees who withdraw, the never-matched ones included.
    mentor_withdrawal_rate : float
        Share of mentors who withdraw; their pairs end early.
    early_closure_rate : float
        Share of the other pairs closed early while the mentee stays.
    engaged_share : float
        Share of matched mentees whose own attendance rate (attended over
        scheduled sessions) is at least ``engagement_threshold``.
    engagement_threshold : float
        Attendance rate that counts a mentee as engaged.
    survey_response_rate : float
        Share of people invited to a survey wave who answer it.
    item_skip_rate : float
        Share of answers left blank (no row) by people who did answer a wave.
    mentee_satisfied_share, mentor_satisfied_share : float
        Share of match-satisfaction answers that are 4 or 5, by role.
    competency_gains : tuple of (str, float)
        Each competency and its relative improvement
        ``(mean post - mean pre) / mean pre`` on complete pairs.
    max_score : float
        Highest possible competency score.
    post_score_missing_rate : float
        Share of completers without post-scores.
    followup_response_rate : float
        Share of follow-up contacts that were answered.
    goal_met_share : float
        Share of answered follow-ups where a goal was met.
    mentored_followed_up_share, comparison_followed_up_share : float
        Share of each group of the comparison table whose outcome is observed.
    promotion_rates, enrollment_rates : tuple of float
        Promotion and STEM-enrollment rates among the followed-up people,
        mentored first, comparison second.
    n_feedback : int
        Open-ended answers in the feedback table.
    n_events : int
        Community events over all cohorts.
    duplicate_rows : tuple of (str, int)
        Exact duplicate rows injected, by table, as real exports have them.
    """

    seed: int = 2026
    cohorts: tuple[str, ...] = ("2025", "2026")
    as_of: str = "2026-11-30"
    n_mentees: int = 400
    n_mentors: int = 250
    n_comparison: int = 600
    program_weeks: int = 36
    sessions_per_match: tuple[int, int] = (12, 20)
    unmatched_share: float = 0.02
    withdrawal_rate: float = 0.17
    mentor_withdrawal_rate: float = 0.04
    early_closure_rate: float = 0.05
    engaged_share: float = 0.69
    engagement_threshold: float = 0.75
    survey_response_rate: float = 0.8
    item_skip_rate: float = 0.02
    mentee_satisfied_share: float = 0.84
    mentor_satisfied_share: float = 0.76
    competency_gains: tuple[tuple[str, float], ...] = (
        ("research_skills", 0.24),
        ("technical_communication", 0.17),
        ("career_planning", 0.27),
        ("stem_self_efficacy", 0.21),
    )
    max_score: float = 100.0
    post_score_missing_rate: float = 0.08
    followup_response_rate: float = 0.7
    goal_met_share: float = 0.62
    mentored_followed_up_share: float = 0.86
    comparison_followed_up_share: float = 0.8
    promotion_rates: tuple[float, float] = (0.30, 0.24)
    enrollment_rates: tuple[float, float] = (0.46, 0.39)
    n_feedback: int = 300
    n_events: int = 30
    duplicate_rows: tuple[tuple[str, int], ...] = (
        ("sessions", 3),
        ("surveys", 2),
        ("contacts", 1),
    )

    def __post_init__(self) -> None:
        """Refuse settings that cannot build a valid program."""
        if not isinstance(self.seed, int) or self.seed < 0:
            raise SampleSettingsError(
                f"seed: expected a non-negative integer, received {self.seed!r}"
            )

        cohorts = tuple(self.cohorts)
        if not cohorts or not all(
            isinstance(c, str) and len(c) == 4 and c.isdigit() for c in cohorts
        ):
            raise SampleSettingsError(
                "cohorts: expected a non-empty tuple of four-digit years as text, "
                f"received {self.cohorts!r}"
            )
        if list(cohorts) != sorted(set(cohorts)):
            raise SampleSettingsError(
                "cohorts: expected distinct years, oldest first, "
                f"received {self.cohorts!r}"
            )
        try:
            as_of = date.fromisoformat(self.as_of)
        except (TypeError, ValueError):
            raise SampleSettingsError(
                f"as_of: expected an ISO date (YYYY-MM-DD), received {self.as_of!r}"
            ) from None

        minimums = {
            "n_mentees": 10 * len(cohorts),
            "n_mentors": 4 * len(cohorts),
            "n_comparison": 10,
            "program_weeks": 8,
            "n_feedback": 0,
            "n_events": 0,
        }
        for name, minimum in minimums.items():
            value = getattr(self, name)
            if not isinstance(value, int) or value < minimum:
                raise SampleSettingsError(
                    f"{name}: expected an integer of at least {minimum}, "
                    f"received {value!r}"
                )

        most_feedback = len(FEEDBACK_QUESTIONS) * (self.n_mentees + self.n_mentors)
        if self.n_feedback > most_feedback:
            raise SampleSettingsError(
                f"n_feedback: expected at most {most_feedback} (one answer per "
                f"person and question), received {self.n_feedback!r}"
            )

        last_start = date(int(cohorts[-1]), 1, 6)
        if (as_of - last_start).days < 7 * self.program_weeks:
            raise SampleSettingsError(
                f"as_of: expected a date at least program_weeks "
                f"({self.program_weeks}) after the last cohort starts "
                f"({last_start.isoformat()}), received {self.as_of!r}"
            )

        per_cohort_mentees = self.n_mentees // len(cohorts)
        per_cohort_mentors = self.n_mentors // len(cohorts)
        if not per_cohort_mentors <= per_cohort_mentees <= 3 * per_cohort_mentors:
            raise SampleSettingsError(
                "n_mentors: expected between a third of and as many as n_mentees "
                f"({self.n_mentees}) so each mentor has 1-3 mentees, "
                f"received {self.n_mentors!r}"
            )

        low, high = self.sessions_per_match
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high):
            raise SampleSettingsError(
                "sessions_per_match: expected (fewest, most) with "
                f"1 <= fewest <= most, received {self.sessions_per_match!r}"
            )
        if 7 * self.program_weeks < 3 * high:
            raise SampleSettingsError(
                f"sessions_per_match: expected at most {7 * self.program_weeks // 3} "
                f"sessions in {self.program_weeks} weeks, received {high}"
            )

        rates = (
            "unmatched_share",
            "withdrawal_rate",
            "mentor_withdrawal_rate",
            "early_closure_rate",
            "engaged_share",
            "engagement_threshold",
            "survey_response_rate",
            "item_skip_rate",
            "mentee_satisfied_share",
            "mentor_satisfied_share",
            "post_score_missing_rate",
            "followup_response_rate",
            "goal_met_share",
            "mentored_followed_up_share",
            "comparison_followed_up_share",
        )
        for name in rates:
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise SampleSettingsError(
                    f"{name}: expected a share between 0 and 1, received {value!r}"
                )
        if self.unmatched_share > self.withdrawal_rate:
            raise SampleSettingsError(
                "unmatched_share: expected at most withdrawal_rate "
                f"({self.withdrawal_rate}) since never-matched mentees withdraw, "
                f"received {self.unmatched_share!r}"
            )
        for name in ("promotion_rates", "enrollment_rates"):
            pair = getattr(self, name)
            if len(pair) != 2 or not all(0.0 < value < 1.0 for value in pair):
                raise SampleSettingsError(
                    f"{name}: expected (mentored, comparison) rates between 0 and 1, "
                    f"received {pair!r}"
                )

        names = tuple(name for name, _ in self.competency_gains)
        if sorted(names) != sorted(COMPETENCIES):
            raise SampleSettingsError(
                f"competency_gains: expected one gain for each of {COMPETENCIES}, "
                f"received {names!r}"
            )
        for name, gain in self.competency_gains:
            if not -0.5 < gain < 1.0:
                raise SampleSettingsError(
                    f"competency_gains: expected gains between -0.5 and 1, "
                    f"received {gain!r} for {name!r}"
                )
        if not self.max_score > 0:
            raise SampleSettingsError(
                f"max_score: expected a positive number, received {self.max_score!r}"
            )

        for table, count in self.duplicate_rows:
            if table not in TABLES or not isinstance(count, int) or count < 0:
                raise SampleSettingsError(
                    "duplicate_rows: expected (table, count) pairs with a known "
                    f"table and a count of at least 0, received {(table, count)!r}"
                )

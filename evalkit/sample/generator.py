"""Seeded, deterministic generator of evalkit's sample mentorship program.

The sample program is invented: two cohorts of mentees and mentors in three
regions, their pairings, sessions, contacts, surveys, competency scores,
follow-ups, a comparison group, open-ended feedback, events and costs.  It is
built to exercise every evaluation stage: its headline rates sit near the
default targets of the design (some met, some missed), pair compatibility
mildly predicts satisfaction and match length, and it carries the mess real
exports have (withdrawals, missing post-scores, unanswered surveys, a few
exact duplicate rows).  It never carries errors that validation must refuse.

Only ``numpy.random.default_rng(seed)`` draws random numbers, every choice
iterates over tuples or sorted values, and the files are written with fixed
formats, so the same settings give byte-identical files on any machine.

Run ``python -m evalkit.sample.generator [DIR]`` to rewrite the files (by
default into the package's ``data`` folder).
"""

from __future__ import annotations

import argparse
import logging
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import SampleSettingsError
from evalkit.tables import TABLES

LOGGER = logging.getLogger(__name__)

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"
"""Where the committed sample files live (package data)."""

LIST_SEPARATOR = "; "
"""Separator of the ``list`` cells (interests, goals) in the sample files."""

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

COMPARISON_COLUMNS = {
    "person_id": "id",
    "group": "category",
    "cohort": "id",
    "followed_up": "bool",
    "promoted": "int",
    "enrolled_stem": "int",
    "age": "int",
    "baseline_gpa": "float",
    "female": "int",
    "first_generation": "int",
    "urban": "int",
    "prior_stem_course": "int",
}
"""Columns of the sample's comparison table and their kinds (open columns)."""

FLOAT_DECIMALS = {
    "duration_minutes": 0,
    "response": 0,
    "score": 1,
    "max_score": 0,
    "amount": 2,
    "baseline_gpa": 2,
}
"""Decimals written for each float column, so that the bytes are stable."""

_EPOCH = date(1970, 1, 1)
_DAYS_PER_MONTH = 30.44

_REGIONS = ("north", "central", "south")
_REGION_SHARES = (0.3, 0.4, 0.3)
_URBANICITIES = ("urban", "suburban", "rural")
_URBANICITY_SHARES = {
    "north": (0.30, 0.40, 0.30),
    "central": (0.60, 0.30, 0.10),
    "south": (0.25, 0.35, 0.40),
}
_GENDERS = ("female", "male", "nonbinary", "")
_GENDER_SHARES = {"mentee": (0.54, 0.42, 0.03, 0.01), "mentor": (0.45, 0.53, 0.02, 0.0)}
_RACES = (
    "asian",
    "black",
    "hispanic or latino",
    "white",
    "multiracial",
    "american indian or alaska native",
    "",
)
_RACE_SHARES = (0.14, 0.17, 0.24, 0.34, 0.06, 0.02, 0.03)
_FIELDS = (
    "biology",
    "chemistry",
    "computer science",
    "engineering",
    "environmental science",
    "health sciences",
    "mathematics",
    "physics",
)
_INTERESTS = (
    "artificial intelligence",
    "astronomy",
    "biotechnology",
    "climate",
    "cybersecurity",
    "data science",
    "lab research",
    "medicine",
    "renewable energy",
    "robotics",
    "science outreach",
    "software development",
)
_MENTEE_GOALS = (
    "apply to graduate school",
    "build a portfolio",
    "find an internship",
    "get a STEM job",
    "grow my professional network",
    "improve coding skills",
    "present research",
)
_MENTOR_GOALS = (
    "develop leadership skills",
    "give back to the field",
    "grow my professional network",
    "recruit future colleagues",
    "stay current with students",
)
_STYLES = ("casual", "direct", "reflective", "structured")
_WITHDRAWAL_REASONS = (
    "family reasons",
    "health reasons",
    "lost interest",
    "moved away",
    "schedule conflicts",
    "took a full-time job",
)
_CLOSURE_REASONS = ("poor fit", "scheduling conflicts", "mentor changed jobs")
_SESSION_KINDS = ("one-to-one", "group", "workshop")
_SESSION_KIND_SHARES = (0.75, 0.15, 0.10)
_DURATIONS = (30.0, 45.0, 60.0, 75.0, 90.0)
_DURATION_SHARES = (0.15, 0.30, 0.35, 0.12, 0.08)
_CHANNELS = ("call", "chat", "email", "in person", "video")
_CHANNEL_SHARES = (0.15, 0.25, 0.30, 0.10, 0.20)
_EVENT_KINDS = ("hackathon", "lab tour", "networking", "panel", "social", "workshop")
_COST_BASE = {
    "staff": 18000.0,
    "events": 2400.0,
    "materials": 1100.0,
    "training": 2600.0,
    "evaluation": 3200.0,
}
_SCORE_MEANS = (52.0, 58.0, 48.0, 61.0)


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


def generate_sample_program(
    settings: SampleSettings = SampleSettings(),
) -> dict[str, pd.DataFrame]:
    """Return the sample program's twelve tables, built from ``settings``.

    Parameters
    ----------
    settings : SampleSettings
        What the program looks like; the defaults build the shipped sample.

    Returns
    -------
    dict of str to pandas.DataFrame
        One DataFrame per table of ``evalkit.tables.TABLES``, in that order,
        with that table's columns (the comparison table has
        ``COMPARISON_COLUMNS``).  Dates are datetime64 columns, booleans
        nullable ``boolean``, whole numbers ``Int64``, text ``string``;
        blanks are missing values.  Rows are in a stable sorted order and
        carry the injected duplicate rows.

    Raises
    ------
    TypeError
        If ``settings`` is not a ``SampleSettings``.
    """
    if not isinstance(settings, SampleSettings):
        raise TypeError(
            f"settings: expected a SampleSettings, received {type(settings).__name__}"
        )

    rng = np.random.default_rng(settings.seed)
    as_of = _day(date.fromisoformat(settings.as_of))

    people = _people(settings, rng)
    profiles = _profiles(people, rng)
    pairs = _pairs(settings, people, profiles, rng)
    _set_exits(settings, people, pairs, as_of, rng)
    sessions, attendance = _sessions(settings, people, pairs, as_of, rng)
    contacts = _contacts(pairs, attendance, as_of, rng)
    surveys = _surveys(settings, people, pairs, attendance, as_of, rng)
    assessments = _assessments(settings, people, attendance, rng)
    followups = _followups(settings, people, attendance, as_of, rng)
    comparison = _comparison(settings, people, rng)
    feedback = _feedback(settings, people, profiles, rng)
    events = _events(settings, as_of, rng)
    costs = _costs(settings, as_of, rng)

    tables = {
        "participants": _participants_table(people),
        "profiles": profiles[
            ["participant_id", "interests", "goals", "communication_style", "field"]
        ],
        "matches": _matches_table(pairs),
        "sessions": sessions,
        "contacts": contacts,
        "surveys": surveys,
        "assessments": assessments,
        "followups": followups,
        "comparison": comparison,
        "feedback": feedback,
        "events": events,
        "costs": costs,
    }
    duplicates = dict(settings.duplicate_rows)
    return {
        name: _finished(name, tables[name], duplicates.get(name, 0), rng)
        for name in TABLES
    }


def write_sample_program(
    directory: str | Path,
    settings: SampleSettings = SampleSettings(),
) -> list[Path]:
    """Write the sample program as one CSV file per table and return the paths.

    Parameters
    ----------
    directory : str or pathlib.Path
        Folder to write into; created if missing.  Existing files of the same
        names are replaced.
    settings : SampleSettings
        What the program looks like; the defaults build the shipped sample.

    Returns
    -------
    list of pathlib.Path
        The files written, ``<table>.csv``, in the order of
        ``evalkit.tables.TABLES``.

    Notes
    -----
    Files are UTF-8 with ``\\n`` line ends; dates are ISO (YYYY-MM-DD),
    booleans ``true``/``false``, floats carry the decimals in
    ``FLOAT_DECIMALS`` and blanks are empty cells.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(
            f"directory: expected a folder, received the file {str(directory)!r}"
        )

    tables = generate_sample_program(settings)
    directory.mkdir(parents=True, exist_ok=True)

    paths = []
    for name, frame in tables.items():
        path = directory / f"{name}.csv"
        text = _formatted(name, frame).to_csv(index=False, lineterminator="\n")
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def column_kinds(table: str) -> dict[str, str]:
    """Return the sample's columns of ``table`` and their kinds, in order."""
    if table == "comparison":
        return dict(COMPARISON_COLUMNS)
    return {column.name: column.kind for column in TABLES[table].columns}


# ---------------------------------------------------------------------------
# People, profiles and pairs


def _people(settings: SampleSettings, rng: np.random.Generator) -> pd.DataFrame:
    """Return mentees and mentors with demographics and hidden attributes."""
    frames = []
    for role, total in (("mentee", settings.n_mentees), ("mentor", settings.n_mentors)):
        per_cohort = _split(total, len(settings.cohorts))
        for cohort, n in zip(settings.cohorts, per_cohort, strict=True):
            start = _day(date(int(cohort), 1, 6))
            window = (0, 36) if role == "mentor" else (7, 71)
            region = _draw(rng, _REGIONS, _REGION_SHARES, n)
            frame = pd.DataFrame(
                {
                    "role": role,
                    "cohort": cohort,
                    "enrolled": start + rng.integers(*window, size=n),
                    "region": region,
                    "urbanicity": [
                        _draw(rng, _URBANICITIES, _URBANICITY_SHARES[r], 1)[0]
                        for r in region
                    ],
                    "gender": _draw(rng, _GENDERS, _GENDER_SHARES[role], n),
                    "race_ethnicity": _draw(rng, _RACES, _RACE_SHARES, n),
                    "first_generation": rng.random(n)
                    < (0.42 if role == "mentee" else 0.25),
                    "age": np.clip(np.round(rng.normal(22.0, 2.6, n)), 18, 34),
                    "gpa": np.clip(rng.normal(3.16, 0.44, n), 1.6, 4.0),
                    "prior_stem": rng.random(n) < 0.62,
                    "tiebreak": rng.random(n),
                }
            )
            frames.append(frame.sort_values(["enrolled", "tiebreak"], kind="stable"))

    people = pd.concat(frames, ignore_index=True)
    prefix = people["role"].map({"mentee": "M", "mentor": "R"})
    number = people.groupby("role", sort=True).cumcount() + 1
    people["participant_id"] = prefix + number.map("{:04d}".format)
    people["status"] = "active"
    people["exit"] = np.nan
    people["exit_reason"] = ""
    return people.drop(columns="tiebreak").set_index("participant_id", drop=False)


def _profiles(people: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Return each person's interests, goals, style and field."""
    rows = []
    for person in people.itertuples(index=False):
        n_interests = int(rng.integers(2, 5))
        interests = sorted(rng.choice(_INTERESTS, size=n_interests, replace=False))
        pool = _MENTEE_GOALS if person.role == "mentee" else _MENTOR_GOALS
        goals = sorted(rng.choice(pool, size=int(rng.integers(1, 4)), replace=False))
        rows.append(
            {
                "participant_id": person.participant_id,
                "interests": LIST_SEPARATOR.join(str(i) for i in interests),
                "goals": LIST_SEPARATOR.join(str(g) for g in goals),
                "communication_style": str(rng.choice(_STYLES)),
                "field": str(rng.choice(_FIELDS)),
            }
        )
    return pd.DataFrame(rows).set_index("participant_id", drop=False)


def _compatibility(mentee: pd.Series, mentor: pd.Series) -> float:
    """Return a 0-1 compatibility: interest overlap, same field, same style."""
    a = set(mentee["interests"].split(LIST_SEPARATOR))
    b = set(mentor["interests"].split(LIST_SEPARATOR))
    overlap = len(a & b) / len(a | b)
    same_field = float(mentee["field"] == mentor["field"])
    same_style = float(mentee["communication_style"] == mentor["communication_style"])
    return 0.5 * overlap + 0.25 * same_field + 0.25 * same_style


def _pairs(
    settings: SampleSettings,
    people: pd.DataFrame,
    profiles: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return the mentor-mentee pairs, each mentor taking 1-3 mentees."""
    rows = []
    for cohort in settings.cohorts:
        in_cohort = people["cohort"] == cohort
        mentees = people.index[in_cohort & (people["role"] == "mentee")].tolist()
        mentors = people.index[in_cohort & (people["role"] == "mentor")].tolist()
        n_unmatched = round(settings.unmatched_share * len(mentees))
        unmatched = set(rng.choice(mentees, size=n_unmatched, replace=False).tolist())
        matched = [m for m in mentees if m not in unmatched]
        n_matched = len(matched)
        n_mentors = min(len(mentors), n_matched)
        mentors = sorted(rng.choice(mentors, size=n_mentors, replace=False).tolist())

        capacity = np.ones(n_mentors, dtype=int)
        while capacity.sum() < n_matched:
            open_slots = np.flatnonzero(capacity < 3)
            capacity[rng.choice(open_slots)] += 1

        compat = np.array(
            [
                [_compatibility(profiles.loc[e], profiles.loc[r]) for r in mentors]
                for e in matched
            ]
        )
        for i in rng.permutation(n_matched):
            available = np.flatnonzero(capacity > 0)
            if rng.random() < 0.55:
                j = available[np.argmax(compat[i, available])]
            else:
                j = rng.choice(available)
            capacity[j] -= 1
            mentee, mentor = matched[i], mentors[j]
            start = max(people.at[mentee, "enrolled"], people.at[mentor, "enrolled"])
            matched_on = start + int(rng.integers(7, 29))
            rows.append(
                {
                    "mentee_id": mentee,
                    "mentor_id": mentor,
                    "cohort": cohort,
                    "compatibility": compat[i, j],
                    "matched": matched_on,
                    "planned_end": matched_on
                    + 7 * settings.program_weeks
                    + int(rng.integers(0, 15)),
                }
            )

    pairs = pd.DataFrame(rows).sort_values("mentee_id", kind="stable")
    pairs["match_id"] = [f"P{i:04d}" for i in range(1, len(pairs) + 1)]
    pairs["ended"] = np.nan
    pairs["end_reason"] = ""
    return pairs.set_index("mentee_id", drop=False)


def _set_exits(
    settings: SampleSettings,
    people: pd.DataFrame,
    pairs: pd.DataFrame,
    as_of: int,
    rng: np.random.Generator,
) -> None:
    """Fill statuses, exits and pair endings in place."""
    program_days = 7 * settings.program_weeks
    mentees = people.index[people["role"] == "mentee"]

    for cohort in settings.cohorts:
        in_cohort = mentees[people.loc[mentees, "cohort"] == cohort]
        unmatched = [m for m in in_cohort if m not in pairs.index]
        for mentee in unmatched:
            people.at[mentee, "status"] = "withdrawn"
            people.at[mentee, "exit"] = people.at[mentee, "enrolled"] + int(
                rng.integers(30, 91)
            )
            people.at[mentee, "exit_reason"] = "no suitable mentor found"

        n_withdrawn = round(settings.withdrawal_rate * len(in_cohort)) - len(unmatched)
        matched = [m for m in in_cohort if m in pairs.index]
        weight = 1.6 - pairs.loc[matched, "compatibility"].to_numpy()
        for mentee in _weighted_choice(rng, matched, weight, max(n_withdrawn, 0)):
            start = pairs.at[mentee, "matched"]
            last = min(start + int(0.8 * program_days), as_of - 1)
            people.at[mentee, "status"] = "withdrawn"
            people.at[mentee, "exit"] = start + int(rng.integers(21, last - start + 1))
            people.at[mentee, "exit_reason"] = str(rng.choice(_WITHDRAWAL_REASONS))

    for mentee in pairs.index:
        if people.at[mentee, "status"] == "withdrawn":
            pairs.at[mentee, "ended"] = people.at[mentee, "exit"]
            pairs.at[mentee, "end_reason"] = "mentee withdrew"
        elif pairs.at[mentee, "planned_end"] <= as_of:
            people.at[mentee, "status"] = "completed"
            people.at[mentee, "exit"] = pairs.at[mentee, "planned_end"]
            pairs.at[mentee, "ended"] = pairs.at[mentee, "planned_end"]
            pairs.at[mentee, "end_reason"] = "program completed"

    mentors = sorted(set(pairs["mentor_id"]))
    n_leaving = round(settings.mentor_withdrawal_rate * len(mentors))
    for mentor in sorted(rng.choice(mentors, size=n_leaving, replace=False).tolist()):
        own = pairs.index[pairs["mentor_id"] == mentor]
        first = int(pairs.loc[own, "matched"].max()) + 30
        last = min(first + 120, as_of - 1)
        leaves = first + int(rng.integers(0, last - first + 1))
        people.at[mentor, "status"] = "withdrawn"
        people.at[mentor, "exit"] = leaves
        people.at[mentor, "exit_reason"] = str(rng.choice(_WITHDRAWAL_REASONS))
        for mentee in own:
            ended = pairs.at[mentee, "ended"]
            if np.isnan(ended) or leaves < ended:
                pairs.at[mentee, "ended"] = leaves
                pairs.at[mentee, "end_reason"] = "mentor withdrew"

    intact = pairs.index[pairs["end_reason"].isin(["", "program completed"])].tolist()
    n_closed = round(settings.early_closure_rate * len(pairs))
    weight = 1.4 - pairs.loc[intact, "compatibility"].to_numpy()
    for mentee in _weighted_choice(rng, intact, weight, n_closed):
        start = pairs.at[mentee, "matched"]
        last = min(start + int(0.6 * program_days), as_of - 1)
        pairs.at[mentee, "ended"] = start + int(rng.integers(30, last - start + 1))
        pairs.at[mentee, "end_reason"] = str(rng.choice(_CLOSURE_REASONS))

    for mentor in mentors:
        if people.at[mentor, "status"] == "withdrawn":
            continue
        ended = pairs.loc[pairs["mentor_id"] == mentor, "ended"]
        if ended.notna().all():
            people.at[mentor, "status"] = "completed"
            people.at[mentor, "exit"] = ended.max()
    idle = people.index[(people["role"] == "mentor") & ~people.index.isin(mentors)]
    for mentor in idle:
        people.at[mentor, "status"] = "withdrawn"
        people.at[mentor, "exit"] = people.at[mentor, "enrolled"] + 60
        people.at[mentor, "exit_reason"] = "no mentee to match"


# ---------------------------------------------------------------------------
# Activity: sessions and contacts


def _sessions(
    settings: SampleSettings,
    people: pd.DataFrame,
    pairs: pd.DataFrame,
    as_of: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.Series]:
    """Return the sessions table and each matched mentee's attendance rate."""
    fewest, most = settings.sessions_per_match
    scheduled = {}
    for pair in pairs.itertuples(index=False):
        n_planned = int(rng.integers(fewest, most + 1))
        span = pair.planned_end - pair.matched
        offsets = (np.arange(n_planned) + 0.5) * span / n_planned
        jitter = rng.integers(-3, 4, size=n_planned)
        days = pair.matched + np.round(offsets).astype(int) + jitter
        stop = as_of if np.isnan(pair.ended) else min(int(pair.ended), as_of)
        scheduled[pair.mentee_id] = (
            days[days <= stop] if (days <= stop).any() else days[:1]
        )

    mentees = list(scheduled)
    weight = np.exp(1.5 * pairs.loc[mentees, "compatibility"].to_numpy())
    weight *= np.where(people.loc[mentees, "status"] == "withdrawn", 0.35, 1.0)
    weight *= np.where(pairs.loc[mentees, "end_reason"].isin(_CLOSURE_REASONS), 0.6, 1)
    n_engaged = round(settings.engaged_share * len(mentees))
    engaged = set(_weighted_choice(rng, mentees, weight, n_engaged))

    rows = []
    attendance = {}
    threshold = settings.engagement_threshold
    for mentee in mentees:
        days = scheduled[mentee]
        n = len(days)
        least_engaged = math.ceil(threshold * n)
        if mentee in engaged:
            wanted = round(rng.uniform(threshold, 1.0) * n)
            attended_count = int(np.clip(wanted, least_engaged, n))
        else:
            wanted = round(rng.uniform(0.3, threshold - 0.03) * n)
            attended_count = int(np.clip(wanted, 0, max(least_engaged - 1, 0)))
        attended = np.zeros(n, dtype=bool)
        attended[rng.choice(n, size=attended_count, replace=False)] = True
        attendance[mentee] = attended_count / n
        kinds = _draw(rng, _SESSION_KINDS, _SESSION_KIND_SHARES, n)
        minutes = _draw(rng, _DURATIONS, _DURATION_SHARES, n)
        for k in range(n):
            rows.append(
                {
                    "match_id": pairs.at[mentee, "match_id"],
                    "participant_id": mentee,
                    "date": int(days[k]),
                    "attended": bool(attended[k]),
                    "duration_minutes": float(minutes[k]) if attended[k] else np.nan,
                    "kind": str(kinds[k]),
                }
            )

    return pd.DataFrame(rows), pd.Series(attendance, dtype=float)


def _contacts(
    pairs: pd.DataFrame,
    attendance: pd.Series,
    as_of: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return a few logged contacts per month for each pair while it runs."""
    rows = []
    for pair in pairs.itertuples(index=False):
        stop = as_of if np.isnan(pair.ended) else int(pair.ended)
        per_month = 1.0 + 3.0 * attendance[pair.mentee_id]
        month_start = pair.matched
        while month_start < stop:
            width = min(month_start + 30, stop + 1) - month_start
            count = min(int(rng.poisson(per_month)), width)
            days = month_start + np.sort(rng.choice(width, size=count, replace=False))
            channels = _draw(rng, _CHANNELS, _CHANNEL_SHARES, count)
            for day, channel in zip(days, channels, strict=True):
                rows.append(
                    {"match_id": pair.match_id, "date": int(day), "channel": channel}
                )
            month_start += 30
    return pd.DataFrame(rows, columns=["match_id", "date", "channel"])


# ---------------------------------------------------------------------------
# Surveys and assessments


def _surveys(
    settings: SampleSettings,
    people: pd.DataFrame,
    pairs: pd.DataFrame,
    attendance: pd.Series,
    as_of: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return survey answers in long form: one row per person, wave and item."""
    half = 7 * settings.program_weeks // 2
    fit = pairs.groupby("mentor_id")["compatibility"].mean()
    fit = pd.concat([fit, pairs["compatibility"]])
    effort = attendance.reindex(people.index)
    mentor_effort = pairs.assign(rate=attendance).groupby("mentor_id")["rate"].mean()
    effort = effort.fillna(mentor_effort.reindex(people.index))

    invited = []
    for person in people.itertuples(index=False):
        pid = person.participant_id
        if pid not in fit.index:
            continue
        own = pairs[
            pairs["mentor_id" if person.role == "mentor" else "mentee_id"] == pid
        ]
        midpoint = int(own["matched"].min()) + half
        still_in = as_of if np.isnan(person.exit) else int(person.exit)
        if midpoint <= still_in:
            invited.append((pid, person.role, "midpoint"))
        if person.status == "completed":
            invited.append((pid, person.role, "exit"))

    answered = []
    for role in ("mentee", "mentor"):
        for wave in ("midpoint", "exit"):
            group = [pid for pid, r, w in invited if r == role and w == wave]
            weight = 0.5 + effort.loc[group].to_numpy()
            count = round(settings.survey_response_rate * len(group))
            answered += [
                (p, role, wave) for p in _weighted_choice(rng, group, weight, count)
            ]
    answered.sort()

    rows = []
    for pid, role, wave in answered:
        items = [i for i in SURVEY_ITEMS if role == "mentee" or i != "mentor_support"]
        skipped = rng.random(len(items)) < settings.item_skip_rate
        if skipped.all():
            skipped[0] = False
        for item, skip in zip(items, skipped, strict=True):
            if not skip:
                rows.append(
                    {"participant_id": pid, "role": role, "wave": wave, "item": item}
                )
    answers = pd.DataFrame(rows)

    answers["latent"] = (
        2.0 * fit.loc[answers["participant_id"]].to_numpy()
        + 0.8 * effort.loc[answers["participant_id"]].to_numpy()
        + rng.normal(0.0, 1.1, len(answers))
    )
    answers["response"] = np.nan
    shares = {
        "overall_satisfaction": (0.02, 0.05, 0.14, 0.41, 0.38),
        "would_recommend": (0.03, 0.05, 0.12, 0.35, 0.45),
        "mentor_support": (0.03, 0.06, 0.13, 0.38, 0.40),
    }
    satisfied = {
        "mentee": settings.mentee_satisfied_share,
        "mentor": settings.mentor_satisfied_share,
    }
    for item in SURVEY_ITEMS:
        for role in ("mentee", "mentor"):
            if item == "match_satisfaction":
                high = satisfied[role]
                item_shares = (
                    0.1 * (1 - high),
                    0.3 * (1 - high),
                    0.6 * (1 - high),
                    0.5 * high,
                    0.5 * high,
                )
            else:
                item_shares = shares[item]
            where = (answers["item"] == item) & (answers["role"] == role)
            if where.any():
                answers.loc[where, "response"] = _ranked_values(
                    answers.loc[where, "latent"].to_numpy(), item_shares
                )
    return answers[["participant_id", "wave", "item", "response"]]


def _assessments(
    settings: SampleSettings,
    people: pd.DataFrame,
    attendance: pd.Series,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return pre scores for every mentee and post scores for most completers."""
    mentees = people[people["role"] == "mentee"]
    completers = mentees.index[mentees["status"] == "completed"].tolist()
    n_missing = round(settings.post_score_missing_rate * len(completers))
    missing = set(rng.choice(completers, size=n_missing, replace=False).tolist())
    assessed = [p for p in completers if p not in missing]
    effort = attendance.reindex(assessed).fillna(0.5).to_numpy()
    top = settings.max_score

    rows = []
    gains = dict(settings.competency_gains)
    for competency, mean in zip(COMPETENCIES, _SCORE_MEANS, strict=True):
        scale = top / 100.0
        pre = np.clip(
            rng.normal(mean, 10.0, len(mentees)) * scale, 0.15 * top, 0.95 * top
        )
        pre = np.round(pre, 1)
        pre_by_id = pd.Series(pre, index=mentees.index)
        paired_pre = pre_by_id.loc[assessed].to_numpy()

        change = gains[competency] + 0.15 * (effort - 0.75)
        change += rng.normal(0.0, 0.07, len(assessed))
        post = paired_pre * (1.0 + change)
        target = (1.0 + gains[competency]) * paired_pre.mean()
        for _ in range(4):
            post = np.clip(post + target - np.clip(post, 0, top).mean(), 0, top)
        post = np.round(post, 1)

        for pid, score in pre_by_id.items():
            rows.append((pid, competency, "pre", score))
        for pid, score in zip(assessed, post, strict=True):
            rows.append((pid, competency, "post", score))

    frame = pd.DataFrame(
        rows, columns=["participant_id", "competency", "wave", "score"]
    )
    frame["max_score"] = float(top)
    return frame


# ---------------------------------------------------------------------------
# Outcomes


def _followups(
    settings: SampleSettings,
    people: pd.DataFrame,
    attendance: pd.Series,
    as_of: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return 6- and 12-month contacts of completers whose contact is due."""
    completers = people[
        (people["role"] == "mentee") & (people["status"] == "completed")
    ]
    drive = pd.Series(rng.normal(0.0, 1.0, len(completers)), index=completers.index)

    frames = []
    for months in (6, 12):
        due = completers.index[
            completers["exit"] + months * _DAYS_PER_MONTH <= as_of
        ].tolist()
        if not due:
            continue
        weight = 0.5 + attendance.reindex(due).fillna(0.5).to_numpy()
        count = round(settings.followup_response_rate * len(due))
        responders = set(_weighted_choice(rng, due, weight, count))
        frame = pd.DataFrame({"participant_id": due, "months_after_exit": months})
        frame["responded"] = frame["participant_id"].isin(responders)
        n = len(frame)
        push = drive.loc[due].to_numpy() + 0.1 * (months == 12)
        frame["stem_job"] = rng.random(n) < _logistic(-0.4 + 0.6 * push)
        frame["continued_education"] = rng.random(n) < _logistic(-0.8 + 0.3 * push)
        frame["advanced"] = rng.random(n) < _logistic(-1.3 + 0.6 * push)
        frame["goal_met"] = False
        answered = frame["responded"].to_numpy()
        latent = (
            frame["stem_job"].to_numpy()
            + frame["continued_education"].to_numpy()
            + 0.5 * frame["advanced"].to_numpy()
            + rng.normal(0.0, 0.8, n)
        )
        met = _ranked_values(
            latent[answered], (1 - settings.goal_met_share, settings.goal_met_share)
        )
        frame.loc[answered, "goal_met"] = met == 2
        frames.append(frame)

    columns = ["stem_job", "continued_education", "advanced", "goal_met"]
    frame = pd.concat(frames, ignore_index=True)
    for column in ["responded", *columns]:
        frame[column] = frame[column].astype("boolean")
    frame.loc[~frame["responded"], columns] = pd.NA
    return frame


def _comparison(
    settings: SampleSettings,
    people: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return mentored and comparison people with covariates and outcomes."""
    mentees = people[people["role"] == "mentee"]
    mentored = pd.DataFrame(
        {
            "person_id": mentees.index,
            "group": "mentored",
            "cohort": mentees["cohort"].to_numpy(),
            "age": mentees["age"].to_numpy(),
            "baseline_gpa": np.round(mentees["gpa"].to_numpy(), 2),
            "female": (mentees["gender"] == "female").to_numpy(),
            "first_generation": mentees["first_generation"].to_numpy(),
            "urban": (mentees["urbanicity"] == "urban").to_numpy(),
            "prior_stem_course": mentees["prior_stem"].to_numpy(),
            "completed": (mentees["status"] == "completed").to_numpy(),
            "withdrew": (mentees["status"] == "withdrawn").to_numpy(),
        }
    )

    n = settings.n_comparison
    cohorts = np.array(settings.cohorts)[
        np.minimum(np.arange(n) * len(settings.cohorts) // n, len(settings.cohorts) - 1)
    ]
    urban_share = float(mentored["urban"].mean()) - 0.04
    comparison = pd.DataFrame(
        {
            "person_id": [f"C{i:04d}" for i in range(1, n + 1)],
            "group": "comparison",
            "cohort": cohorts,
            "age": np.clip(np.round(rng.normal(22.3, 2.8, n)), 18, 34),
            "baseline_gpa": np.round(np.clip(rng.normal(3.08, 0.46, n), 1.6, 4.0), 2),
            "female": rng.random(n) < 0.49,
            "first_generation": rng.random(n) < 0.38,
            "urban": rng.random(n) < urban_share,
            "prior_stem_course": rng.random(n) < 0.56,
            "completed": False,
            "withdrew": False,
        }
    )

    shares = {
        "mentored": (
            settings.mentored_followed_up_share,
            settings.promotion_rates[0],
            settings.enrollment_rates[0],
        ),
        "comparison": (
            settings.comparison_followed_up_share,
            settings.promotion_rates[1],
            settings.enrollment_rates[1],
        ),
    }
    frames = []
    for frame in (mentored, comparison):
        followed_share, promoted_share, enrolled_share = shares[frame["group"].iat[0]]
        gpa = (frame["baseline_gpa"].to_numpy() - 3.1) / 0.45
        prior = frame["prior_stem_course"].to_numpy().astype(float)
        first_gen = frame["first_generation"].to_numpy().astype(float)
        urban = frame["urban"].to_numpy().astype(float)
        ids = frame["person_id"].tolist()

        keep = np.where(frame["withdrew"], 0.5, 1.0) * np.exp(0.2 * gpa)
        followed = set(
            _weighted_choice(rng, ids, keep, round(followed_share * len(ids)))
        )
        frame["followed_up"] = frame["person_id"].isin(followed)
        seen = frame.index[frame["followed_up"]]
        seen_ids = frame.loc[seen, "person_id"].tolist()

        lift = np.where(frame["completed"], 0.3, 0.0)
        promote = np.exp(0.5 * gpa + 0.3 * urban - 0.2 * first_gen + lift)[seen]
        enrol = np.exp(0.4 * gpa + 0.8 * prior - 0.15 * first_gen + lift)[seen]
        promoted = set(
            _weighted_choice(rng, seen_ids, promote, round(promoted_share * len(seen)))
        )
        enrolled = set(
            _weighted_choice(rng, seen_ids, enrol, round(enrolled_share * len(seen)))
        )
        frame["promoted"] = frame["person_id"].isin(promoted).astype("Int64")
        frame["enrolled_stem"] = frame["person_id"].isin(enrolled).astype("Int64")
        frame.loc[~frame["followed_up"], ["promoted", "enrolled_stem"]] = pd.NA
        frames.append(frame)

    table = pd.concat(frames, ignore_index=True)
    for column in ("female", "first_generation", "urban", "prior_stem_course", "age"):
        table[column] = table[column].astype("int64").astype("Int64")
    table["followed_up"] = table["followed_up"].astype("boolean")
    return table[list(COMPARISON_COLUMNS)]


# ---------------------------------------------------------------------------
# Feedback, events and costs

_MENTEE_PRAISE = (
    "Meeting every other week kept me on track with my goals.",
    "My mentor was flexible about when we met, so I never fell behind.",
    "The advice on internship applications was the most useful part.",
    "Talking through careers in {field} showed me options I had not considered.",
    "I feel much more confident speaking up in lab meetings now.",
    "For the first time I feel like I belong in {field}.",
    "My mentor walked me through debugging my code step by step.",
    "Getting help with the statistics for my project saved me weeks.",
    "Quick replies over chat made it easy to ask small questions.",
    "My mentor always explained things clearly and listened well.",
)
_MENTEE_COMPLAINTS = (
    "It was hard to find meeting times that worked for both of us.",
    "Several sessions were cancelled at the last minute.",
    "I wanted more concrete career advice and less general talk.",
    "Nobody helped me understand what jobs in {field} actually look like.",
    "Some sessions left me feeling less sure of myself than before.",
    "I still do not feel confident applying for research positions.",
    "We rarely had time for hands-on technical help.",
    "The workshops were too basic for the technical problems I had.",
    "Emails often went unanswered for a week or more.",
    "Communication was confusing because plans changed without notice.",
)
_MENTOR_PRAISE = (
    "The training before matching prepared me well for the first meetings.",
    "Seeing my mentee gain confidence over the year was rewarding.",
    "The coordinators made scheduling easy with shared calendars.",
    "Helping with career questions reminded me why I chose {field}.",
)
_MENTOR_COMPLAINTS = (
    "Scheduling around my work hours was difficult.",
    "I would like more guidance on giving technical help without doing the work.",
    "Communication from the program office came too late to plan around.",
    "I was not sure how much career advice was expected of me.",
)
_PERSONAL_DETAILS = (
    "Honestly my mentor Priya was the reason I stayed in the program.",
    "Marcus, my mentor, helped me more than any class did.",
    "If you want to hear more, write to me at jordan.reyes@example.org.",
    "Happy to talk about it, email sam.okafor@example.org anytime.",
    "You can call me at (555) 555-0142 if you have questions.",
    "My number is 555-0187 if the program wants a testimonial.",
)


def _feedback(
    settings: SampleSettings,
    people: pd.DataFrame,
    profiles: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return open-ended answers built from templated sentences."""
    if settings.n_feedback == 0:
        return pd.DataFrame(columns=["participant_id", "question", "text"])

    n_questions = len(FEEDBACK_QUESTIONS)
    slot_people = np.repeat(people.index.to_numpy(), n_questions)
    slot_questions = np.tile(np.arange(n_questions), len(people))
    chooser = np.where(people["role"].to_numpy() == "mentee", 3.0, 1.0)
    chooser = np.repeat(chooser, n_questions)
    slots = np.sort(
        rng.choice(
            len(slot_people),
            size=settings.n_feedback,
            replace=False,
            p=chooser / chooser.sum(),
        )
    )
    authors = slot_people[slots]
    questions = slot_questions[slots]
    by_mentees = np.flatnonzero(people.loc[authors, "role"].to_numpy() == "mentee")
    n_personal = min(len(_PERSONAL_DETAILS), len(by_mentees))
    personal_rows = rng.choice(by_mentees, size=n_personal, replace=False).tolist()
    mentee_personal = 0

    rows = []
    for k, pid in enumerate(authors):
        mentee = people.at[pid, "role"] == "mentee"
        question = FEEDBACK_QUESTIONS[questions[k]]
        praise = _MENTEE_PRAISE if mentee else _MENTOR_PRAISE
        complaints = _MENTEE_COMPLAINTS if mentee else _MENTOR_COMPLAINTS
        if question == FEEDBACK_QUESTIONS[0]:
            pool = praise
        elif question == FEEDBACK_QUESTIONS[1]:
            pool = complaints
        else:
            pool = praise + complaints
        count = int(rng.integers(1, 3))
        picks = rng.choice(len(pool), size=count, replace=False)
        sentences = [pool[i].format(field=profiles.at[pid, "field"]) for i in picks]
        if k in personal_rows:
            sentences.append(_PERSONAL_DETAILS[mentee_personal])
            mentee_personal += 1
        rows.append(
            {"participant_id": pid, "question": question, "text": " ".join(sentences)}
        )
    return pd.DataFrame(rows)


def _events(
    settings: SampleSettings, as_of: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Return community events spread over each cohort's program year."""
    rows = []
    per_cohort = _split(settings.n_events, len(settings.cohorts))
    for cohort, n in zip(settings.cohorts, per_cohort, strict=True):
        first = _day(date(int(cohort), 2, 1))
        last = min(first + 7 * settings.program_weeks + 30, as_of)
        days = np.sort(rng.integers(first, last + 1, size=n))
        for day in days:
            rows.append(
                {
                    "date": int(day),
                    "attendees": int(8 + rng.poisson(24)),
                    "organized_by_mentee": bool(rng.random() < 0.3),
                    "kind": str(rng.choice(_EVENT_KINDS)),
                    "cohort": cohort,
                }
            )
    columns = ["date", "attendees", "organized_by_mentee", "kind", "cohort"]
    frame = pd.DataFrame(rows, columns=columns)
    order = np.lexsort((frame["cohort"].to_numpy(), frame["date"].to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "event_id", [f"E{i:04d}" for i in range(1, len(frame) + 1)])
    return frame


def _costs(
    settings: SampleSettings, as_of: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Return quarterly cost lines by category for each cohort."""
    scale = settings.n_mentees / len(settings.cohorts) / 200.0
    rows = []
    for cohort in settings.cohorts:
        year = int(cohort)
        for quarter in range(1, 5):
            if _day(date(year, 3 * quarter - 2, 1)) > as_of:
                continue
            for category, base in _COST_BASE.items():
                if category == "training" and quarter > 2:
                    continue
                if category == "evaluation" and quarter not in (2, 4):
                    continue
                amount = base * scale * rng.uniform(0.85, 1.15)
                rows.append(
                    {
                        "category": category,
                        "amount": round(amount, 2),
                        "period": f"{year}-Q{quarter}",
                        "cohort": cohort,
                    }
                )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Assembling and writing tables


def _participants_table(people: pd.DataFrame) -> pd.DataFrame:
    """Return the participants table from the people frame."""
    return pd.DataFrame(
        {
            "participant_id": people["participant_id"],
            "role": people["role"],
            "cohort": people["cohort"],
            "enrolled_on": people["enrolled"],
            "status": people["status"],
            "exit_on": people["exit"],
            "exit_reason": people["exit_reason"],
            "region": people["region"],
            "urbanicity": people["urbanicity"],
            "gender": people["gender"],
            "race_ethnicity": people["race_ethnicity"],
            "first_generation": people["first_generation"].astype("boolean"),
        }
    ).reset_index(drop=True)


def _matches_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """Return the matches table from the pairs frame."""
    return pd.DataFrame(
        {
            "match_id": pairs["match_id"],
            "mentee_id": pairs["mentee_id"],
            "mentor_id": pairs["mentor_id"],
            "matched_on": pairs["matched"],
            "ended_on": pairs["ended"],
            "end_reason": pairs["end_reason"],
        }
    ).reset_index(drop=True)


def _finished(
    name: str, frame: pd.DataFrame, n_duplicates: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Return ``frame`` typed by the spec, duplicates added, rows sorted."""
    kinds = column_kinds(name)
    frame = frame[list(kinds)].reset_index(drop=True)

    if n_duplicates:
        rows = rng.choice(len(frame), size=n_duplicates, replace=False)
        frame = pd.concat([frame, frame.iloc[np.sort(rows)]], ignore_index=True)

    for column, kind in kinds.items():
        if kind == "date":
            frame[column] = _dates(frame[column])
        elif kind == "bool":
            frame[column] = frame[column].astype("boolean")
        elif kind == "int":
            frame[column] = frame[column].astype("Int64")
        elif kind == "float":
            frame[column] = frame[column].astype("float64")
        else:
            text = frame[column].astype(object)
            blank = text.isna() | (text == "")
            frame[column] = text.where(~blank, pd.NA).astype("string")

    frame = frame.sort_values(list(kinds), kind="stable", na_position="last")
    return frame.reset_index(drop=True)


def _formatted(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` as text cells in the sample files' fixed formats."""
    cells = {}
    for column, kind in column_kinds(name).items():
        values = frame[column].astype(object).tolist()
        cells[column] = [
            _cell(value, kind, FLOAT_DECIMALS.get(column)) for value in values
        ]
    return pd.DataFrame(cells, dtype=object)


def _cell(value: object, kind: str, decimals: int | None) -> str:
    """Return one value as written in a sample file; blanks are empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "bool":
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))
    if kind == "float":
        if decimals is None:
            raise ValueError(f"no fixed decimals are set for a float value {value!r}")
        return f"{float(value):.{decimals}f}"
    return str(value)


# ---------------------------------------------------------------------------
# Small helpers


def _day(day: date) -> int:
    """Return a date as days since 1970-01-01."""
    return (day - _EPOCH).days


def _dates(days: pd.Series) -> pd.Series:
    """Return days since 1970-01-01 (blank when missing) as a date column."""
    numbers = pd.to_numeric(days, errors="raise").astype("float64")
    out = np.full(len(numbers), np.datetime64("NaT"), dtype="datetime64[s]")
    known = numbers.notna().to_numpy()
    out[known] = numbers.to_numpy()[known].astype("int64").astype("datetime64[D]")
    return pd.Series(out, index=days.index)


def _split(total: int, parts: int) -> list[int]:
    """Return ``total`` split into ``parts`` near-equal whole numbers."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


def _draw(
    rng: np.random.Generator,
    values: tuple,
    shares: tuple[float, ...],
    size: int,
) -> list:
    """Return ``size`` values drawn with the given shares."""
    p = np.asarray(shares, dtype=float)
    picks = rng.choice(len(values), size=size, p=p / p.sum())
    return [values[i] for i in picks]


def _weighted_choice(
    rng: np.random.Generator, items: list, weight: np.ndarray, count: int
) -> list:
    """Return ``count`` of ``items`` drawn without replacement, by weight."""
    if count <= 0 or not items:
        return []
    weight = np.asarray(weight, dtype=float)
    picks = rng.choice(
        len(items), size=min(count, len(items)), replace=False, p=weight / weight.sum()
    )
    return [items[i] for i in np.sort(picks)]


def _ranked_values(latent: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    """Return values 1..k with exact shares, higher values to higher ``latent``.

    Counts are the shares times the number of answers, rounded by largest
    remainder so that they add up.
    """
    n = len(latent)
    raw = np.asarray(shares, dtype=float) / sum(shares) * n
    counts = np.floor(raw).astype(int)
    remainder = raw - counts
    extra = np.argsort(-remainder, kind="stable")[: n - counts.sum()]
    counts[extra] += 1
    values = np.repeat(np.arange(1, len(shares) + 1, dtype=float), counts)
    out = np.empty(n)
    out[np.argsort(latent, kind="stable")] = values
    return out


def _logistic(x: np.ndarray) -> np.ndarray:
    """Return the logistic function of ``x``."""
    return 1.0 / (1.0 + np.exp(-x))


def main(argv: list[str] | None = None) -> int:
    """Rewrite the sample files; the command line of this module."""
    parser = argparse.ArgumentParser(
        prog="python -m evalkit.sample.generator",
        description="Write the sample program's CSV files (one per table).",
    )
    parser.add_argument(
        "directory",
        nargs="?",
        default=str(DATA_DIRECTORY),
        help="folder to write into (default: the package's sample data folder)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="how much to log (default: INFO)",
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=arguments.log_level, format="%(levelname)s %(message)s")

    paths = write_sample_program(arguments.directory)
    for path in paths:
        LOGGER.info("wrote %s (%d bytes)", path, path.stat().st_size)
    LOGGER.info("wrote %d files into %s", len(paths), arguments.directory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The sample's people: mentees and mentors, their profiles and their pairs.

Builds the people (demographics and hidden attributes), their profiles, the
mentor-mentee pairs weighted by compatibility, and who withdraws, completes or
sees a pair close early; then shapes them into the participants and matches
tables.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from evalkit.sample.draws import day_number, draw, split_evenly, weighted_choice
from evalkit.sample.settings import SampleSettings

LIST_SEPARATOR = "; "
"""Separator of the ``list`` cells (interests, goals) in the sample files."""


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
CLOSURE_REASONS = ("poor fit", "scheduling conflicts", "mentor changed jobs")


def people_frame(settings: SampleSettings, rng: np.random.Generator) -> pd.DataFrame:
    """Return mentees and mentors with demographics and hidden attributes."""
    frames = []
    for role, total in (("mentee", settings.n_mentees), ("mentor", settings.n_mentors)):
        per_cohort = split_evenly(total, len(settings.cohorts))
        for cohort, n in zip(settings.cohorts, per_cohort, strict=True):
            start = day_number(date(int(cohort), 1, 6))
            window = (0, 36) if role == "mentor" else (7, 71)
            region = draw(rng, _REGIONS, _REGION_SHARES, n)
            frame = pd.DataFrame(
                {
                    "role": role,
                    "cohort": cohort,
                    "enrolled": start + rng.integers(*window, size=n),
                    "region": region,
                    "urbanicity": [
                        draw(rng, _URBANICITIES, _URBANICITY_SHARES[r], 1)[0]
                        for r in region
                    ],
                    "gender": draw(rng, _GENDERS, _GENDER_SHARES[role], n),
                    "race_ethnicity": draw(rng, _RACES, _RACE_SHARES, n),
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


def profiles_frame(people: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
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


def pairs_frame(
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


def set_exits(
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
        for mentee in weighted_choice(rng, matched, weight, max(n_withdrawn, 0)):
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
    for mentee in weighted_choice(rng, intact, weight, n_closed):
        start = pairs.at[mentee, "matched"]
        last = min(start + int(0.6 * program_days), as_of - 1)
        pairs.at[mentee, "ended"] = start + int(rng.integers(30, last - start + 1))
        pairs.at[mentee, "end_reason"] = str(rng.choice(CLOSURE_REASONS))

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


def participants_table(people: pd.DataFrame) -> pd.DataFrame:
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


def matches_table(pairs: pd.DataFrame) -> pd.DataFrame:
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

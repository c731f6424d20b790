"""What came of the program: competency scores, follow-ups and the comparison.

Pre and post competency assessments of mentees, 6- and 12-month follow-ups of
completers, and the mentored and comparison people of the lift analysis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit.sample.columns import COMPARISON_COLUMNS
from evalkit.sample.draws import logistic, ranked_values, weighted_choice
from evalkit.sample.settings import COMPETENCIES, SampleSettings

_DAYS_PER_MONTH = 30.44
_SCORE_MEANS = (52.0, 58.0, 48.0, 61.0)


def assessments_table(
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


def followups_table(
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
        responders = set(weighted_choice(rng, due, weight, count))
        frame = pd.DataFrame({"participant_id": due, "months_after_exit": months})
        frame["responded"] = frame["participant_id"].isin(responders)
        n = len(frame)
        push = drive.loc[due].to_numpy() + 0.1 * (months == 12)
        frame["stem_job"] = rng.random(n) < logistic(-0.4 + 0.6 * push)
        frame["continued_education"] = rng.random(n) < logistic(-0.8 + 0.3 * push)
        frame["advanced"] = rng.random(n) < logistic(-1.3 + 0.6 * push)
        frame["goal_met"] = False
        answered = frame["responded"].to_numpy()
        latent = (
            frame["stem_job"].to_numpy()
            + frame["continued_education"].to_numpy()
            + 0.5 * frame["advanced"].to_numpy()
            + rng.normal(0.0, 0.8, n)
        )
        met = ranked_values(
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


def comparison_table(
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
            weighted_choice(rng, ids, keep, round(followed_share * len(ids)))
        )
        frame["followed_up"] = frame["person_id"].isin(followed)
        seen = frame.index[frame["followed_up"]]
        seen_ids = frame.loc[seen, "person_id"].tolist()

        lift = np.where(frame["completed"], 0.3, 0.0)
        promote = np.exp(0.5 * gpa + 0.3 * urban - 0.2 * first_gen + lift)[seen]
        enrol = np.exp(0.4 * gpa + 0.8 * prior - 0.15 * first_gen + lift)[seen]
        promoted = set(
            weighted_choice(rng, seen_ids, promote, round(promoted_share * len(seen)))
        )
        enrolled = set(
            weighted_choice(rng, seen_ids, enrol, round(enrolled_share * len(seen)))
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

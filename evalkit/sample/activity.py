"""What each pair did: its mentoring sessions and its logged contacts.

Sessions carry each matched mentee's attendance rate, which the surveys,
contacts, assessments and follow-ups then lean on.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from evalkit.sample.draws import draw, weighted_choice
from evalkit.sample.people import CLOSURE_REASONS
from evalkit.sample.settings import SampleSettings

_SESSION_KINDS = ("one-to-one", "group", "workshop")
_SESSION_KIND_SHARES = (0.75, 0.15, 0.10)
_DURATIONS = (30.0, 45.0, 60.0, 75.0, 90.0)
_DURATION_SHARES = (0.15, 0.30, 0.35, 0.12, 0.08)
_CHANNELS = ("call", "chat", "email", "in person", "video")
_CHANNEL_SHARES = (0.15, 0.25, 0.30, 0.10, 0.20)


def sessions_and_attendance(
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
    weight *= np.where(pairs.loc[mentees, "end_reason"].isin(CLOSURE_REASONS), 0.6, 1)
    n_engaged = round(settings.engaged_share * len(mentees))
    engaged = set(weighted_choice(rng, mentees, weight, n_engaged))

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
        kinds = draw(rng, _SESSION_KINDS, _SESSION_KIND_SHARES, n)
        minutes = draw(rng, _DURATIONS, _DURATION_SHARES, n)
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


def contacts_table(
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
            channels = draw(rng, _CHANNELS, _CHANNEL_SHARES, count)
            for day, channel in zip(days, channels, strict=True):
                rows.append(
                    {"match_id": pair.match_id, "date": int(day), "channel": channel}
                )
            month_start += 30
    return pd.DataFrame(rows, columns=["match_id", "date", "channel"])

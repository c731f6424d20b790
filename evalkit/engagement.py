"""Engagement KPIs: who turns up to their sessions, and how often pairs talk.

Three figures come from here: the engagement rate (the share of mentees whose
own attendance rate reaches the engagement threshold, the scorecard's KPI),
the pooled attendance rate of all sessions (shown beside it), and the median
number of contacts per active match per month.  :func:`mentee_attendance` is
the per-mentee table both rates are built on; the engagement notebook shows
it too.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from evalkit.kpi import Kpi, kpi_from_estimate, no_data_kpi
from evalkit.program import ProgramData
from evalkit.stats.bootstrap import bootstrap_interval
from evalkit.stats.proportions import wilson_interval

STAGE = "engagement"
DAYS_PER_MONTH = 365.25 / 12
ATTENDANCE_COLUMNS = ["participant_id", "scheduled", "attended", "attendance_rate"]

ENGAGEMENT_DEFINITION = (
    "Share of mentees whose own attendance rate (sessions attended divided by "
    "sessions scheduled) is at least {threshold:g}; counted over mentees with at "
    "least one scheduled session."
)
POOLED_DEFINITION = (
    "Sessions attended divided by sessions scheduled, over all mentees' sessions "
    "together."
)
FREQUENCY_DEFINITION = (
    "Median, over matches, of each match's contacts per month while it was "
    "active.  A match is active from the day it was matched to the day it ended, "
    "or to the latest contact in the log when it has not ended; a month is "
    "30.44 days (a year divided by 12), and an active period shorter than one "
    "month counts as one month."
)


def mentee_attendance(
    sessions: pd.DataFrame,
    matches: pd.DataFrame | None = None,
    participants: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return each mentee's scheduled and attended sessions and attendance rate.

    Parameters
    ----------
    sessions : DataFrame
        The sessions table: ``attended`` and ``match_id`` and/or
        ``participant_id``.  A session's mentee is its ``participant_id`` when
        given, else the ``mentee_id`` of its match.
    matches : DataFrame, optional
        The matches table (``match_id``, ``mentee_id``); needed when a session
        is keyed by ``match_id`` alone.
    participants : DataFrame, optional
        The participants table; when given, only people whose ``role`` is
        ``"mentee"`` are kept (so a mentor's own session rows do not count).

    Returns
    -------
    DataFrame
        One row per mentee with at least one scheduled session, sorted by
        ``participant_id``: ``participant_id``, ``scheduled`` (sessions with
        a recorded attendance), ``attended`` and ``attendance_rate``
        (attended / scheduled).

    Raises
    ------
    ValueError
        If ``sessions`` lacks ``attended`` or both key columns, or a session is
        keyed by ``match_id`` alone and ``matches`` is not given.

    Notes
    -----
    A session whose ``attended`` is blank is left out: it cannot be counted
    as attended or missed.  A session whose match is not in ``matches`` is
    left out too.

    Examples
    --------
    >>> sessions = pd.DataFrame(
    ...     {"participant_id": ["M1", "M1", "M2"], "attended": [True, False, True]}
    ... )
    >>> mentee_attendance(sessions)["attendance_rate"].tolist()
    [0.5, 1.0]
    """
    if "attended" not in sessions.columns:
        raise ValueError(
            "sessions: expected an 'attended' column, received columns "
            f"{list(sessions.columns)}"
        )
    if "participant_id" not in sessions.columns and "match_id" not in sessions.columns:
        raise ValueError(
            "sessions: expected a 'match_id' or a 'participant_id' column, "
            f"received columns {list(sessions.columns)}"
        )

    # Each session's mentee: its own participant_id, else its match's mentee.
    person = _column_or_blank(sessions, "participant_id")
    by_match = person.isna() & _column_or_blank(sessions, "match_id").notna()
    if by_match.any():
        if matches is None:
            raise ValueError(
                "matches: expected the matches table to find the mentee of "
                f"{int(by_match.sum())} session(s) keyed by match_id, received None"
            )
        mentee_of = matches.drop_duplicates("match_id").set_index("match_id")
        person = person.where(
            ~by_match, sessions["match_id"].map(mentee_of["mentee_id"])
        )

    attended = sessions["attended"].astype("boolean")
    frame = pd.DataFrame(
        {"participant_id": person.astype("string"), "attended": attended}
    ).dropna()
    if participants is not None:
        mentees = participants.loc[participants["role"] == "mentee", "participant_id"]
        frame = frame[frame["participant_id"].isin(set(mentees))]

    table = (
        frame.groupby("participant_id", sort=True)["attended"]
        .agg(scheduled="size", attended="sum")
        .reset_index()
    )
    table["scheduled"] = table["scheduled"].astype(int)
    table["attended"] = table["attended"].astype(int)
    table["attendance_rate"] = table["attended"] / table["scheduled"]
    return table[ATTENDANCE_COLUMNS]


def engagement_kpis(program: ProgramData) -> list[Kpi]:
    """Return the engagement rate, pooled attendance rate and contact frequency.

    Parameters
    ----------
    program : ProgramData
        The program's tables and params; uses sessions, matches (to find a
        session's mentee and a match's active period), participants (to keep
        mentees only) and contacts.

    Returns
    -------
    list of Kpi
        ``engagement_rate`` (Wilson score interval, target from the params),
        ``pooled_attendance_rate`` (shown; interval from a seeded bootstrap
        over mentees, as sessions of one mentee are not independent) and
        ``communication_frequency`` (shown; seeded percentile bootstrap of the
        median).  Each says "no data" when its tables are absent.
    """
    return [*attendance_kpis(program), communication_frequency_kpi(program)]


def attendance_kpis(program: ProgramData) -> list[Kpi]:
    """Return ``engagement_rate`` and ``pooled_attendance_rate`` of a program.

    The engagement rate is the number of mentees whose attendance rate is at
    least ``settings.engagement_threshold`` out of the mentees with at least
    one scheduled session, with a Wilson score interval at
    ``settings.confidence``.  The pooled rate is all attended sessions over all
    scheduled ones; its n is the number of sessions and its interval a
    percentile bootstrap resampling mentees (seed ``settings.seed``).
    """
    params = program.params
    settings = params.settings
    threshold = settings.engagement_threshold
    engagement = {
        "kpi": "engagement_rate",
        "label": "Engagement rate",
        "target": params.target("engagement_rate"),
        "definition": ENGAGEMENT_DEFINITION.format(threshold=threshold),
        "unit": "proportion",
        "stage": STAGE,
    }
    pooled = {
        "kpi": "pooled_attendance_rate",
        "label": "Pooled attendance rate",
        "target": None,
        "definition": POOLED_DEFINITION,
        "unit": "proportion",
        "stage": STAGE,
    }

    reason = _attendance_missing(program)
    if reason:
        return [
            no_data_kpi(**engagement, reason=reason),
            no_data_kpi(**pooled, reason=reason),
        ]

    attendance = mentee_attendance(
        program.table("sessions"),
        program.table("matches") if program.has("matches") else None,
        program.table("participants") if program.has("participants") else None,
    )

    engaged = int((attendance["attendance_rate"] >= threshold).sum())
    rate = wilson_interval(engaged, len(attendance), settings.confidence)
    engagement_kpi = kpi_from_estimate(
        **engagement, estimate=rate, min_n=settings.min_n
    )

    pooled_kpi = _pooled_attendance_kpi(attendance, pooled, program)
    return [engagement_kpi, pooled_kpi]


def communication_frequency_kpi(program: ProgramData) -> Kpi:
    """Return ``communication_frequency``: median contacts per active match-month.

    Each match's rate is its contacts dated within its active period divided
    by that period's length in months (see ``FREQUENCY_DEFINITION``); a match
    with no contacts counts as 0.  The interval is a percentile bootstrap of
    the median over matches (2000 resamples, seed ``settings.seed``).  Needs
    the contacts and matches tables.
    """
    settings = program.params.settings
    fields = {
        "kpi": "communication_frequency",
        "label": "Communication frequency",
        "target": None,
        "definition": FREQUENCY_DEFINITION,
        "unit": "per month",
        "stage": STAGE,
    }
    if not (program.has("contacts") and program.has("matches")):
        return no_data_kpi(
            **fields,
            reason="not assessed: no data (needs the contacts and matches tables)",
        )

    rates = contacts_per_month(program.table("contacts"), program.table("matches"))
    estimate = bootstrap_interval(
        rates["contacts_per_month"].to_numpy(dtype=float),
        np.median,
        confidence=settings.confidence,
        seed=settings.seed,
    )
    estimate = replace(estimate, method=f"median; {estimate.method}")
    return kpi_from_estimate(**fields, estimate=estimate, min_n=settings.min_n)


def contacts_per_month(contacts: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Return each match's contacts, active months and contacts per month.

    Parameters
    ----------
    contacts : DataFrame
        The contacts table (``match_id``, ``date``).
    matches : DataFrame
        The matches table (``match_id``, ``matched_on``, optional
        ``ended_on``).

    Returns
    -------
    DataFrame
        One row per match, sorted by ``match_id``: ``match_id``, ``contacts``
        (contacts dated from ``matched_on`` to the end of the active period),
        ``months`` (days of the active period / 30.4375, at least 1) and
        ``contacts_per_month``.

    Notes
    -----
    A match that has not ended is active until the latest contact date in
    ``contacts``; a contact outside its match's active period, or of a match
    not in ``matches``, is not counted.
    """
    dates = pd.to_datetime(contacts["date"])
    observed_until = dates.max()
    pairs = matches.drop_duplicates("match_id").sort_values("match_id")
    start = pd.to_datetime(pairs["matched_on"])
    ended = pd.to_datetime(_column_or_blank(pairs, "ended_on"))
    end = ended.fillna(observed_until)

    window = pd.DataFrame(
        {
            "match_id": pairs["match_id"].to_numpy(),
            "start": start.to_numpy(),
            "end": end.to_numpy(),
        }
    )
    logged = pd.DataFrame({"match_id": contacts["match_id"], "date": dates})
    logged = logged.merge(window, on="match_id", how="inner")
    inside = (logged["date"] >= logged["start"]) & (logged["date"] <= logged["end"])
    counts = logged[inside].groupby("match_id").size()

    days = (window["end"] - window["start"]).dt.days.clip(lower=0)
    window["contacts"] = window["match_id"].map(counts).fillna(0).astype(int)
    window["months"] = np.maximum(days.to_numpy(dtype=float) / DAYS_PER_MONTH, 1.0)
    window["contacts_per_month"] = window["contacts"] / window["months"]
    return window[["match_id", "contacts", "months", "contacts_per_month"]]


def _pooled_attendance_kpi(
    attendance: pd.DataFrame, fields: dict, program: ProgramData
) -> Kpi:
    """The pooled attendance rate with a bootstrap interval over mentees."""
    settings = program.params.settings
    sessions = int(attendance["scheduled"].sum())

    estimate = bootstrap_interval(
        (
            attendance["attended"].to_numpy(dtype=float),
            attendance["scheduled"].to_numpy(dtype=float),
        ),
        _ratio_of_sums,
        confidence=settings.confidence,
        seed=settings.seed,
        paired=True,
    )

    # The rate's n is its denominator, the sessions; mentees were resampled.
    estimate = replace(
        estimate,
        n=sessions,
        method=f"{estimate.method}, resampling the {len(attendance)} mentees",
    )
    kpi = kpi_from_estimate(**fields, estimate=estimate, min_n=settings.min_n)
    # n counts sessions; the privacy rule counts the mentees behind them.
    return replace(kpi, people=len(attendance))


def _ratio_of_sums(attended: np.ndarray, scheduled: np.ndarray) -> float:
    """Attended sessions over scheduled sessions."""
    return float(attended.sum() / scheduled.sum())


def _attendance_missing(program: ProgramData) -> str:
    """Why the attendance KPIs cannot be computed, or "" when they can."""
    if not program.has("sessions"):
        return "not assessed: no data (needs the sessions table)"

    sessions = program.table("sessions")
    person = _column_or_blank(sessions, "participant_id")
    needs_matches = (
        person.isna() & _column_or_blank(sessions, "match_id").notna()
    ).any()
    if needs_matches and not program.has("matches"):
        return (
            "not assessed: no data (needs the matches table to find the mentee "
            "of sessions keyed by match_id)"
        )
    return ""


def _column_or_blank(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column, or an all-missing column when the frame has none."""
    if column in frame.columns:
        return frame[column]
    return pd.Series(pd.NA, index=frame.index, dtype="object")

"""Post-program success: completers who met a career or education goal.

Completers are contacted 6 to 12 months after they exit.  The KPI is the
share of those who answered who had met a goal at their latest answered
contact in that window; the response rate is shown beside it, since a rate
among the few who answer says less than one among nearly all.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from evalkit.kpi import Kpi, kpi_from_estimate, no_data_kpi
from evalkit.program import ProgramData
from evalkit.stats.proportions import wilson_interval

STAGE = "outcomes"
WINDOW = (6, 12)
GOAL_COLUMNS = ("stem_job", "continued_education", "advanced")
SUCCESS_COLUMNS = ["participant_id", "months_after_exit", "goal_met"]

SUCCESS_DEFINITION = (
    "Share of completers who answered a follow-up 6 to 12 months after exit and "
    "had met a career or education goal at their latest answered follow-up. A "
    "goal is met when the follow-up records goal_met; where goal_met is blank, "
    "when the person holds a STEM job, continued their education or advanced."
)
RESPONSE_DEFINITION = (
    "Share of completers contacted 6 to 12 months after exit who answered at "
    "least one of those follow-ups."
)
NO_PARTICIPANTS = (
    "; participants table absent, so everyone followed up counts as a completer"
)


def goal_met(followups: pd.DataFrame) -> pd.Series:
    """Return whether each follow-up records a met career or education goal.

    Parameters
    ----------
    followups : DataFrame
        Follow-up rows; ``goal_met`` and/or ``stem_job``,
        ``continued_education``, ``advanced``.

    Returns
    -------
    Series of nullable bool
        ``goal_met`` where it is recorded; otherwise True when any of
        ``stem_job``, ``continued_education`` or ``advanced`` is True, False
        when those recorded are all False, and missing when none is recorded.

    Examples
    --------
    >>> rows = pd.DataFrame(
    ...     {"goal_met": [True, None, None], "stem_job": [False, True, None]}
    ... )
    >>> goal_met(rows).tolist()
    [True, True, <NA>]
    """
    missing = pd.Series(pd.NA, index=followups.index, dtype="boolean")
    parts = [
        followups[column].astype("boolean")
        for column in GOAL_COLUMNS
        if column in followups.columns
    ]

    # Any recorded True is a met goal; all recorded False is not; none is unknown.
    if parts:
        recorded = pd.concat(parts, axis=1)
        any_true = recorded.fillna(False).any(axis=1)
        none_recorded = recorded.isna().all(axis=1)
        fallback = any_true.astype("boolean").mask(none_recorded, pd.NA)
    else:
        fallback = missing

    if "goal_met" not in followups.columns:
        return fallback.rename("goal_met")
    direct = followups["goal_met"].astype("boolean")
    return direct.fillna(fallback).rename("goal_met")


def completer_followups(program: ProgramData) -> pd.DataFrame:
    """Return the follow-ups of completers 6 to 12 months after exit.

    Mentees whose status is ``"completed"`` in the participants table are
    kept; without a participants table every person followed up is kept.
    Rows outside months 6 to 12 (inclusive) are left out.
    """
    followups = program.table("followups")
    months = pd.to_numeric(followups["months_after_exit"])
    in_window = months.between(*WINDOW)
    rows = followups[in_window]

    if program.has("participants"):
        people = program.table("participants")
        completers = people.loc[
            (people["role"] == "mentee") & (people["status"] == "completed"),
            "participant_id",
        ]
        rows = rows[rows["participant_id"].isin(set(completers))]
    return rows.reset_index(drop=True)


def latest_responses(followups: pd.DataFrame) -> pd.DataFrame:
    """Return each person's latest answered follow-up and whether a goal was met.

    Parameters
    ----------
    followups : DataFrame
        Follow-up rows (already restricted to completers and the window).

    Returns
    -------
    DataFrame
        ``participant_id``, ``months_after_exit``, ``goal_met`` (nullable
        bool, see :func:`goal_met`): one row per person who answered, the one
        with the most months after exit, sorted by ``participant_id``.
    """
    answered = followups[followups["responded"].astype("boolean").fillna(False)]
    answered = answered.assign(
        months_after_exit=pd.to_numeric(answered["months_after_exit"]),
        goal_met=goal_met(answered),
    )
    answered = answered.sort_values(
        ["participant_id", "months_after_exit"], kind="stable"
    )
    latest = answered.drop_duplicates("participant_id", keep="last")
    return latest[SUCCESS_COLUMNS].reset_index(drop=True)


def successful_completers(program: ProgramData) -> int:
    """Return the number of completers whose latest answered follow-up met a goal.

    The count behind ``post_program_success`` (and the cost per successful
    outcome); 0 when the program has no followups table.
    """
    if not program.has("followups"):
        return 0
    answers = latest_responses(completer_followups(program))
    return int(answers["goal_met"].fillna(False).astype(bool).sum())


def success_kpis(program: ProgramData) -> list[Kpi]:
    """Return ``post_program_success`` and ``followup_response_rate``.

    Parameters
    ----------
    program : ProgramData
        Uses the followups table, and the participants table to keep
        completers (mentees with status ``"completed"``).

    Returns
    -------
    list of Kpi
        ``post_program_success``: people whose latest answered follow-up
        records a met goal, out of the completers who answered and whose
        goal is known (a person whose goal columns are all blank is left
        out); Wilson score interval, target from the params.
        ``followup_response_rate`` (shown): completers who answered at least
        one follow-up, out of those contacted; Wilson score interval.
    """
    params = program.params
    settings = params.settings
    success = {
        "kpi": "post_program_success",
        "label": "Post-program success",
        "target": params.target("post_program_success"),
        "definition": SUCCESS_DEFINITION,
        "unit": "proportion",
        "stage": STAGE,
    }
    response = {
        "kpi": "followup_response_rate",
        "label": "Follow-up response rate",
        "target": None,
        "definition": RESPONSE_DEFINITION,
        "unit": "proportion",
        "stage": STAGE,
    }
    if not program.has("followups"):
        reason = "not assessed: no data (needs the followups table)"
        return [
            no_data_kpi(**success, reason=reason),
            no_data_kpi(**response, reason=reason),
        ]

    rows = completer_followups(program)
    answers = latest_responses(rows)
    known = answers.dropna(subset=["goal_met"])
    met = int(known["goal_met"].astype(bool).sum())
    success_estimate = wilson_interval(met, len(known), settings.confidence)

    contacted = rows["participant_id"].nunique()
    response_estimate = wilson_interval(len(answers), contacted, settings.confidence)

    kpis = [
        kpi_from_estimate(**success, estimate=success_estimate, min_n=settings.min_n),
        kpi_from_estimate(**response, estimate=response_estimate, min_n=settings.min_n),
    ]
    if not program.has("participants"):
        kpis = [_with_note(kpi, NO_PARTICIPANTS) for kpi in kpis]
    return kpis


def _with_note(kpi: Kpi, note: str) -> Kpi:
    """The KPI with ``note`` added to its method."""
    return replace(kpi, method=kpi.method + note)

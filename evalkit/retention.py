"""Retention KPI: the share of mentees who completed the program.

Mentees still active have not yet completed or left, so they are censored:
left out of the count rather than counted as lost.  The rate is therefore
completed / (completed + withdrawn).  The Kaplan-Meier curve of time to
withdrawal, which uses the active mentees' time too, belongs to the
engagement stage and is not computed here.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from evalkit.kpi import Kpi, kpi_from_estimate, no_data_kpi
from evalkit.program import ProgramData
from evalkit.stats.proportions import wilson_interval

STAGE = "engagement"
DEFINITION = (
    "Share of mentees who completed the program, out of those who either "
    "completed or withdrew; mentees still active are not counted (censored), "
    "neither as completed nor as lost."
)


def mentee_status_counts(participants: pd.DataFrame) -> dict[str, int]:
    """Return the number of mentees per status.

    Parameters
    ----------
    participants : DataFrame
        The participants table (``role``, ``status``).

    Returns
    -------
    dict
        ``{"active": ..., "completed": ..., "withdrawn": ...}``; mentors are
        not counted, and a status other than these three is counted under
        its own name.

    Examples
    --------
    >>> people = pd.DataFrame(
    ...     {"role": ["mentee", "mentee", "mentor"],
    ...      "status": ["completed", "active", "completed"]}
    ... )
    >>> mentee_status_counts(people)
    {'active': 1, 'completed': 1, 'withdrawn': 0}
    """
    mentees = participants[participants["role"] == "mentee"]
    counts = {"active": 0, "completed": 0, "withdrawn": 0}
    for status, count in mentees["status"].value_counts(sort=False).items():
        counts[str(status)] = int(count)
    return counts


def retention_kpis(program: ProgramData) -> list[Kpi]:
    """Return ``retention``: completed / (completed + withdrawn) mentees.

    Parameters
    ----------
    program : ProgramData
        Uses the participants table.

    Returns
    -------
    list of Kpi
        One KPI with a Wilson score interval at ``settings.confidence``; its n
        is completed + withdrawn.  When every mentee is still active the n is
        0 and the status "no data", and the method says why.
    """
    params = program.params
    settings = params.settings
    fields = {
        "kpi": "retention",
        "label": "Retention",
        "target": params.target("retention"),
        "definition": DEFINITION,
        "unit": "proportion",
        "stage": STAGE,
    }
    if not program.has("participants"):
        return [
            no_data_kpi(
                **fields,
                reason="not assessed: no data (needs the participants table)",
            )
        ]

    counts = mentee_status_counts(program.table("participants"))
    completed, withdrawn = counts["completed"], counts["withdrawn"]
    estimate = wilson_interval(completed, completed + withdrawn, settings.confidence)

    if completed + withdrawn == 0:
        estimate = replace(
            estimate,
            method=(
                f"{estimate.method}; not estimable: none of the "
                f"{counts['active']} mentees has completed or withdrawn yet"
            ),
        )
    return [kpi_from_estimate(**fields, estimate=estimate, min_n=settings.min_n)]

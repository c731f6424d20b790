"""Cost KPIs: the program's total cost per mentee, completer and success.

All three divide the sum of the costs table's ``amount`` by a count of
people, in the program's currency (the unit says ``"dollars"``).  They carry
no interval (the costs are a census, not a sample) and no target.
"""

from __future__ import annotations

import math

import pandas as pd

from evalkit.kpi import Kpi, no_data_kpi, shown_kpi
from evalkit.program import ProgramData
from evalkit.success import successful_completers

STAGE = "scorecard"
METHOD = "total cost / {what} (no interval)"

PER_PARTICIPANT = (
    "cost_per_participant",
    "Cost per participant",
    "Total program cost divided by the number of mentees served (every mentee "
    "enrolled, whatever their status).",
    "mentees served",
)
PER_COMPLETER = (
    "cost_per_completer",
    "Cost per completer",
    "Total program cost divided by the number of mentees who completed.",
    "completers",
)
PER_SUCCESS = (
    "cost_per_successful_outcome",
    "Cost per successful outcome",
    "Total program cost divided by the number of completers known to have met "
    "a career or education goal 6 to 12 months after exit; completers who did "
    "not answer are not counted, so this overstates the cost of a success when "
    "few answer.",
    "completers with a met goal",
)


def total_cost(costs: pd.DataFrame) -> float:
    """Return the sum of the cost lines' ``amount`` (blank amounts add nothing).

    Examples
    --------
    >>> total_cost(pd.DataFrame({"amount": [100.0, None, 50.5]}))
    150.5
    """
    return float(pd.to_numeric(costs["amount"]).fillna(0).sum())


def cost_kpis(program: ProgramData) -> list[Kpi]:
    """Return ``cost_per_participant``, ``cost_per_completer`` and
    ``cost_per_successful_outcome``.

    Parameters
    ----------
    program : ProgramData
        Uses the costs and participants tables, and the followups table for
        the cost per successful outcome (see
        :func:`evalkit.success.successful_completers`).

    Returns
    -------
    list of Kpi
        Dollars, no interval, no target, status "shown"; n is the count
        divided by.  A count of 0 (no completers yet, say) gives no value and
        the status "no data".

    Notes
    -----
    When a report covers one cohort, cost lines with a ``cohort`` column are
    that cohort's; lines without one are the whole program's, which then
    overstates the cost per person of a single cohort.
    """
    if not (program.has("costs") and program.has("participants")):
        reason = "not assessed: no data (needs the costs and participants tables)"
        return [
            _no_data(*spec, reason)
            for spec in (PER_PARTICIPANT, PER_COMPLETER, PER_SUCCESS)
        ]

    total = total_cost(program.table("costs"))
    people = program.table("participants")
    mentees = people[people["role"] == "mentee"]
    served = int(mentees["participant_id"].nunique())
    completers = int(
        mentees.loc[mentees["status"] == "completed", "participant_id"].nunique()
    )

    kpis = [
        _per_person(*PER_PARTICIPANT, total, served),
        _per_person(*PER_COMPLETER, total, completers),
    ]
    if program.has("followups"):
        kpis.append(_per_person(*PER_SUCCESS, total, successful_completers(program)))
    else:
        kpis.append(
            _no_data(
                *PER_SUCCESS,
                "not assessed: no data (needs the costs, participants and "
                "followups tables)",
            )
        )
    return kpis


def _per_person(
    kpi: str, label: str, definition: str, what: str, total: float, people: int
) -> Kpi:
    """Total cost divided by a count of people, as a KPI."""
    value = total / people if people else math.nan
    return shown_kpi(
        kpi,
        label,
        value,
        people,
        method=METHOD.format(what=what),
        definition=definition,
        unit="dollars",
        stage=STAGE,
    )


def _no_data(kpi: str, label: str, definition: str, what: str, reason: str) -> Kpi:
    """A cost KPI without its data."""
    return no_data_kpi(
        kpi,
        label,
        target=None,
        definition=definition,
        unit="dollars",
        stage=STAGE,
        reason=reason,
    )

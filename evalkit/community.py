"""Community engagement: events held, their attendance, and mentee-led events.

These are counts of what happened, not estimates of a rate, so they carry no
interval and no target; their status is "shown" whenever the events table
has rows.  The minimum n of the rate KPIs does not apply to a count: five
events held is a fact, not too few to judge.
"""

from __future__ import annotations

from evalkit.kpi import Kpi, no_data_kpi, shown_kpi
from evalkit.program import ProgramData

STAGE = "scorecard"
COUNT_METHOD = "count (no interval)"
NEEDS_EVENTS = "not assessed: no data (needs the events table)"

EVENTS_HELD = (
    "events_held",
    "Community events held",
    "Number of community events held (distinct event ids in the events table).",
)
EVENT_ATTENDANCE = (
    "event_attendance",
    "Community event attendance",
    "Total attendance at community events: the sum of each event's attendees, so "
    "a person who came to three events counts three times.",
)
MENTEE_ORGANIZED = (
    "events_organized_by_mentees",
    "Events organized by mentees",
    "Number of community events organized by a mentee.",
)


def community_kpis(program: ProgramData) -> list[Kpi]:
    """Return ``events_held``, ``event_attendance`` and ``events_organized_by_mentees``.

    Parameters
    ----------
    program : ProgramData
        Uses the events table (``event_id``, ``attendees``,
        ``organized_by_mentee``).

    Returns
    -------
    list of Kpi
        Three counts, unit ``"count"``, no interval and no target; n is the
        number of events.  A blank ``attendees`` adds nothing to the
        attendance, and a blank ``organized_by_mentee`` is not counted as
        mentee-organized.  Without the events table, or for the last KPI
        without its ``organized_by_mentee`` column, the status is "no data".
    """
    if not program.has("events"):
        return [
            _no_data(*spec, NEEDS_EVENTS)
            for spec in (EVENTS_HELD, EVENT_ATTENDANCE, MENTEE_ORGANIZED)
        ]

    events = program.table("events").drop_duplicates("event_id")
    n = len(events)
    attendance = float(events["attendees"].fillna(0).sum())
    kpis = [
        _count(*EVENTS_HELD, float(n), n),
        _count(*EVENT_ATTENDANCE, attendance, n),
    ]

    if "organized_by_mentee" not in events.columns:
        kpis.append(
            _no_data(
                *MENTEE_ORGANIZED,
                "not assessed: no data (needs the organized_by_mentee column of "
                "the events table)",
            )
        )
    else:
        organized = events["organized_by_mentee"].astype("boolean").fillna(False)
        kpis.append(_count(*MENTEE_ORGANIZED, float(organized.sum()), n))
    return kpis


def _count(kpi: str, label: str, definition: str, value: float, n: int) -> Kpi:
    """A count KPI: shown, no interval, no target."""
    return shown_kpi(
        kpi,
        label,
        value,
        n,
        method=COUNT_METHOD,
        definition=definition,
        unit="count",
        stage=STAGE,
    )


def _no_data(kpi: str, label: str, definition: str, reason: str) -> Kpi:
    """A count KPI without its data."""
    return no_data_kpi(
        kpi,
        label,
        target=None,
        definition=definition,
        unit="count",
        stage=STAGE,
        reason=reason,
    )

"""The KPI record and how a KPI's status is decided.

Every KPI a report shows is a :class:`Kpi`: its id, label, value with a 95%
interval and n, the target it is held against, its status, and the method
and definition printed beside it.  The status is always computed here,
never typed: ``met`` / ``not met`` against the target, ``no data`` when the
tables it needs are absent, ``too few to judge`` below the minimum n, and
``shown`` for KPIs that carry no target, ``data error`` for a KPI
family whose data could not be used (the message says why), and
``suppressed`` for a KPI resting on fewer people than the suppression
threshold (its value is withheld).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import pandas as pd

from evalkit.stats.results import Estimate
from evalkit.targets import Target

MET = "met"
NOT_MET = "not met"
NO_DATA = "no data"
TOO_FEW = "too few to judge"
NOT_ESTIMABLE = "not estimable"
SHOWN = "shown"
DATA_ERROR = "data error"
SUPPRESSED = "suppressed"

COLUMNS = (
    "kpi",
    "label",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "target",
    "status",
    "method",
    "definition",
    "unit",
    "stage",
    "target_source",
    "target_value",
    "people",
)


@dataclass(frozen=True)
class Kpi:
    """One key performance indicator as the scorecard and kpis.csv show it."""

    kpi: str
    label: str
    value: float
    ci_low: float
    ci_high: float
    n: int
    target: str
    status: str
    method: str
    definition: str
    unit: str
    stage: str
    target_source: str = ""
    target_value: float = math.nan
    people: int | None = None
    """People the figure rests on, where ``n`` counts something else."""


def kpi_status(value: float, n: int, target: Target | None, min_n: int) -> str:
    """Decide a KPI's status from its value, its n and its target.

    No n means ``no data``; an n below ``min_n`` means ``too few to judge``;
    a value that is not a finite number means ``not estimable``; a KPI without
    a target is ``shown``; otherwise the target decides ``met`` or ``not met``.
    """
    if n == 0:
        return NO_DATA
    if n < min_n:
        return TOO_FEW
    if value is None or not math.isfinite(value):
        return NOT_ESTIMABLE
    if target is None:
        return SHOWN
    return MET if target.is_met(value) else NOT_MET


def kpi_from_estimate(
    kpi: str,
    label: str,
    estimate: Estimate,
    *,
    target: Target | None,
    min_n: int,
    definition: str,
    unit: str,
    stage: str,
) -> Kpi:
    """Build a :class:`Kpi` from a statistic's :class:`Estimate`."""
    status = kpi_status(estimate.estimate, estimate.n, target, min_n)
    method = estimate.method
    if estimate.warnings:
        # The caveats travel with the figure to the scorecard and kpis.csv.
        method += " (note: " + "; ".join(estimate.warnings) + ")"
    return Kpi(
        kpi=kpi,
        label=label,
        value=estimate.estimate,
        ci_low=estimate.ci_low,
        ci_high=estimate.ci_high,
        n=int(estimate.n),
        target=target.describe() if target else "",
        status=status,
        method=method,
        definition=definition,
        unit=unit,
        stage=stage,
        target_source=target.source if target else "",
        target_value=target.value if target else math.nan,
    )


def shown_kpi(
    kpi: str,
    label: str,
    value: float,
    n: int,
    *,
    method: str,
    definition: str,
    unit: str,
    stage: str,
) -> Kpi:
    """A KPI reported for information: no interval and no target (counts, costs).

    Its status is ``shown`` when there is a value, ``no data`` when ``n`` is 0.
    """
    return Kpi(
        kpi=kpi,
        label=label,
        value=value,
        ci_low=math.nan,
        ci_high=math.nan,
        n=n,
        target="",
        status=kpi_status(value, n, None, min_n=1),
        method=method,
        definition=definition,
        unit=unit,
        stage=stage,
    )


def no_data_kpi(
    kpi: str,
    label: str,
    *,
    target: Target | None,
    definition: str,
    unit: str,
    stage: str,
    reason: str = "",
) -> Kpi:
    """A KPI whose tables are absent: status ``no data``, the reason as method."""
    return Kpi(
        kpi=kpi,
        label=label,
        value=math.nan,
        ci_low=math.nan,
        ci_high=math.nan,
        n=0,
        target=target.describe() if target else "",
        status=NO_DATA,
        method=reason or "not assessed: no data",
        definition=definition,
        unit=unit,
        stage=stage,
        target_source=target.source if target else "",
        target_value=target.value if target else math.nan,
    )


def failed_kpi(family: str, error: Exception) -> Kpi:
    """One row standing for a KPI family whose data could not be used."""
    return Kpi(
        kpi=f"{family.replace(' ', '_')}.error",
        label=f"{family.capitalize()} KPIs",
        value=math.nan,
        ci_low=math.nan,
        ci_high=math.nan,
        n=0,
        target="",
        status=DATA_ERROR,
        method=f"not assessed: {error}",
        definition=f"the {family} KPIs could not be computed from this data",
        unit="",
        stage="scorecard",
    )


def suppressed(kpi: Kpi, threshold: int) -> Kpi:
    """The KPI with its value and interval withheld: it rests on too few people."""
    return replace(
        kpi,
        value=math.nan,
        ci_low=math.nan,
        ci_high=math.nan,
        status=SUPPRESSED,
        method=f"suppressed: fewer than {threshold} people (privacy rule)",
    )


def suppress_small_groups(kpis: list[Kpi], threshold: int) -> list[Kpi]:
    """Withhold every KPI that rests on fewer than ``threshold`` people.

    The design's privacy rule: a group smaller than the suppression threshold
    (``settings.suppression_threshold``, default 10) is shown as suppressed,
    never as a number.  Counts of events (unit ``count``) describe events,
    not people, and are kept; KPIs without data keep their "no data".  A KPI
    whose ``n`` counts something else (sessions) is judged on ``people``.
    """

    def people(kpi: Kpi) -> int:
        return kpi.n if kpi.people is None else kpi.people

    return [
        suppressed(kpi, threshold)
        if kpi.unit != "count" and 0 < people(kpi) < threshold
        else kpi
        for kpi in kpis
    ]


def kpi_table(kpis: list[Kpi]) -> pd.DataFrame:
    """The KPIs as a tidy table with the columns of kpis.csv, in their order."""
    return pd.DataFrame([asdict(kpi) for kpi in kpis], columns=list(COLUMNS))

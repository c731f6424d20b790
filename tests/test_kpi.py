"""The KPI record: status rules and the small-group privacy rule."""

from __future__ import annotations

import math
from dataclasses import replace

from evalkit.kpi import Kpi, kpi_status, suppress_small_groups
from evalkit.targets import Target

TARGET = Target(operator=">", value=0.70)


def _kpi(kpi: str, n: int, unit: str = "proportion") -> Kpi:
    return Kpi(
        kpi=kpi,
        label=kpi,
        value=0.5,
        ci_low=0.4,
        ci_high=0.6,
        n=n,
        target="> 70%",
        status=kpi_status(0.5, n, TARGET, 10),
        method="m",
        definition="d",
        unit=unit,
        stage="s",
    )


def test_status_rules():
    assert kpi_status(0.8, 0, TARGET, min_n=10) == "no data"
    assert kpi_status(0.8, 9, TARGET, min_n=10) == "too few to judge"
    assert kpi_status(0.8, 10, TARGET, min_n=10) == "met"
    assert kpi_status(0.7, 10, TARGET, min_n=10) == "not met"  # "> 70%" is strict
    assert kpi_status(math.nan, 10, TARGET, min_n=10) == "not estimable"
    assert kpi_status(0.7, 10, None, min_n=10) == "shown"


def test_groups_under_the_threshold_are_withheld():
    kpis = [
        _kpi("two mentors", 2),
        _kpi("nine", 9),
        _kpi("ten", 10),
        _kpi("events", 3, unit="count"),
        _kpi("nobody", 0),
        # n counts sessions; the privacy rule counts the 4 mentees behind them.
        replace(_kpi("4 mentees' 40 sessions", 40), people=4),
    ]
    shown = {kpi.kpi: kpi for kpi in suppress_small_groups(kpis, threshold=10)}

    for name in ("two mentors", "nine", "4 mentees' 40 sessions"):
        assert shown[name].status == "suppressed"
        assert math.isnan(shown[name].value) and math.isnan(shown[name].ci_low)
        assert "fewer than 10 people" in shown[name].method
    assert shown["ten"].value == 0.5  # exactly at the threshold is shown
    assert shown["events"].value == 0.5  # events are not people
    assert shown["nobody"].status == "no data"

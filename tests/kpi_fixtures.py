"""Builders the KPI tests share: a ProgramData over hand-built tables."""

from evalkit.params import Params
from evalkit.program import LoadedTable, ProgramData


def make_program(tables, targets=None, comparison=None, **settings):
    """A ProgramData over small frames; settings override the defaults."""
    params = {"program": {"id": "test", "name": "Test"}, "settings": settings}
    if targets is not None:
        params["targets"] = targets
    if comparison is not None:
        params["comparison"] = comparison
    loaded = {
        name: LoadedTable(name, frame, f"{name}.csv", None, "0" * 64, len(frame))
        for name, frame in tables.items()
    }
    return ProgramData(params=Params.model_validate(params), tables=loaded)


def by_id(kpis):
    """The KPIs keyed by their id."""
    return {kpi.kpi: kpi for kpi in kpis}

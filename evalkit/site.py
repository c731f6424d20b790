"""The index pages: a program's front page and the list of every rendering.

Both are Jinja2 templates in ``templates/``; they use the same stylesheet as
the stage pages and load nothing from another host.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape

from evalkit import __version__
from evalkit.paths import TEMPLATES
from evalkit.report import format_interval, format_kpi_value, status_summary

if TYPE_CHECKING:
    from evalkit.params import Params
    from evalkit.runner import CohortRun


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["kpi_value"] = lambda kpi: format_kpi_value(kpi.value, kpi.unit)
    environment.filters["kpi_interval"] = lambda kpi: format_interval(
        kpi.ci_low, kpi.ci_high, kpi.unit
    )
    environment.filters["css_status"] = lambda status: (
        "status-" + status.replace(" ", "-")
    )
    return environment


def _stylesheet() -> str:
    return (TEMPLATES / "evalkit" / "evalkit.css").read_text(encoding="utf-8")


def write_program_index(run: CohortRun, params: Params) -> Path:
    """Write ``index.html`` for one program and cohort: scorecard and stage links."""
    from evalkit.stages import available_stages

    titles = {stage.name: stage.purpose for stage in available_stages()}
    page = (
        _environment()
        .get_template("program_index.html.j2")
        .render(
            program=params.program,
            cohort=run.cohort,
            kpis=run.kpis,
            summary=status_summary(run.kpis).replace("**", ""),
            kpi_failure=run.kpi_failure,
            stages=run.stages,
            purposes=titles,
            version=__version__,
            css=_stylesheet(),
        )
    )
    path = run.output_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _renderings(output_root: Path) -> list[dict]:
    renderings = []
    for manifest_path in sorted(output_root.glob("*/*/manifest.json")):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        stages = manifest.get("stages", [])
        renderings.append(
            {
                "program": manifest["params"]["program"]["name"],
                "program_id": manifest["program"],
                "cohort": manifest["cohort"],
                "link": manifest_path.parent.relative_to(output_root).as_posix()
                + "/index.html",
                "stages": len(stages),
                "failed": sum(1 for stage in stages if not stage["ok"]),
                "started": manifest.get("run_started_utc", ""),
            }
        )
    return renderings


def write_site_index(output_root: Path) -> Path:
    """Write ``outputs/index.html`` listing every program and cohort rendered."""
    page = (
        _environment()
        .get_template("site_index.html.j2")
        .render(
            renderings=_renderings(output_root),
            version=__version__,
            css=_stylesheet(),
        )
    )
    path = output_root / "index.html"
    path.write_text(page, encoding="utf-8")
    return path

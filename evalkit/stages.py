"""The evaluation stages: one notebook each, in the order a reader meets them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalkit.paths import NOTEBOOKS


@dataclass(frozen=True)
class StageInfo:
    """A stage: its name (the notebook's file stem), title and one-line purpose.

    ``folder`` is where its notebook lives: ``notebooks/`` for evalkit's own.
    """

    name: str
    title: str
    purpose: str
    folder: Path = NOTEBOOKS

    @property
    def notebook(self) -> Path:
        """The stage's notebook file."""
        return self.folder / f"{self.name}.ipynb"


KNOWN_STAGES: tuple[StageInfo, ...] = (
    StageInfo(
        "scorecard",
        "Scorecard",
        "every KPI against its target, the balanced scorecard and the logic model",
    ),
    StageInfo(
        "data_quality",
        "Data quality",
        "what was loaded, what was excluded and why, and the participant flow",
    ),
    StageInfo(
        "engagement",
        "Engagement and retention",
        "attendance, contact frequency and who stays in the program",
    ),
    StageInfo(
        "match_quality",
        "Match quality",
        "satisfaction with matches and what predicts it",
    ),
    StageInfo("skills", "Skills", "pre/post change per competency"),
    StageInfo(
        "outcomes",
        "Outcomes",
        "mentored compared with a comparison group, with the evidence checks",
    ),
    StageInfo("feedback", "Feedback", "themes and quotes from open-ended answers"),
    StageInfo("equity", "Equity and regions", "KPIs by region and group"),
)


def available_stages() -> list[StageInfo]:
    """The stages whose notebook exists in this checkout, in reading order."""
    return [stage for stage in KNOWN_STAGES if stage.notebook.is_file()]


def stage_info(name: str) -> StageInfo:
    """The stage called ``name``; raises KeyError naming the available ones."""
    for stage in available_stages():
        if stage.name == name:
            return stage
    names = ", ".join(stage.name for stage in available_stages())
    raise KeyError(f"unknown stage {name!r}; available stages: {names}")

"""KPI targets: what counts as "met", and where the number came from.

A program's params file may override any target with its funder's number;
the defaults below are the common-practice values of STEM mentorship
evaluation listed in the product design, and say so in ``source``.
"""

from __future__ import annotations

import operator
from typing import Literal

from pydantic import BaseModel, ConfigDict

COMMON_PRACTICE = "evalkit default: common practice in STEM mentorship evaluation"

_COMPARE = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


class Target(BaseModel):
    """A KPI's target: ``value operator threshold`` is "met".

    ``stretch`` is an optional second, higher bar reported beside the status;
    ``source`` says whose number it is (a funder, a handbook, common practice).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    operator: Literal[">", ">=", "<", "<="]
    value: float
    stretch: float | None = None
    source: str = COMMON_PRACTICE
    percent: bool = True

    def is_met(self, value: float) -> bool:
        """Whether ``value`` meets the target."""
        return bool(_COMPARE[self.operator](value, self.value))

    def meets_stretch(self, value: float) -> bool:
        """Whether ``value`` also meets the stretch bar (False when none is set)."""
        if self.stretch is None:
            return False
        return bool(_COMPARE[self.operator](value, self.stretch))

    def describe(self) -> str:
        """The target as a reader sees it: ``"> 70%"``, ``"≥ 20% (stretch 30%)"``."""
        symbol = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}[self.operator]
        text = f"{symbol} {self._format(self.value)}"
        if self.stretch is not None:
            text += f" (stretch {self._format(self.stretch)})"
        return text

    def _format(self, number: float) -> str:
        if self.percent:
            return f"{number * 100:g}%"
        return f"{number:g}"


DEFAULT_TARGETS: dict[str, Target] = {
    "engagement_rate": Target(operator=">", value=0.70),
    "match_satisfaction.mentee": Target(operator=">=", value=0.80),
    "match_satisfaction.mentor": Target(operator=">=", value=0.80),
    "overall_satisfaction": Target(operator=">", value=4.0, percent=False),
    "retention": Target(operator=">", value=0.75, stretch=0.80),
    "skill_improvement": Target(operator=">=", value=0.20, stretch=0.30),
    "post_program_success": Target(operator=">", value=0.60),
    "promotion_lift": Target(operator=">=", value=0.20, stretch=0.30),
    "stem_enrollment_lift": Target(operator=">=", value=0.15, stretch=0.25),
}

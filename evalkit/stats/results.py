"""The self-describing result every evalkit statistic returns.

A figure in a report must say how it was obtained: which interval or test,
at what confidence level, on how many observations, and what happened on
the way (a fallback taken, a zero cell, a small group).  ``Estimate`` carries
all of that beside the number so that a notebook can print the method next
to the figure and list the warnings as numbered remarks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

OK = "ok"
NOT_ESTIMABLE = "not estimable"


@dataclass(frozen=True)
class Estimate:
    """One estimated quantity with its interval, test and provenance.

    Attributes
    ----------
    estimate : float
        The point estimate; ``nan`` when ``status`` is ``"not estimable"``.
    ci_low, ci_high : float
        Limits of the confidence interval (``nan`` when none applies).
    confidence : float
        Confidence level of the interval, e.g. 0.95.
    n : int
        Number of observations actually used, after missing values and
        unpaired rows were dropped.
    method : str
        The estimator and interval in words, e.g. ``"Newcombe hybrid score
        interval"``; reports print it beside the figure.
    statistic, df, p_value : float or None
        Test statistic, its degrees of freedom and p-value, when a test goes
        with the estimate.
    alternative : str
        ``"two-sided"``, ``"less"`` or ``"greater"`` (SciPy's values).
    status : str
        ``"ok"`` or ``"not estimable"``.
    warnings : tuple of str
        Plain-language remarks for the reader (fallbacks, zero cells, ...).
    details : dict
        Further named values (group sizes, standard error, seed, ...).
    """

    estimate: float
    ci_low: float = math.nan
    ci_high: float = math.nan
    confidence: float = 0.95
    n: int = 0
    method: str = ""
    statistic: float | None = None
    df: float | None = None
    p_value: float | None = None
    alternative: str = "two-sided"
    status: str = OK
    warnings: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def estimable(self) -> bool:
        """Whether the estimate is a usable number."""
        return self.status == OK and math.isfinite(self.estimate)

    def with_warning(self, message: str) -> Estimate:
        """Return a copy with one more warning appended."""
        return replace(self, warnings=(*self.warnings, message))

    def as_record(self) -> dict[str, Any]:
        """Return a flat dict, one column per attribute, for a tidy table."""
        record = {
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": self.confidence,
            "n": self.n,
            "method": self.method,
            "statistic": self.statistic,
            "df": self.df,
            "p_value": self.p_value,
            "alternative": self.alternative,
            "status": self.status,
            "warnings": "; ".join(self.warnings),
        }
        return record


def not_estimable(
    reason: str, *, n: int = 0, method: str = "", confidence: float = 0.95
) -> Estimate:
    """Return an ``Estimate`` that says why no number can be given."""
    return Estimate(
        estimate=math.nan,
        n=n,
        method=method,
        confidence=confidence,
        status=NOT_ESTIMABLE,
        warnings=(reason,),
    )

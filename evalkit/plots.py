"""Figures shared by the stage notebooks, drawn with seaborn's look.

Each function returns a matplotlib Figure with titled, labelled axes; the
notebook shows it through ``Stage.show_figure`` with a caption and alt text.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

GROUP_COLOURS = {"mentored": "#1f5f8b", "comparison": "#c06c2b"}


def use_report_style() -> None:
    """Seaborn's white grid with the font sizes of the HTML reports."""
    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.95)


def group_estimates_figure(results) -> Figure:
    """Rates or means of each outcome by group, with their 95% intervals.

    Parameters
    ----------
    results : list of evalkit.outcomes.OutcomeResult
        One panel per outcome; binary outcomes are drawn as percentages.
    """
    use_report_style()
    panels = max(1, len(results))
    figure, axes = plt.subplots(1, panels, figsize=(4.2 * panels, 3.2), squeeze=False)

    for axis, result in zip(axes[0], results, strict=False):
        groups = [("mentored", result.mentored), ("comparison", result.comparison)]
        for position, (group, estimate) in enumerate(groups):
            if not math.isfinite(estimate.estimate):
                continue
            low = estimate.estimate - estimate.ci_low
            high = estimate.ci_high - estimate.estimate
            axis.errorbar(
                position, estimate.estimate, yerr=[[low], [high]], fmt="o",
                color=GROUP_COLOURS[group], capsize=6, markersize=8, linewidth=2,
            )
            axis.annotate(
                f"n = {estimate.n}", (position, estimate.ci_low),
                textcoords="offset points", xytext=(0, -14), ha="center",
                fontsize=8, color="#5b6770",
            )
        axis.set_xticks([0, 1], ["mentored", "comparison"])
        axis.set_xlim(-0.6, 1.6)
        axis.set_title(result.outcome.label, fontsize=10)
        if result.outcome.kind == "binary":
            axis.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
            axis.set_ylabel("share with the outcome")
        else:
            axis.set_ylabel(f"mean ({result.outcome.unit})" if result.outcome.unit
                            else "mean")
        axis.margins(y=0.25)

    figure.tight_layout()
    return figure

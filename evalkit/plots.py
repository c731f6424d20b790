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


def group_estimates_figure(results) -> Figure | None:
    """Rates or means of each outcome by group, with their 95% intervals.

    Parameters
    ----------
    results : list of evalkit.outcomes.OutcomeResult
        One panel per outcome with a figure to show (suppressed outcomes are
        left out); binary outcomes are drawn as percentages on a 0-100% axis.

    Returns
    -------
    Figure or None
        None when no outcome has a figure to show.
    """
    results = [
        result
        for result in results
        if math.isfinite(result.mentored.estimate)
        or math.isfinite(result.comparison.estimate)
    ]
    if not results:
        return None
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
                position,
                estimate.estimate,
                yerr=[[low], [high]],
                fmt="o",
                color=GROUP_COLOURS[group],
                capsize=6,
                markersize=8,
                linewidth=2,
            )
            axis.annotate(
                f"n = {estimate.n}",
                (position, estimate.ci_low),
                textcoords="offset points",
                xytext=(0, -14),
                ha="center",
                fontsize=8,
                color="#5b6770",
            )
        axis.set_xticks([0, 1], ["mentored", "comparison"])
        axis.set_xlim(-0.6, 1.6)
        axis.set_title(result.outcome.label, fontsize=10)
        if result.outcome.kind == "binary":
            # The whole 0-100% scale: honest about size, and sane ticks even
            # when a rate is exactly 0 or 1.
            axis.set_ylim(-0.02, 1.02)
            axis.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
            axis.set_ylabel("share with the outcome")
        else:
            axis.set_ylabel(
                f"mean ({result.outcome.unit})" if result.outcome.unit else "mean"
            )
        if result.outcome.kind != "binary":
            axis.margins(y=0.25)

    figure.tight_layout()
    return figure


def kpi_targets_figure(kpis) -> Figure | None:
    """Each KPI that has a target and a value: the value with its 95% interval,
    and the target as a vertical mark, coloured by status.

    Parameters
    ----------
    kpis : list of evalkit.kpi.Kpi
        Only KPIs with status "met" or "not met" are drawn; percentages and
        other units get separate panels.

    Returns
    -------
    Figure or None
        None when no KPI has both a value and a target.
    """
    judged = [kpi for kpi in kpis if kpi.status in ("met", "not met")]
    if not judged:
        return None
    use_report_style()
    percent = [kpi for kpi in judged if kpi.unit in ("proportion", "relative change")]
    other = [kpi for kpi in judged if kpi not in percent]
    panels = [group for group in (percent, other) if group]
    heights = [max(1.2, 0.45 * len(group) + 0.8) for group in panels]
    figure, axes = plt.subplots(
        len(panels),
        1,
        figsize=(9, sum(heights)),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )

    for axis, group in zip(axes[:, 0], panels, strict=True):
        for row, kpi in enumerate(reversed(group)):
            colour = "#1e6b2f" if kpi.status == "met" else "#b3261e"
            if math.isfinite(kpi.ci_low) and math.isfinite(kpi.ci_high):
                axis.plot(
                    [kpi.ci_low, kpi.ci_high], [row, row], color=colour, linewidth=2
                )
            axis.plot(kpi.value, row, "o", color=colour, markersize=7)
            if math.isfinite(kpi.target_value):
                axis.plot(
                    kpi.target_value,
                    row,
                    marker="|",
                    color="#1d2327",
                    markersize=16,
                    markeredgewidth=2,
                )
        axis.set_yticks(range(len(group)), [kpi.label for kpi in reversed(group)])
        axis.set_ylim(-0.7, len(group) - 0.3)
        if group is percent:
            axis.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    axes[-1, 0].set_xlabel(
        "value (dot), 95% interval (line), target (black bar); green met, red not met"
    )
    figure.tight_layout()
    return figure

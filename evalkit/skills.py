"""Skill improvement KPIs: the relative pre/post change per competency.

The scorecard's figure for each competency is a ratio of means on complete
pre/post pairs, (mean post - mean pre) / mean pre.  The paired tests and
effect sizes come from :func:`evalkit.stats.paired.paired_change_by`; the
interval of the ratio is a delta-method interval computed here, because the
paired module gives the ratio without one.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.kpi import Kpi, kpi_from_estimate, no_data_kpi
from evalkit.program import ProgramData
from evalkit.stats.paired import paired_change_by
from evalkit.stats.results import Estimate, not_estimable

STAGE = "skills"
DELTA_METHOD = (
    "ratio of means (mean post - mean pre) / mean pre on complete pairs; "
    "delta-method normal interval"
)
DEFINITION = (
    "Relative change in the mean {competency} score from the pre to the post "
    "assessment, (mean post - mean pre) / mean pre, over participants assessed "
    "at both."
)


def relative_improvement(pre, post, confidence: float = 0.95) -> Estimate:
    """Return (mean post - mean pre) / mean pre with a delta-method interval.

    Parameters
    ----------
    pre, post : array-like of float
        Scores of the same participants, aligned pair by pair (complete
        pairs only; a pair with a missing score is dropped).
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is ``r - 1`` with ``r = mean post / mean pre``; the
        interval is ``(r - 1) ± z * se``, ``z`` the normal quantile and

        ``se = sqrt((s_post² - 2 r s_pre,post + r² s_pre²) / n) / mean pre``

        the first-order (delta-method) standard error of a ratio of two
        correlated means, with ``n - 1`` denominators for the variances and
        the covariance.  ``details`` holds ``se``, ``mean_pre`` and
        ``mean_post``.  Fewer than two pairs, or a mean pre of 0, give a "not
        estimable" result.

    Raises
    ------
    ValueError
        If ``pre`` and ``post`` differ in length or ``confidence`` is not in
        (0, 1).

    Notes
    -----
    The delta method for a ratio of means is in Casella and Berger,
    Statistical Inference, 2nd ed. (2002), section 5.5.4.  The interval is
    symmetric and can be poor when the mean pre score is near zero or n is
    small; it is an approximation, and says so in ``method``.

    Examples
    --------
    >>> result = relative_improvement([10, 20, 30], [12, 22, 36])
    >>> round(result.estimate, 4), round(result.ci_low, 4), round(result.ci_high, 4)
    (0.1667, 0.0987, 0.2347)
    """
    if not 0 < confidence < 1:
        raise ValueError(
            f"confidence: expected a number between 0 and 1, received {confidence!r}"
        )
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    if pre.shape != post.shape:
        raise ValueError(
            f"pre, post: expected the same number of scores, received {pre.size} "
            f"and {post.size}"
        )

    complete = ~(np.isnan(pre) | np.isnan(post))
    pre, post = pre[complete], post[complete]
    n = int(pre.size)
    if n < 2:
        return not_estimable(
            f"an interval needs at least two complete pairs; received {n}",
            n=n,
            method=DELTA_METHOD,
            confidence=confidence,
        )
    mean_pre, mean_post = float(pre.mean()), float(post.mean())
    if mean_pre == 0:
        return not_estimable(
            "the mean pre score is 0, so a relative change is undefined",
            n=n,
            method=DELTA_METHOD,
            confidence=confidence,
        )

    # Delta method: Var(post - r pre) / n, divided by mean pre squared.
    ratio = mean_post / mean_pre
    covariance = np.cov(pre, post, ddof=1)
    variance = (
        covariance[1, 1] - 2 * ratio * covariance[0, 1] + ratio**2 * covariance[0, 0]
    )
    se = math.sqrt(max(float(variance), 0.0) / n) / abs(mean_pre)
    z = stats.norm.ppf(0.5 + confidence / 2)

    return Estimate(
        estimate=ratio - 1,
        ci_low=float(ratio - 1 - z * se),
        ci_high=float(ratio - 1 + z * se),
        confidence=confidence,
        n=n,
        method=DELTA_METHOD,
        details={"se": se, "mean_pre": mean_pre, "mean_post": mean_post},
    )


def complete_pairs(assessments: pd.DataFrame) -> pd.DataFrame:
    """Return the complete pre/post pairs per competency and participant.

    Rows are paired by ``participant_id`` within ``competency`` with the rules
    of :func:`evalkit.stats.paired.paired_change_by`: rows of other waves or
    without an id or score are left out, identical duplicate rows count
    once, and a participant with two different scores in one wave is left
    out of that competency.

    Returns
    -------
    DataFrame
        ``competency``, ``participant_id``, ``pre``, ``post``; sorted.
    """
    rows = assessments[["competency", "participant_id", "wave", "score"]]
    rows = rows[rows["wave"].isin(["pre", "post"])]
    rows = rows.assign(score=pd.to_numeric(rows["score"])).dropna()

    rows = rows.drop_duplicates()
    conflicting = rows.duplicated(["competency", "participant_id", "wave"], keep=False)
    rows = rows[~conflicting]

    wide = rows.pivot(
        index=["competency", "participant_id"], columns="wave", values="score"
    )
    wide = wide.reindex(columns=["pre", "post"]).dropna().reset_index()
    wide.columns.name = None
    return wide.sort_values(["competency", "participant_id"], ignore_index=True)


def skill_kpis(program: ProgramData) -> list[Kpi]:
    """Return ``skill_improvement.<competency>`` for every assessed competency.

    Parameters
    ----------
    program : ProgramData
        Uses the assessments table.

    Returns
    -------
    list of Kpi
        One KPI per competency, sorted by competency: the relative improvement
        with its delta-method interval (see :func:`relative_improvement`); n
        is the number of complete pairs.  The target is the params'
        ``skill_improvement.<competency>`` if set, else ``skill_improvement``.
        Without the assessments table, one "no data" KPI
        ``skill_improvement``.
    """
    params = program.params
    settings = params.settings
    if not program.has("assessments"):
        return [
            no_data_kpi(
                "skill_improvement",
                "Skill improvement",
                target=params.target("skill_improvement"),
                definition=DEFINITION.format(competency="competency"),
                unit="relative change",
                stage=STAGE,
                reason="not assessed: no data (needs the assessments table)",
            )
        ]

    assessments = program.table("assessments")
    summary = paired_change_by(
        assessments, by="competency", confidence=settings.confidence
    ).set_index("competency")
    pairs = complete_pairs(assessments)

    kpis = []
    for competency in sorted(summary.index.dropna().astype(str)):
        kpi_id = f"skill_improvement.{competency}"
        target = params.target(kpi_id) or params.target("skill_improvement")
        subset = pairs[pairs["competency"] == competency]
        estimate = relative_improvement(
            subset["pre"], subset["post"], settings.confidence
        )
        _check_same_pairs(summary.loc[competency], estimate, competency)
        kpis.append(
            kpi_from_estimate(
                kpi_id,
                f"Skill improvement: {competency.replace('_', ' ')}",
                estimate,
                target=target,
                min_n=settings.min_n,
                definition=DEFINITION.format(competency=competency.replace("_", " ")),
                unit="relative change",
                stage=STAGE,
            )
        )
    return kpis


def _check_same_pairs(summary: pd.Series, estimate: Estimate, competency: str) -> None:
    """Raise if the pairs here and those of paired_change_by disagree."""
    if int(summary["n_pairs"]) != estimate.n:
        raise RuntimeError(
            f"competency {competency!r}: paired_change_by found "
            f"{int(summary['n_pairs'])} complete pairs, skill_kpis {estimate.n}; "
            "the two pairing rules have drifted apart"
        )

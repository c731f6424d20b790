"""Propensity scores, inverse-probability weights and weighted balance.

When mentored people differ from the comparison group at baseline, weighting
by the propensity score (the modelled chance of being mentored given the
baseline covariates) makes the groups alike on those covariates.  This
module fits the scores, turns them into weights, shows whether balance was
reached (standardized mean differences before and after) and compares
weighted outcome means.
"""

from __future__ import annotations

import math
import warnings as python_warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from evalkit.stats._model_frame import (
    check_columns,
    check_frame,
    check_group_count,
    check_treated,
    covariate_list,
    encode_covariates,
)
from evalkit.stats.results import Estimate, not_estimable

ESTIMANDS = ("ATT", "ATE")
_SEPARATION_EPS = 1e-8


@dataclass(frozen=True)
class PropensityResult:
    """Propensity scores, weights and the balance they achieve.

    Attributes
    ----------
    scores : pandas.Series
        Fitted probability of being treated, indexed like the analysed rows
        of the input frame (rows with missing values are absent).
    weights : pandas.Series
        Inverse-probability weights of the rows kept after trimming (trimmed
        rows are absent; nan when the model is not usable).  ATT: 1 for the
        treated, ``e / (1 - e)`` for the comparison; ATE: ``1 / e`` and
        ``1 / (1 - e)``.
    balance : pandas.DataFrame
        One row per covariate term: ``covariate``, ``kind`` (binary or
        continuous), ``mean_treated``, ``mean_comparison`` (unweighted, all
        analysed rows), ``mean_treated_weighted``,
        ``mean_comparison_weighted`` (kept rows, weighted), ``smd_before``,
        ``smd_after``.
    effective_n : dict
        Kish effective sample size ``(sum w)^2 / sum w^2`` per group
        (``"treated"``, ``"comparison"``) after weighting.
    n : int
        Rows analysed (before trimming).
    n_trimmed : int
        Rows dropped because their score fell outside ``trim``.
    estimand : str
        ``"ATT"`` or ``"ATE"``.
    dropped : dict
        ``{"rows": k, "columns": {column: rows missing it}}``.
    status : str
        ``"ok"`` or ``"not estimable"`` (separation, no convergence).
    warnings : tuple of str
        Remarks for the reader.
    """

    scores: pd.Series
    weights: pd.Series
    balance: pd.DataFrame
    effective_n: dict
    n: int
    n_trimmed: int
    estimand: str
    dropped: dict = field(default_factory=dict)
    status: str = "ok"
    warnings: tuple[str, ...] = ()


def _check_arguments(frame, group, treated, covariates, estimand, trim) -> list[str]:
    """Raise on bad arguments; return the covariates as a list."""
    check_frame(frame)
    covariates = covariate_list(covariates)
    if not covariates:
        raise ValueError(
            "covariates: expected at least one baseline column, received none"
        )
    check_columns(frame, [("group", group)] + [("covariates", c) for c in covariates])
    if estimand not in ESTIMANDS:
        raise ValueError(f"estimand: expected 'ATT' or 'ATE', received {estimand!r}")
    if trim is not None:
        valid = (
            isinstance(trim, (tuple, list))
            and len(trim) == 2
            and all(isinstance(v, (int, float)) for v in trim)
            and 0 <= trim[0] < trim[1] <= 1
        )
        if not valid:
            raise ValueError(
                "trim: expected None or (low, high) with 0 <= low < high <= 1, "
                f"e.g. (0.05, 0.95); received {trim!r}"
            )
    groups = set(frame[group].dropna().unique())
    check_group_count(groups, group)
    check_treated(groups, group, treated)
    return covariates


def _covariate_matrix(data, covariates) -> tuple[pd.DataFrame, list[str]]:
    """Return the covariates as numeric columns (indicators for text) and remarks."""
    remarks = []
    columns = {}
    for covariate, _, encoded in encode_covariates(data, covariates):
        if encoded is None:
            remarks.append(
                f"Covariate {covariate!r} takes one value in the analysed rows and "
                "was left out of the propensity model."
            )
        elif isinstance(encoded, pd.Series):
            columns[covariate] = encoded
        else:
            for name in encoded.columns:
                columns[name] = encoded[name]
    return pd.DataFrame(columns, index=data.index), remarks


def _is_binary(values: np.ndarray) -> bool:
    """Whether a column holds only 0 and 1."""
    return bool(np.isin(values, (0.0, 1.0)).all())


def _weighted_mean_var(values, weights) -> tuple[float, float]:
    """Return the weighted mean and weighted (population) variance."""
    mean = float(np.average(values, weights=weights))
    return mean, float(np.average((values - mean) ** 2, weights=weights))


def _balance_table(x, is_treated, keep, weights, estimand) -> pd.DataFrame:
    """Return standardized mean differences before and after weighting.

    The denominator comes from the unweighted analysed sample and is the
    same before and after, so a change in the SMD is a change in the means.
    """
    rows = []
    for covariate in x.columns:
        values = x[covariate].to_numpy()
        treated_values, comparison_values = values[is_treated], values[~is_treated]
        binary = _is_binary(values)
        mean_t, mean_c = treated_values.mean(), comparison_values.mean()
        if binary:
            var_t, var_c = mean_t * (1 - mean_t), mean_c * (1 - mean_c)
        else:
            var_t = treated_values.var(ddof=1) if len(treated_values) > 1 else 0.0
            var_c = comparison_values.var(ddof=1) if len(comparison_values) > 1 else 0.0
        denominator = math.sqrt(var_t if estimand == "ATT" else (var_t + var_c) / 2)

        kept_t, kept_c = keep & is_treated, keep & ~is_treated
        if kept_t.any() and kept_c.any() and np.isfinite(weights[keep]).all():
            after_t = float(np.average(values[kept_t], weights=weights[kept_t]))
            after_c = float(np.average(values[kept_c], weights=weights[kept_c]))
        else:
            after_t = after_c = math.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            before = (mean_t - mean_c) / denominator if denominator > 0 else math.nan
            after = (after_t - after_c) / denominator if denominator > 0 else math.nan
        rows.append(
            {
                "covariate": covariate,
                "kind": "binary" if binary else "continuous",
                "mean_treated": mean_t,
                "mean_comparison": mean_c,
                "mean_treated_weighted": after_t,
                "mean_comparison_weighted": after_c,
                "smd_before": before,
                "smd_after": after,
            }
        )
    return pd.DataFrame(rows)


def _kish(weights: np.ndarray) -> float:
    """Return Kish's effective sample size of a set of weights."""
    if len(weights) == 0 or not np.isfinite(weights).all():
        return math.nan
    return float(weights.sum() ** 2 / (weights**2).sum())


def propensity_weights(
    frame: pd.DataFrame,
    *,
    group: str = "group",
    treated: str = "mentored",
    covariates,
    estimand: str = "ATT",
    trim: tuple[float, float] | None = None,
) -> PropensityResult:
    """Return propensity scores, inverse-probability weights and balance.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per person with the group and the baseline covariates.
    group : str, default "group"
        Column naming each person's group; it must hold two values.
    treated : str, default "mentored"
        The value of ``group`` that marks treated (mentored) people.
    covariates : sequence of str
        Baseline columns of the propensity model (main effects; numbers and
        booleans as they are, text as indicators).
    estimand : {"ATT", "ATE"}, default "ATT"
        ATT weights the comparison group to look like the mentored people
        (the effect on those mentored); ATE weights both groups to look like
        everyone.
    trim : (float, float) or None, default None
        Keep only rows whose score lies within ``[low, high]``, e.g.
        ``(0.05, 0.95)``; the others are dropped, not refitted, and counted.

    Returns
    -------
    PropensityResult
        Scores, weights, the balance table, Kish effective sample sizes,
        counts and warnings; see :class:`PropensityResult`.

    Notes
    -----
    Scores come from a logistic regression of the treated indicator on the
    covariates (statsmodels GLM, binomial).  The standardized mean
    difference is ``(mean_t - mean_c) / s``, with ``s`` the treated SD for
    ATT and ``sqrt((s_t^2 + s_c^2) / 2)`` for ATE, both from the unweighted
    sample; a 0/1 covariate uses ``p (1 - p)`` as its variance.  |SMD| below
    0.1 is the usual mark of good balance (Austin 2011).  Separation
    (scores of exactly 0 or 1) makes the weights unusable: the status is
    then ``"not estimable"`` and the weights nan.

    Checked by hand: with one binary covariate the logistic model is
    saturated, the scores are the observed shares mentored in each
    stratum, and ATT weighting makes the comparison group's mean equal to
    the treated group's exactly.

    References
    ----------
    Austin PC (2011). An introduction to propensity score methods for
    reducing the effects of confounding in observational studies.
    Multivariate Behav Res 46:399-424. doi:10.1080/00273171.2011.568786

    Examples
    --------
    >>> frame = pd.DataFrame({"group": ["mentored", "comparison"] * 4,
    ...                       "urban": [1, 1, 1, 0, 0, 0, 1, 0]})
    >>> result = propensity_weights(frame, covariates=["urban"])
    >>> result.weights.round(2).tolist()
    [1.0, 3.0, 1.0, 0.33, 1.0, 0.33, 1.0, 0.33]
    """
    covariates = _check_arguments(frame, group, treated, covariates, estimand, trim)
    missing = frame[[group, *covariates]].isna()
    keep_rows = ~missing.any(axis=1)
    dropped = {
        "rows": int((~keep_rows).sum()),
        "columns": {c: int(k) for c, k in missing.sum().items() if k > 0},
    }
    data = frame.loc[keep_rows]
    warnings: list[str] = []
    if dropped["rows"]:
        warnings.append(
            f"{dropped['rows']} row(s) with missing values were left out of the "
            "propensity model."
        )

    is_treated = (data[group] == treated).to_numpy()
    n_treated, n_comparison = int(is_treated.sum()), int((~is_treated).sum())
    x, remarks = _covariate_matrix(data, covariates)
    warnings.extend(remarks)
    empty = pd.Series(np.nan, index=data.index, dtype=float)

    def unusable(reason: str, scores: pd.Series) -> PropensityResult:
        return PropensityResult(
            scores=scores,
            weights=empty,
            balance=_balance_table(
                x, is_treated, np.zeros(len(data), bool), empty.to_numpy(), estimand
            )
            if n_treated and n_comparison
            else pd.DataFrame(),
            effective_n={"treated": math.nan, "comparison": math.nan},
            n=len(data),
            n_trimmed=0,
            estimand=estimand,
            dropped=dropped,
            status="not estimable",
            warnings=(*warnings, reason),
        )

    if n_treated == 0 or n_comparison == 0:
        return unusable(
            f"Both groups are needed; the analysed rows have {n_treated} treated "
            f"and {n_comparison} comparison people.",
            empty,
        )
    if min(n_treated, n_comparison) < 2:
        warnings.append(
            f"A group has a single person ({n_treated} treated, {n_comparison} "
            "comparison); the propensity model cannot be trusted."
        )

    # Fit the propensity model and look for separation before using it.
    design = sm.add_constant(x, has_constant="add")
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        try:
            fit = sm.GLM(
                is_treated.astype(float), design, family=sm.families.Binomial()
            ).fit()
        except (np.linalg.LinAlgError, ValueError) as error:
            return unusable(
                f"The propensity model could not be fitted ({error}).", empty
            )
    scores = pd.Series(np.asarray(fit.fittedvalues, dtype=float), index=data.index)
    extreme = int(((scores < _SEPARATION_EPS) | (scores > 1 - _SEPARATION_EPS)).sum())
    if extreme or any("separation" in str(w.message).lower() for w in caught):
        return unusable(
            "Perfect or quasi-complete separation: the covariates predict group "
            f"membership exactly for {extreme} person(s), so their weights would "
            "be infinite. The groups do not overlap on these covariates; drop or "
            "coarsen the covariate that separates them.",
            scores,
        )
    if not fit.converged:
        return unusable("The propensity model did not converge.", scores)

    # Trim, weight and measure balance.
    e = scores.to_numpy()
    keep = np.ones(len(e), bool)
    if trim is not None:
        keep = (e >= trim[0]) & (e <= trim[1])
    n_trimmed = int((~keep).sum())
    if estimand == "ATT":
        raw = np.where(is_treated, 1.0, e / (1 - e))
    else:
        raw = np.where(is_treated, 1 / e, 1 / (1 - e))
    weights = pd.Series(raw, index=data.index)[keep]
    if n_trimmed:
        warnings.append(
            f"{n_trimmed} row(s) with a propensity score outside "
            f"[{trim[0]}, {trim[1]}] were trimmed; the estimand now covers the "
            "remaining overlap region only."
        )
    effective_n = {
        "treated": _kish(raw[keep & is_treated]),
        "comparison": _kish(raw[keep & ~is_treated]),
    }
    for name, size in effective_n.items():
        count = int((keep & (is_treated if name == "treated" else ~is_treated)).sum())
        if count and size < count / 2:
            warnings.append(
                f"Weighting leaves the {name} group with an effective size of "
                f"{size:.1f} out of {count}: a few people carry much of the weight."
            )
    balance = _balance_table(x, is_treated, keep, raw, estimand)
    poor = balance.loc[balance["smd_after"].abs() > 0.1, "covariate"].tolist()
    if poor:
        warnings.append(
            "Balance after weighting is poor (|SMD| > 0.1) on: " + ", ".join(poor) + "."
        )

    return PropensityResult(
        scores=scores,
        weights=weights,
        balance=balance,
        effective_n=effective_n,
        n=len(data),
        n_trimmed=n_trimmed,
        estimand=estimand,
        dropped=dropped,
        warnings=tuple(warnings),
    )


def weighted_effect(
    frame: pd.DataFrame,
    outcome: str,
    weights,
    *,
    group: str = "group",
    treated: str = "mentored",
    confidence: float = 0.95,
) -> Estimate:
    """Return the difference of weighted outcome means, treated minus comparison.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per person, with the outcome and the group.
    outcome : str
        Outcome column (numbers, or 0/1 for a rate).
    weights : pandas.Series or str
        The weights, e.g. ``PropensityResult.weights`` (aligned on the index;
        rows without a weight, such as trimmed ones, are left out), or the
        name of a weight column of ``frame``.
    group, treated : str
        As for :func:`propensity_weights`.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is ``m1 - m0`` with ``m`` the weighted (Hajek) means;
        ``details`` hold both means, the ``se``, and the effective sample
        sizes.  Normal interval and two-sided p-value.

    Notes
    -----
    The standard error is the robust (sandwich, HC0) one of a weighted
    regression of the outcome on the group: per group,
    ``Var(m) = sum w^2 (y - m)^2 / (sum w)^2``.  It treats the weights as
    known and ignores that the propensity scores were estimated, which is
    usually conservative for the ATE (Lunceford and Davidian 2004) but not
    guaranteed for the ATT.  Checked by hand on a small frame in the tests.

    References
    ----------
    Lunceford JK, Davidian M (2004). Stratification and weighting via the
    propensity score in estimation of causal treatment effects. Stat Med
    23:2937-2960. doi:10.1002/sim.1903

    Examples
    --------
    >>> frame = pd.DataFrame({"group": ["mentored", "comparison"] * 2,
    ...                       "score": [3.0, 1.0, 5.0, 2.0]})
    >>> weighted_effect(frame, "score", pd.Series([1.0, 1.0, 1.0, 3.0])).estimate
    2.25
    """
    check_frame(frame)
    for argument, column in (("outcome", outcome), ("group", group)):
        if column not in frame.columns:
            raise ValueError(
                f"{argument}: expected a column of frame, received {column!r}"
            )
    if isinstance(weights, str):
        if weights not in frame.columns:
            raise ValueError(
                f"weights: expected a Series or a column of frame, received {weights!r}"
            )
        weights = frame[weights]
    if not isinstance(weights, pd.Series):
        raise TypeError(
            f"weights: expected a pandas Series aligned with frame, received "
            f"{type(weights).__name__}"
        )
    if not 0 < confidence < 1:
        raise ValueError(
            f"confidence: expected a number between 0 and 1, received {confidence!r}"
        )
    method = "difference of weighted means (Hajek), robust (HC0) standard error"

    # Align, then drop rows without a usable outcome, group or weight.
    data = frame[[outcome, group]].join(weights.rename("_weight"), how="inner")
    complete = data.notna().all(axis=1)
    n_dropped = int((~complete).sum()) + (len(frame) - len(data))
    data = data.loc[complete]
    if (data["_weight"] < 0).any() or not np.isfinite(data["_weight"]).all():
        raise ValueError("weights: expected finite weights of zero or more")
    y = pd.to_numeric(data[outcome], errors="raise").to_numpy(dtype=float)
    w = data["_weight"].to_numpy(dtype=float)
    is_treated = (data[group] == treated).to_numpy()
    notes = []
    if n_dropped:
        notes.append(
            f"{n_dropped} row(s) without an outcome, group or weight left out."
        )

    if w[is_treated].sum() == 0 or w[~is_treated].sum() == 0:
        result = not_estimable(
            "Both groups need people with positive weight; received "
            f"{int(is_treated.sum())} treated and {int((~is_treated).sum())} "
            "comparison.",
            n=len(y),
            method=method,
            confidence=confidence,
        )
        return result

    parts = {}
    for name, mask in (("treated", is_treated), ("comparison", ~is_treated)):
        mean = float(np.average(y[mask], weights=w[mask]))
        variance = float(
            (w[mask] ** 2 * (y[mask] - mean) ** 2).sum() / w[mask].sum() ** 2
        )
        parts[name] = (mean, variance, _kish(w[mask]))
    estimate = parts["treated"][0] - parts["comparison"][0]
    se = math.sqrt(parts["treated"][1] + parts["comparison"][1])
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p_value = float(2 * stats.norm.sf(abs(estimate) / se)) if se > 0 else math.nan
    if min(is_treated.sum(), (~is_treated).sum()) < 2:
        notes.append("A group has a single person; its mean has no spread to measure.")

    return Estimate(
        estimate=estimate,
        ci_low=estimate - z * se,
        ci_high=estimate + z * se,
        confidence=confidence,
        n=len(y),
        method=method,
        statistic=estimate / se if se > 0 else None,
        p_value=p_value,
        warnings=tuple(notes),
        details={
            "mean_treated": parts["treated"][0],
            "mean_comparison": parts["comparison"][0],
            "se": se,
            "effective_n_treated": parts["treated"][2],
            "effective_n_comparison": parts["comparison"][2],
        },
    )

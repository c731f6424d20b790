"""Covariate-adjusted comparisons of the mentored and comparison groups.

A raw difference between mentored people and a comparison group mixes the
program's effect with differences the groups had at baseline.  The adjusted
comparison fits a regression of the outcome on group and baseline
covariates, then standardizes: it predicts everyone's outcome twice, once as
mentored and once as comparison, and compares the two averages over the
whole analysed sample (g-computation).  For a linear model this equals the
group coefficient; for a logistic model it is a difference in risks that a
reader can compare with the unadjusted one.
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

DEFAULT_SEED = 20261204
KINDS = ("binary", "continuous")
INTERVALS = ("delta", "bootstrap")
OLS_NAME = "linear regression (OLS)"
LOGIT_NAME = "logistic regression"
TREATED_TERM = "treated"

# A fitted probability this close to 0 or 1 marks separation.
_SEPARATION_EPS = 1e-8


@dataclass(frozen=True)
class AdjustedComparison:
    """A covariate-adjusted comparison of treated (mentored) and comparison.

    Attributes
    ----------
    difference : Estimate
        Standardized difference, treated minus comparison: in means for a
        continuous outcome, in risks (proportions) for a binary one.
    lift : Estimate or None
        For a binary outcome, standardized risk in treated divided by
        standardized risk in comparison, minus 1 (e.g. 0.25 = 25% higher);
        None for a continuous outcome.
    coefficients : pandas.DataFrame
        The fitted model, one row per term: ``term``, ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``p_value``.  The group term is called
        ``"treated"``; logistic coefficients are log odds ratios.
    n : int
        Rows analysed.
    dropped : dict
        ``{"rows": k, "columns": {column: rows missing it}}`` for the rows
        left out because of missing values.
    model : str
        ``"linear regression (OLS)"`` or ``"logistic regression"``.
    warnings : tuple of str
        Remarks for the reader (dropped covariates, separation, ...).
    """

    difference: Estimate
    lift: Estimate | None
    coefficients: pd.DataFrame
    n: int
    dropped: dict = field(default_factory=dict)
    model: str = OLS_NAME
    warnings: tuple[str, ...] = ()


def _check_arguments(
    frame, outcome, group, treated, covariates, kind, interval, confidence, n_boot
) -> list[str]:
    """Raise on bad arguments; return the covariates as a list."""
    check_frame(frame)
    covariates = covariate_list(covariates)
    check_columns(
        frame,
        [("outcome", outcome), ("group", group)]
        + [("covariates", c) for c in covariates],
    )
    if outcome in covariates or group in covariates:
        raise ValueError(
            "covariates: expected baseline columns other than the outcome and "
            f"the group, received {covariates!r}"
        )
    if kind not in KINDS:
        raise ValueError(
            f"kind: expected one of {', '.join(map(repr, KINDS))}, received {kind!r}"
        )
    if interval not in INTERVALS:
        raise ValueError(
            f"interval: expected one of {', '.join(map(repr, INTERVALS))}, "
            f"received {interval!r}"
        )
    if not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ValueError(
            f"confidence: expected a number between 0 and 1 (e.g. 0.95), "
            f"received {confidence!r}"
        )
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)):
        raise TypeError(f"n_boot: expected a whole number, received {n_boot!r}")
    if interval == "bootstrap" and n_boot < 100:
        raise ValueError(f"n_boot: expected at least 100 resamples, received {n_boot}")

    groups = set(frame[group].dropna().unique())
    check_treated(groups, group, treated)
    check_group_count(groups, group)
    return covariates


def _complete_rows(frame, columns) -> tuple[pd.DataFrame, dict]:
    """Return the rows with no missing value in ``columns`` and what was dropped."""
    missing = frame[columns].isna()
    keep = ~missing.any(axis=1)
    dropped = {
        "rows": int((~keep).sum()),
        "columns": {c: int(n) for c, n in missing.sum().items() if n > 0},
    }
    return frame.loc[keep], dropped


def _binary_outcome(values: pd.Series, outcome: str) -> np.ndarray:
    """Return a 0/1 outcome, raising if the column holds anything else."""
    if values.dtype == bool:
        return values.to_numpy(dtype=float)
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.isna().any() or not numbers.isin([0, 1]).all():
        bad = values[numbers.isna() | ~numbers.isin([0, 1])].iloc[0]
        raise ValueError(
            f"outcome: expected 0/1 or True/False in column {outcome!r} for "
            f"kind='binary', received {bad!r}"
        )
    return numbers.to_numpy(dtype=float)


def _design(data, group, treated, covariates) -> tuple[pd.DataFrame, list[str]]:
    """Return the design matrix (constant, treated, covariates) and remarks."""
    remarks = []
    design = pd.DataFrame(index=data.index)
    design["const"] = 1.0
    design[TREATED_TERM] = (data[group] == treated).astype(float)

    for covariate, values, encoded in encode_covariates(data, covariates):
        if encoded is None:
            remarks.append(
                f"Covariate {covariate!r} takes one value in the analysed rows, so "
                "it cannot adjust anything and was left out of the model."
            )
        elif isinstance(encoded, pd.Series):
            design[covariate] = encoded
        else:
            design = design.join(encoded)
            remarks.append(
                f"Covariate {covariate!r} is categorical; it enters as indicators "
                f"with {sorted(map(str, values.unique()))[0]!r} as the reference."
            )

    rank = np.linalg.matrix_rank(design.to_numpy())
    if rank < design.shape[1]:
        remarks.append(
            "Some covariates are exact combinations of others (collinear); the "
            "model cannot separate them, so their coefficients are not unique."
        )
    return design, remarks


def _coefficient_table(fit, confidence) -> pd.DataFrame:
    """Return the model's coefficients as a tidy table."""
    limits = np.asarray(fit.conf_int(alpha=1 - confidence))
    return pd.DataFrame(
        {
            "term": list(fit.params.index),
            "estimate": np.asarray(fit.params, dtype=float),
            "se": np.asarray(fit.bse, dtype=float),
            "ci_low": limits[:, 0],
            "ci_high": limits[:, 1],
            "p_value": np.asarray(fit.pvalues, dtype=float),
        }
    )


def _fit_logit(y, design) -> tuple[object | None, list[str]]:
    """Fit a binomial GLM; return the fit (None if unusable) and problems found."""
    problems = []
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        try:
            fit = sm.GLM(y, design, family=sm.families.Binomial()).fit()
        except (np.linalg.LinAlgError, ValueError) as error:
            return None, [f"The logistic model could not be fitted ({error})."]
    converged = bool(getattr(fit, "converged", True))
    fitted = np.asarray(fit.fittedvalues, dtype=float)
    extreme = int(((fitted < _SEPARATION_EPS) | (fitted > 1 - _SEPARATION_EPS)).sum())
    separation_warned = any("separation" in str(w.message).lower() for w in caught)
    if extreme or separation_warned:
        problems.append(
            "Perfect or quasi-complete separation: the covariates and group "
            f"predict the outcome exactly for {extreme} person(s), so the "
            "logistic coefficients run off to infinity. Use fewer covariates, "
            "merge sparse categories, or report the unadjusted comparison."
        )
    if not converged:
        problems.append(
            "The logistic model did not converge, so its estimates cannot be used."
        )
    return fit, problems


def _standardized_risks(params, design) -> tuple[float, float, np.ndarray, np.ndarray]:
    """Return both standardized risks and their gradients in the coefficients."""
    as_treated = design.copy()
    as_treated[TREATED_TERM] = 1.0
    as_comparison = design.copy()
    as_comparison[TREATED_TERM] = 0.0
    x1, x0 = as_treated.to_numpy(), as_comparison.to_numpy()
    p1 = 1 / (1 + np.exp(-x1 @ params))
    p0 = 1 / (1 + np.exp(-x0 @ params))
    grad1 = (p1 * (1 - p1)) @ x1 / len(p1)
    grad0 = (p0 * (1 - p0)) @ x0 / len(p0)
    return float(p1.mean()), float(p0.mean()), grad1, grad0


def _bootstrap_logit(y, design, n_boot, seed) -> tuple[np.ndarray, int]:
    """Refit on resampled rows; return (difference, log ratio) pairs and failures."""
    rng = np.random.default_rng(seed)
    n = len(y)
    draws = []
    failures = 0
    for _ in range(n_boot):
        rows = rng.integers(0, n, n)
        x = design.iloc[rows]
        if x[TREATED_TERM].nunique() < 2 or np.ptp(y[rows]) == 0:
            failures += 1
            continue
        fit, problems = _fit_logit(y[rows], x)
        if fit is None or problems:
            failures += 1
            continue
        p1, p0, _, _ = _standardized_risks(np.asarray(fit.params), x)
        draws.append((p1 - p0, math.log(p1 / p0) if p0 > 0 and p1 > 0 else math.nan))
    return np.array(draws).reshape(-1, 2), failures


def _interval(estimate, se, z):
    """Return the normal interval and two-sided p-value for ``estimate``."""
    p_value = float(2 * stats.norm.sf(abs(estimate / se))) if se > 0 else math.nan
    return estimate - z * se, estimate + z * se, p_value


def _not_estimable_result(
    reason, n, dropped, model, kind, warnings, confidence, coefficients=None
):
    """Return an AdjustedComparison that says why there is no number."""
    difference = not_estimable(reason, n=n, method=model, confidence=confidence)
    lift = difference if kind == "binary" else None
    return AdjustedComparison(
        difference=difference,
        lift=lift,
        coefficients=(
            coefficients
            if coefficients is not None
            else pd.DataFrame(
                columns=["term", "estimate", "se", "ci_low", "ci_high", "p_value"]
            )
        ),
        n=n,
        dropped=dropped,
        model=model,
        warnings=(*warnings, reason),
    )


def adjusted_comparison(
    frame: pd.DataFrame,
    *,
    outcome: str,
    group: str = "group",
    treated: str = "mentored",
    covariates=(),
    kind: str = "binary",
    interval: str = "delta",
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = DEFAULT_SEED,
) -> AdjustedComparison:
    """Return the covariate-adjusted difference between treated and comparison.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per person, with the outcome, the group and the covariates.
    outcome : str
        Outcome column: 0/1 (or bool) for ``kind="binary"``, numbers for
        ``kind="continuous"``.
    group : str, default "group"
        Column naming each person's group; it must hold two values.
    treated : str, default "mentored"
        The value of ``group`` that marks the treated (mentored) people;
        the other value is the comparison group.
    covariates : sequence of str, default ()
        Baseline columns to adjust for.  Numbers and booleans enter as they
        are; text or categorical columns as indicators.  A covariate with a
        single value in the analysed rows is left out with a warning.
    kind : {"binary", "continuous"}, default "binary"
        Logistic regression for a binary outcome, OLS for a continuous one.
    interval : {"delta", "bootstrap"}, default "delta"
        For a binary outcome: delta-method normal intervals, or percentile
        intervals from ``n_boot`` seeded resamples of rows with the model
        refitted each time.  The linear model always uses its t interval.
    confidence : float, default 0.95
        Confidence level of every interval.
    n_boot : int, default 2000
        Bootstrap resamples when ``interval="bootstrap"``.
    seed : int, default 20261204
        Seed of the bootstrap; recorded in ``details``.

    Returns
    -------
    AdjustedComparison
        ``difference`` (Estimate; ``details`` hold the standardized means or
        risks ``mean_treated`` and ``mean_comparison``, ``se`` and the group
        sizes), ``lift`` (binary only), ``coefficients``, ``n``, ``dropped``,
        ``model`` and ``warnings``.  Rows missing the outcome, the group or a
        covariate are dropped and counted in ``dropped``.

    Notes
    -----
    Standardization: with fitted coefficients ``b``, every analysed person
    gets a prediction with the treated indicator set to 1 and to 0; the
    averages ``m1`` and ``m0`` are the standardized means (risks).  The
    difference is ``m1 - m0``; the lift ``m1 / m0 - 1``.  For OLS the
    difference equals the treated coefficient and its interval is the
    model's t interval.  For the logistic model the delta method gives
    ``Var(m1 - m0) = g' V g`` with ``g`` the gradient of ``m1 - m0`` in ``b``
    and ``V`` the model covariance, and likewise for ``log(m1 / m0)``, whose
    interval is transformed back; the covariates of the sample are treated
    as fixed.  Separation (fitted probabilities of 0 or 1) and
    non-convergence make the result ``"not estimable"`` with the reason.

    Checked against Agresti (2007), An Introduction to Categorical Data
    Analysis, 2nd ed., section 4.4 (AZT and AIDS symptoms: AZT coefficient
    -0.720, SE 0.279), and the NSW experiment (Dehejia and Wahba 1999:
    difference in 1978 earnings 1794, SE 633).

    References
    ----------
    Robins J (1986). A new approach to causal inference in mortality studies
    with a sustained exposure period. Math Model 7:1393-1512.
    doi:10.1016/0270-0255(86)90088-6

    Examples
    --------
    >>> frame = pd.DataFrame({"group": ["mentored"] * 3 + ["comparison"] * 3,
    ...                       "score": [5.0, 6.0, 7.0, 4.0, 5.0, 3.0]})
    >>> result = adjusted_comparison(frame, outcome="score", kind="continuous")
    >>> round(result.difference.estimate, 3)
    2.0
    """
    covariates = _check_arguments(
        frame,
        outcome,
        group,
        treated,
        covariates,
        kind,
        interval,
        confidence,
        n_boot,
    )
    model = LOGIT_NAME if kind == "binary" else OLS_NAME
    data, dropped = _complete_rows(frame, [outcome, group, *covariates])
    n = len(data)
    warnings: list[str] = []
    if dropped["rows"]:
        columns = ", ".join(f"{c} ({k})" for c, k in dropped["columns"].items())
        warnings.append(
            f"{dropped['rows']} row(s) with missing values were left out: {columns}."
        )

    # Both groups must be present, each with at least one person.
    is_treated = (data[group] == treated).to_numpy()
    n_treated, n_comparison = int(is_treated.sum()), int((~is_treated).sum())
    if n_treated == 0 or n_comparison == 0:
        return _not_estimable_result(
            f"Both groups are needed; the analysed rows have {n_treated} treated "
            f"and {n_comparison} comparison people.",
            n,
            dropped,
            model,
            kind,
            warnings,
            confidence,
        )
    if min(n_treated, n_comparison) < 2:
        warnings.append(
            f"A group has a single person ({n_treated} treated, {n_comparison} "
            "comparison); the comparison rests on that one outcome."
        )

    y = (
        _binary_outcome(data[outcome], outcome)
        if kind == "binary"
        else pd.to_numeric(data[outcome], errors="raise").to_numpy(dtype=float)
    )
    design, remarks = _design(data, group, treated, covariates)
    warnings.extend(remarks)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    sizes = {"n_treated": n_treated, "n_comparison": n_comparison}

    if kind == "continuous":
        if np.ptp(y) == 0:
            return _not_estimable_result(
                f"The outcome {outcome} takes one value ({y[0]:g}) for everyone "
                "analysed; there is no difference to adjust.",
                n,
                dropped,
                model,
                kind,
                warnings,
                confidence,
            )
        if design.shape[0] <= design.shape[1]:
            return _not_estimable_result(
                f"The model has {design.shape[1]} terms but only {n} rows; it "
                "needs more rows than terms.",
                n,
                dropped,
                model,
                kind,
                warnings,
                confidence,
            )
        fit = sm.OLS(y, design).fit()
        table = _coefficient_table(fit, confidence)
        row = table.set_index("term").loc[TREATED_TERM]
        as_treated, as_comparison = design.copy(), design.copy()
        as_treated[TREATED_TERM], as_comparison[TREATED_TERM] = 1.0, 0.0
        difference = Estimate(
            estimate=float(row["estimate"]),
            ci_low=float(row["ci_low"]),
            ci_high=float(row["ci_high"]),
            confidence=confidence,
            n=n,
            method="standardized difference in means from OLS (t interval)",
            statistic=float(fit.tvalues[TREATED_TERM]),
            df=float(fit.df_resid),
            p_value=float(row["p_value"]),
            warnings=tuple(warnings),
            details={
                "mean_treated": float(np.mean(as_treated.to_numpy() @ fit.params)),
                "mean_comparison": float(
                    np.mean(as_comparison.to_numpy() @ fit.params)
                ),
                "se": float(row["se"]),
                **sizes,
            },
        )
        return AdjustedComparison(
            difference=difference,
            lift=None,
            coefficients=table,
            n=n,
            dropped=dropped,
            model=model,
            warnings=tuple(warnings),
        )

    if np.ptp(y) == 0:
        return _not_estimable_result(
            f"Every analysed person has outcome {int(y[0])}, so a logistic model "
            "cannot be fitted.",
            n,
            dropped,
            model,
            kind,
            warnings,
            confidence,
        )
    fit, problems = _fit_logit(y, design)
    if fit is None or problems:
        table = _coefficient_table(fit, confidence) if fit is not None else None
        return _not_estimable_result(
            " ".join(problems),
            n,
            dropped,
            model,
            kind,
            warnings,
            confidence,
            coefficients=table,
        )
    table = _coefficient_table(fit, confidence)

    params = np.asarray(fit.params, dtype=float)
    covariance = np.asarray(fit.cov_params(), dtype=float)
    p1, p0, grad1, grad0 = _standardized_risks(params, design)
    risk_difference = p1 - p0
    log_ratio = math.log(p1 / p0)
    details = {"mean_treated": p1, "mean_comparison": p0, **sizes}

    if interval == "delta":
        g_diff = grad1 - grad0
        g_ratio = grad1 / p1 - grad0 / p0
        se_diff = float(math.sqrt(g_diff @ covariance @ g_diff))
        se_log = float(math.sqrt(g_ratio @ covariance @ g_ratio))
        diff_low, diff_high, diff_p = _interval(risk_difference, se_diff, z)
        log_low, log_high, ratio_p = _interval(log_ratio, se_log, z)
        method_diff = "standardized risk difference from logistic regression (delta)"
        method_lift = "standardized relative lift from logistic regression (delta, log)"
        diff_details = {**details, "se": se_diff}
        lift_details = {**details, "se_log_ratio": se_log}
    else:
        draws, failures = _bootstrap_logit(y, design, n_boot, seed)
        if failures:
            warnings.append(
                f"{failures} of {n_boot} bootstrap resamples could not be fitted "
                "(one group or one outcome only, or separation) and were skipped."
            )
        alpha = 1 - confidence
        diff_low, diff_high = np.nanquantile(draws[:, 0], [alpha / 2, 1 - alpha / 2])
        log_low, log_high = np.nanquantile(draws[:, 1], [alpha / 2, 1 - alpha / 2])
        diff_p = ratio_p = None
        method_diff = (
            f"standardized risk difference from logistic regression (percentile "
            f"bootstrap, {n_boot} resamples, seed {seed})"
        )
        method_lift = method_diff.replace("risk difference", "relative lift")
        boot = {"seed": seed, "n_boot": n_boot, "n_failed": failures}
        diff_details = {**details, "se": float(np.std(draws[:, 0], ddof=1)), **boot}
        lift_details = {**details, **boot}

    # A difference of two risks lies in [-1, 1]; a Wald interval on few people
    # can run past that, so it is clipped, and the reader is told.
    difference_warnings = list(warnings)
    if diff_low < -1 or diff_high > 1:
        diff_low, diff_high = max(diff_low, -1.0), min(diff_high, 1.0)
        difference_warnings.append(
            "the interval of the adjusted difference ran past the possible range "
            "and was clipped to [-1, 1]; too few people for a normal approximation"
        )

    difference = Estimate(
        estimate=risk_difference,
        ci_low=float(diff_low),
        ci_high=float(diff_high),
        confidence=confidence,
        n=n,
        method=method_diff,
        p_value=diff_p,
        warnings=tuple(difference_warnings),
        details=diff_details,
    )
    lift = Estimate(
        estimate=p1 / p0 - 1,
        ci_low=math.exp(log_low) - 1,
        ci_high=math.exp(log_high) - 1,
        confidence=confidence,
        n=n,
        method=method_lift,
        p_value=ratio_p,
        warnings=tuple(warnings),
        details=lift_details,
    )
    return AdjustedComparison(
        difference=difference,
        lift=lift,
        coefficients=table,
        n=n,
        dropped=dropped,
        model=model,
        warnings=tuple(warnings),
    )

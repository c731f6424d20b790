"""Two independent means: the difference with its t interval, and Hedges' g.

Group order is the treated (mentored) group first, the comparison group
second, so a positive difference means a higher mean among the treated.
Missing values (NaN) are dropped and counted; the count is in ``details`` and
in a warning.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from scipy import stats

from evalkit.errors import StatsInputError
from evalkit.stats.proportions import check_confidence
from evalkit.stats.results import Estimate, not_estimable

ALTERNATIVES = ("two-sided", "less", "greater")
MEAN_METHODS = {
    "pooled": "difference in means (treated - comparison); Student t with pooled "
    "variance",
    "welch": "difference in means (treated - comparison); Welch t with "
    "Satterthwaite df",
}
HEDGES_METHOD = (
    "Hedges' g = omega * (mean difference / pooled SD), omega = 1 - 3/(4N - 9) "
    "(WWC); normal interval with SE = sqrt(N/(n1*n2) + g**2/(2N))"
)


def check_alternative(alternative: str) -> str:
    """Return ``alternative`` after checking it is one of SciPy's values."""
    if alternative not in ALTERNATIVES:
        raise StatsInputError(
            f"alternative: expected one of {list(ALTERNATIVES)}, received "
            f"{alternative!r}"
        )
    return alternative


def clean_values(values, name: str) -> tuple[np.ndarray, int]:
    """Return the finite values of an array-like and the number of NaNs dropped.

    Raises
    ------
    StatsInputError
        If ``values`` is not one-dimensional numeric data, or holds an
        infinite value.
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise StatsInputError(
            f"{name}: expected numbers (NaN allowed for missing), received "
            f"values that cannot be read as numbers ({error})"
        ) from None
    if array.ndim != 1:
        raise StatsInputError(
            f"{name}: expected a one-dimensional list of numbers, received an "
            f"array of shape {array.shape}"
        )
    if np.isinf(array).any():
        raise StatsInputError(
            f"{name}: expected finite numbers, received an infinite value"
        )
    missing = np.isnan(array)
    return array[~missing], int(missing.sum())


def omega_correction(total_n: int) -> float:
    """Return the WWC small-sample factor ``1 - 3 / (4 * total_n - 9)``.

    Parameters
    ----------
    total_n : int
        Total number of observations over both groups (for a paired design,
        twice the number of pairs).

    Returns
    -------
    float
        The factor omega that turns a standardized mean difference into
        Hedges' g.  It is below 1 and tends to 1 as ``total_n`` grows; it is
        not meaningful for ``total_n`` below 3 and is not checked here.

    Notes
    -----
    ``omega = 1 - 3 / (4N - 9)`` with N the total sample size, the form the
    What Works Clearinghouse Procedures Handbook uses (an approximation of
    Hedges' exact gamma-function factor).  Checked in
    ``tests/stats/test_means.py``: N = 6 gives 0.8 (means 3 and 2, SDs 1,
    n = 3 + 3) and N = 20 gives 68/71 on R's ``sleep`` data.

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect
    size and related estimators. J Educ Stat 6, 107-128.
    doi:10.3102/10769986006002107
    What Works Clearinghouse (2020). Procedures Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.

    Examples
    --------
    >>> omega_correction(6)
    0.8
    >>> round(omega_correction(20), 6)
    0.957746
    """
    return 1.0 - 3.0 / (4.0 * total_n - 9.0)


def t_interval(estimate, se, df, confidence, alternative):
    """Return ``(t, p_value, ci_low, ci_high)`` for a t-distributed estimate.

    Parameters
    ----------
    estimate : float
        The estimate, tested against 0.
    se : float
        Its standard error (positive).
    df : float
        Degrees of freedom of the t distribution.
    confidence : float
        Confidence level of the interval, in (0, 1); not checked here.
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis; not checked here (see
        :func:`check_alternative`).

    Returns
    -------
    tuple of float
        ``t``: the statistic ``estimate / se``.  ``p_value``: its tail
        probability under the t distribution on ``df``.  ``ci_low``,
        ``ci_high``: the limits ``estimate -+ t_q * se``; for a one-sided
        alternative the interval is one-sided and the other limit is
        infinite (``-inf`` for "less", ``inf`` for "greater").

    Notes
    -----
    Two-sided: ``p = 2 * P(T > |t|)`` and ``t_q`` the ``(1 + confidence) / 2``
    quantile.  "greater": ``p = P(T > t)``, lower limit with ``t_q`` the
    ``confidence`` quantile; "less": ``p = P(T < t)``, upper limit likewise.
    Checked through :func:`mean_difference` in ``tests/stats/test_means.py``
    against R ``t.test(extra ~ group, data = sleep)`` (two-sided, pooled and
    Welch) and against the halved p-values of the one-sided alternatives.

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6, 1-25.
    doi:10.1093/biomet/6.1.1

    Examples
    --------
    >>> t, p, low, high = t_interval(-1.58, 0.849091, 17.776, 0.95, "two-sided")
    >>> round(t, 4), round(p, 5), round(low, 4), round(high, 4)
    (-1.8608, 0.07939, -3.3655, 0.2055)
    >>> t_interval(2.0, 1.0, 10, 0.95, "greater")[3]
    inf
    """
    t_value = estimate / se
    if alternative == "two-sided":
        p_value = 2.0 * stats.t.sf(abs(t_value), df)
        half = stats.t.ppf(0.5 + confidence / 2.0, df) * se
        return t_value, float(p_value), float(estimate - half), float(estimate + half)
    one_sided = stats.t.ppf(confidence, df) * se
    if alternative == "greater":
        low = float(estimate - one_sided)
        return t_value, float(stats.t.sf(t_value, df)), low, math.inf
    high = float(estimate + one_sided)
    return t_value, float(stats.t.cdf(t_value, df)), -math.inf, high


def mean_difference_from_summary(
    mean_treated: float,
    sd_treated: float,
    n_treated: int,
    mean_comparison: float,
    sd_comparison: float,
    n_comparison: int,
    method: str = "pooled",
    confidence: float = 0.95,
    alternative: str = "two-sided",
) -> Estimate:
    """Return the difference of two means from published group summaries.

    Parameters
    ----------
    mean_treated, sd_treated, n_treated : float, float, int
        Mean, standard deviation (n - 1 denominator) and size of the treated
        group.
    mean_comparison, sd_comparison, n_comparison : float, float, int
        The same for the comparison group.
    method, confidence, alternative
        As for :func:`mean_difference`.

    Returns
    -------
    Estimate
        As for :func:`mean_difference`.

    Raises
    ------
    StatsInputError
        If ``method`` or ``alternative`` is unknown or ``confidence`` is not
        in (0, 1).

    Notes
    -----
    ``"pooled"``: ``s_p**2 = ((n1 - 1) s1**2 + (n2 - 1) s2**2) / (n1 + n2 - 2)``,
    ``SE = s_p * sqrt(1/n1 + 1/n2)`` on ``n1 + n2 - 2`` df.  ``"welch"``:
    ``SE = sqrt(s1**2/n1 + s2**2/n2)`` with the Satterthwaite df
    ``SE**4 / ((s1**2/n1)**2/(n1 - 1) + (s2**2/n2)**2/(n2 - 1))``.  Then
    ``t = (mean1 - mean2) / SE`` and the interval is ``difference +- t_q * SE``.
    A group of one has its SD taken as 0 (pooled only, with a warning).

    Checked in ``tests/stats/test_means.py`` against Dehejia and Wahba (1999),
    NSW experiment, 1978 earnings: a difference of 1,794.34 with pooled SE
    633 on n = 185 and 260 gives 443 df and the published 95% interval 550.6
    to 3,038.1 (to within 1.5 dollars, the SE being rounded).

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6, 1-25.
    doi:10.1093/biomet/6.1.1
    Welch, B. L. (1947). The generalization of "Student's" problem when
    several different population variances are involved. Biometrika 34,
    28-35. doi:10.1093/biomet/34.1-2.28
    Dehejia, R. H. and Wahba, S. (1999). Causal effects in nonexperimental
    studies: reevaluating the evaluation of training programs. JASA 94,
    1053-1062. doi:10.1080/01621459.1999.10473858

    Examples
    --------
    >>> result = mean_difference_from_summary(6349.14, 6581.07, 185,
    ...                                       4554.80, 6581.07, 260)
    >>> round(result.estimate, 2), result.df
    (1794.34, 443.0)
    >>> round(result.ci_low, 1), round(result.ci_high, 1)
    (550.3, 3038.4)
    """
    confidence = check_confidence(confidence)
    check_alternative(alternative)
    if method not in MEAN_METHODS:
        raise StatsInputError(
            f"method: expected one of {sorted(MEAN_METHODS)}, received {method!r}"
        )
    method_name = MEAN_METHODS[method]
    total = n_treated + n_comparison
    details = {
        "mean_treated": mean_treated,
        "sd_treated": sd_treated,
        "n_treated": n_treated,
        "mean_comparison": mean_comparison,
        "sd_comparison": sd_comparison,
        "n_comparison": n_comparison,
    }

    if n_treated < 1 or n_comparison < 1:
        reason = "a group has no observations, so no difference can be formed"
        return not_estimable(reason, n=total, method=method_name, confidence=confidence)
    if method == "pooled" and total < 3:
        reason = "one observation per group leaves no degrees of freedom for the SD"
        return not_estimable(reason, n=total, method=method_name, confidence=confidence)
    if method == "welch" and min(n_treated, n_comparison) < 2:
        reason = "Welch's test needs at least two observations in each group"
        return not_estimable(reason, n=total, method=method_name, confidence=confidence)

    # Standard error and degrees of freedom of the difference.
    var_treated = sd_treated**2 if n_treated > 1 else 0.0
    var_comparison = sd_comparison**2 if n_comparison > 1 else 0.0
    if method == "pooled":
        df = total - 2.0
        pooled_var = (
            (n_treated - 1) * var_treated + (n_comparison - 1) * var_comparison
        ) / df
        se = math.sqrt(pooled_var * (1.0 / n_treated + 1.0 / n_comparison))
        details["pooled_sd"] = math.sqrt(pooled_var)
    else:
        part_treated = var_treated / n_treated
        part_comparison = var_comparison / n_comparison
        se = math.sqrt(part_treated + part_comparison)
        df = (
            (part_treated + part_comparison) ** 2
            / (
                part_treated**2 / (n_treated - 1)
                + part_comparison**2 / (n_comparison - 1)
            )
            if se > 0
            else math.nan
        )
    details["se"] = se

    if se == 0:
        reason = "no variation within either group, so the t test is undefined"
        return not_estimable(reason, n=total, method=method_name, confidence=confidence)

    estimate = mean_treated - mean_comparison
    t_value, p_value, low, high = t_interval(estimate, se, df, confidence, alternative)
    warnings = []
    if min(n_treated, n_comparison) == 1:
        warnings.append("a group has a single observation; its SD is taken as 0")
    return Estimate(
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        confidence=confidence,
        n=total,
        method=method_name,
        statistic=t_value,
        df=df,
        p_value=p_value,
        alternative=alternative,
        warnings=tuple(warnings),
        details=details,
    )


def _group_summary(values, name):
    """Mean, SD (n - 1), n and the count of dropped NaNs of one group."""
    clean, dropped = clean_values(values, name)
    n = clean.size
    mean = float(clean.mean()) if n else math.nan
    sd = float(clean.std(ddof=1)) if n > 1 else math.nan
    return mean, sd, n, dropped


def _with_missing(result, dropped_treated, dropped_comparison):
    """``result`` with the missing values dropped per group noted and counted."""
    details = {**result.details, "missing_treated": dropped_treated}
    details["missing_comparison"] = dropped_comparison
    warnings = tuple(result.warnings)
    if dropped_treated or dropped_comparison:
        warnings = (
            *warnings,
            f"missing values dropped: {dropped_treated} treated, "
            f"{dropped_comparison} comparison",
        )
    return replace(result, details=details, warnings=warnings)


def mean_difference(
    treated,
    comparison,
    method: str = "pooled",
    confidence: float = 0.95,
    alternative: str = "two-sided",
) -> Estimate:
    """Return the difference of two independent means with its t interval.

    Parameters
    ----------
    treated, comparison : array-like of float
        Observations of the treated (mentored) and comparison groups; NaN
        marks a missing value and is dropped and counted.
    method : {"pooled", "welch"}, default "pooled"
        ``"pooled"``: Student's t with the pooled variance and
        ``n1 + n2 - 2`` df.  ``"welch"``: Welch's t with Satterthwaite df.
    confidence : float, default 0.95
        Confidence level of the interval.
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        Alternative hypothesis about treated - comparison; a one-sided
        alternative gives a one-sided interval (one limit infinite).

    Returns
    -------
    Estimate
        ``estimate`` is mean(treated) - mean(comparison); ``statistic``,
        ``df`` and ``p_value`` are the t test's; ``details`` holds mean, SD
        and n per group, the SE (and the pooled SD for ``"pooled"``), and the
        number of missing values dropped per group.

    Raises
    ------
    StatsInputError
        If the inputs are not numeric, or an option is unknown.

    Notes
    -----
    Checked against R: ``t.test(extra ~ group, data = sleep)`` gives
    t = -1.8608, df = 17.776, p = 0.07939, interval -3.3654832 to 0.2054832.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when
    several different population variances are involved. Biometrika 34,
    28-35. doi:10.1093/biomet/34.1-2.28

    Examples
    --------
    >>> result = mean_difference([1.0, 2.0, 3.0], [1.0, 1.0, 2.0, float("nan")])
    >>> round(result.estimate, 4), result.n, result.details["missing_comparison"]
    (0.6667, 6, 1)
    """
    mean_t, sd_t, n_t, dropped_t = _group_summary(treated, "treated")
    mean_c, sd_c, n_c, dropped_c = _group_summary(comparison, "comparison")

    result = mean_difference_from_summary(
        mean_t, sd_t, n_t, mean_c, sd_c, n_c, method, confidence, alternative
    )
    return _with_missing(result, dropped_t, dropped_c)


def hedges_g_from_summary(
    mean_treated: float,
    sd_treated: float,
    n_treated: int,
    mean_comparison: float,
    sd_comparison: float,
    n_comparison: int,
    confidence: float = 0.95,
) -> Estimate:
    """Return Hedges' g from published group summaries.

    Parameters
    ----------
    mean_treated, sd_treated, n_treated : float, float, int
        Mean, standard deviation (n - 1 denominator) and size of the treated
        (mentored) group.
    mean_comparison, sd_comparison, n_comparison : float, float, int
        The same for the comparison group.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is g; ``ci_low`` and ``ci_high`` its normal interval;
        ``n`` the total N.  ``details`` holds the six summaries, the pooled
        SD, omega and the SE.  An empty group, N below 4 or a pooled SD of 0
        gives "not estimable" with the reason.

    Raises
    ------
    StatsInputError
        If ``confidence`` is not in (0, 1).

    Notes
    -----
    ``g = omega * (mean1 - mean2) / s_p`` with
    ``s_p = sqrt(((n1 - 1) s1**2 + (n2 - 1) s2**2) / (N - 2))`` and
    ``omega = 1 - 3 / (4N - 9)``; interval ``g +- z * SE`` with
    ``SE = sqrt(N / (n1 n2) + g**2 / (2N))``.  Checked in
    ``tests/stats/test_means.py``: means 3 and 2, SDs 1, n = 3 + 3 give
    d = 1, omega = 0.8 and g = 0.8 (worked by hand from the WWC Procedures
    Handbook formula).

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect
    size and related estimators. J Educ Stat 6, 107-128.
    doi:10.3102/10769986006002107
    What Works Clearinghouse (2020). Procedures Handbook, Version 4.1.

    Examples
    --------
    >>> result = hedges_g_from_summary(3.0, 1.0, 3, 2.0, 1.0, 3)
    >>> [round(float(x), 4) for x in (result.estimate, result.ci_low, result.ci_high)]
    [0.8, -0.8631, 2.4631]
    """
    confidence = check_confidence(confidence)
    total = n_treated + n_comparison
    if n_treated < 1 or n_comparison < 1 or total < 4:
        reason = "Hedges' g needs both groups and at least 4 observations in all"
        return not_estimable(
            reason, n=total, method=HEDGES_METHOD, confidence=confidence
        )

    var_treated = sd_treated**2 if n_treated > 1 else 0.0
    var_comparison = sd_comparison**2 if n_comparison > 1 else 0.0
    pooled_sd = math.sqrt(
        ((n_treated - 1) * var_treated + (n_comparison - 1) * var_comparison)
        / (total - 2)
    )
    if pooled_sd == 0:
        reason = "no variation within either group (pooled SD is 0)"
        return not_estimable(
            reason, n=total, method=HEDGES_METHOD, confidence=confidence
        )

    omega = omega_correction(total)
    g = omega * (mean_treated - mean_comparison) / pooled_sd
    se = math.sqrt(total / (n_treated * n_comparison) + g**2 / (2.0 * total))
    z = stats.norm.ppf(0.5 + confidence / 2.0)
    warnings = []
    if min(n_treated, n_comparison) == 1:
        warnings.append("a group has a single observation; the SD comes from the other")
    return Estimate(
        estimate=g,
        ci_low=g - z * se,
        ci_high=g + z * se,
        confidence=confidence,
        n=total,
        method=HEDGES_METHOD,
        warnings=tuple(warnings),
        details={
            "mean_treated": mean_treated,
            "sd_treated": sd_treated,
            "n_treated": n_treated,
            "mean_comparison": mean_comparison,
            "sd_comparison": sd_comparison,
            "n_comparison": n_comparison,
            "pooled_sd": pooled_sd,
            "omega": omega,
            "se": se,
        },
    )


def hedges_g(treated, comparison, confidence: float = 0.95) -> Estimate:
    """Return Hedges' g, the standardized mean difference with WWC's correction.

    Parameters
    ----------
    treated, comparison : array-like of float
        Observations of the treated and comparison groups; NaN is dropped and
        counted.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is ``omega * (mean1 - mean2) / s_pooled`` with
        ``s_pooled`` the pooled within-group SD (n - 1 denominators) and
        ``omega = 1 - 3 / (4N - 9)``, N the total n (What Works Clearinghouse
        Procedures Handbook).  The interval is ``g +- z * SE`` with
        ``SE = sqrt(N / (n1 * n2) + g**2 / (2N))`` (Hedges and Olkin 1985,
        large-sample variance).  ``details`` holds the group summaries, the
        pooled SD, omega and the SE.  Fewer than 4 observations in all, an
        empty group, or no variation gives "not estimable".

    Raises
    ------
    StatsInputError
        If the inputs are not numeric or ``confidence`` is not in (0, 1).

    Notes
    -----
    Computed by :func:`hedges_g_from_summary` from each group's mean, SD and
    n after missing values are dropped.  Checked in
    ``tests/stats/test_means.py`` by hand on R's ``sleep`` data (groups 1
    and 2 as independent samples): ``g = (68/71) * (0.75 - 2.33) / s_p``,
    with an interval of width ``2 * 1.959964 * sqrt(20/100 + g**2/40)``.

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect
    size and related estimators. J Educ Stat 6, 107-128.
    doi:10.3102/10769986006002107
    What Works Clearinghouse (2020). Procedures Handbook, Version 4.1.

    Examples
    --------
    >>> result = hedges_g([2.0, 3.0, 4.0], [1.0, 2.0, 3.0])
    >>> round(result.estimate, 4)
    0.8
    """
    mean_t, sd_t, n_t, dropped_t = _group_summary(treated, "treated")
    mean_c, sd_c, n_c, dropped_c = _group_summary(comparison, "comparison")

    result = hedges_g_from_summary(mean_t, sd_t, n_t, mean_c, sd_c, n_c, confidence)
    return _with_missing(result, dropped_t, dropped_c)

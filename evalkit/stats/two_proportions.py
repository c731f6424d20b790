"""Comparisons of two independent proportions: difference, ratio, lift, odds.

The outcomes stage compares a rate among mentored people with the rate in a
comparison group (promotion, enrollment in STEM).  Group order is always the
treated (mentored) group first and the comparison group second, so a positive
difference, a ratio above 1 or a positive lift all mean "higher among the
mentored".

Zero cells are not patched: no 0.5 is added anywhere.  When a quantity has no
finite value (a ratio over a comparison rate of 0, an odds ratio with an empty
cell), the result is "not estimable" and says why.
"""

from __future__ import annotations

import math

from scipy import optimize, stats
from statsmodels.stats.proportion import confint_proportions_2indep

from evalkit.errors import StatsInputError
from evalkit.stats.proportions import check_confidence, check_events
from evalkit.stats.results import Estimate, not_estimable

DIFFERENCE_METHOD = (
    "difference in proportions (treated - comparison); Newcombe hybrid score "
    "interval (Newcombe 1998, method 10); p-value from the two-sided "
    "two-proportion z test with pooled variance"
)
KOOPMAN_METHOD = "risk ratio (treated / comparison); Koopman score interval"
KATZ_METHOD = "risk ratio (treated / comparison); Katz log interval"
RISK_RATIO_METHODS = {"koopman": KOOPMAN_METHOD, "katz": KATZ_METHOD}
ODDS_RATIO_METHOD = "odds ratio (treated / comparison); Woolf log interval"


def _check_groups(events_treated, n_treated, events_comparison, n_comparison):
    """Validate the four counts and return them as ints."""
    events_treated, n_treated = check_events(
        events_treated, n_treated, "events_treated", "n_treated"
    )
    events_comparison, n_comparison = check_events(
        events_comparison, n_comparison, "events_comparison", "n_comparison"
    )
    return events_treated, n_treated, events_comparison, n_comparison


def _group_details(events_treated, n_treated, events_comparison, n_comparison):
    """Counts and rates of both groups, for ``Estimate.details``."""
    return {
        "events_treated": events_treated,
        "n_treated": n_treated,
        "rate_treated": events_treated / n_treated if n_treated else math.nan,
        "events_comparison": events_comparison,
        "n_comparison": n_comparison,
        "rate_comparison": (
            events_comparison / n_comparison if n_comparison else math.nan
        ),
    }


def _small_group_warnings(events_treated, n_treated, events_comparison, n_comparison):
    """Plain-language remarks on groups where every outcome is the same."""
    remarks = []
    for label, events, n in (
        ("treated", events_treated, n_treated),
        ("comparison", events_comparison, n_comparison),
    ):
        if events == 0:
            remarks.append(f"no events in the {label} group (0 of {n})")
        elif events == n:
            remarks.append(f"every member of the {label} group had the event ({n})")
    return tuple(remarks)


def proportion_difference(
    events_treated: int,
    n_treated: int,
    events_comparison: int,
    n_comparison: int,
    confidence: float = 0.95,
) -> Estimate:
    """Return the difference of two proportions with Newcombe's interval.

    Parameters
    ----------
    events_treated, n_treated : int
        Events and group size in the treated (mentored) group.
    events_comparison, n_comparison : int
        Events and group size in the comparison group.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is ``p1 - p2`` (treated minus comparison); the interval
        is Newcombe's hybrid score interval; ``statistic`` and ``p_value`` are
        the two-sided two-proportion z test with pooled variance (equal to
        R's ``prop.test(..., correct = FALSE)``).  ``details`` holds both
        groups' counts and rates.  An empty group gives "not estimable".

    Raises
    ------
    StatsInputError
        If a count is not a whole number >= 0, events exceed their group size,
        or ``confidence`` is not in (0, 1).

    Notes
    -----
    With Wilson limits ``(l1, u1)`` and ``(l2, u2)`` for each group, the
    limits are ``d - sqrt((p1 - l1)**2 + (u2 - p2)**2)`` and
    ``d + sqrt((u1 - p1)**2 + (p2 - l2)**2)``.  Checked against Newcombe
    (1998, Table II, method 10): 56/70 - 48/80 gives 0.0524 to 0.3339.
    When every person in both groups has the same outcome, the z test is
    undefined: ``p_value`` is None and a warning says so.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. Stat Med 17,
    873-890. doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I

    Examples
    --------
    >>> result = proportion_difference(56, 70, 48, 80)
    >>> round(result.estimate, 4), round(result.ci_low, 4), round(result.ci_high, 4)
    (0.2, 0.0524, 0.3339)
    """
    confidence = check_confidence(confidence)
    counts = _check_groups(events_treated, n_treated, events_comparison, n_comparison)
    events_treated, n_treated, events_comparison, n_comparison = counts
    total = n_treated + n_comparison

    if n_treated == 0 or n_comparison == 0:
        return not_estimable(
            "a group has no members, so the difference cannot be formed",
            n=total,
            method=DIFFERENCE_METHOD,
            confidence=confidence,
        )

    rate_treated = events_treated / n_treated
    rate_comparison = events_comparison / n_comparison
    low, high = confint_proportions_2indep(
        events_treated,
        n_treated,
        events_comparison,
        n_comparison,
        method="newcomb",
        compare="diff",
        alpha=1.0 - confidence,
    )

    # Two-proportion z test with the pooled proportion under the null.
    warnings = list(_small_group_warnings(*counts))
    pooled = (events_treated + events_comparison) / total
    variance = pooled * (1.0 - pooled) * (1.0 / n_treated + 1.0 / n_comparison)
    if variance > 0:
        z = (rate_treated - rate_comparison) / math.sqrt(variance)
        p_value = float(2.0 * stats.norm.sf(abs(z)))
    else:
        z, p_value = None, None
        warnings.append(
            "every person in both groups has the same outcome, so the z test "
            "is undefined and no p-value is given"
        )

    return Estimate(
        estimate=rate_treated - rate_comparison,
        ci_low=max(-1.0, float(low)),
        ci_high=min(1.0, float(high)),
        confidence=confidence,
        n=total,
        method=DIFFERENCE_METHOD,
        statistic=z,
        p_value=p_value,
        warnings=tuple(warnings),
        details=_group_details(*counts),
    )


def _koopman_statistic(
    theta, events_treated, n_treated, events_comparison, n_comparison
):
    """Score chi-square for the hypothesis risk ratio == theta (Koopman 1984)."""
    total = n_treated + n_comparison
    a = total * theta
    b = -(n_treated * theta + events_treated + n_comparison + events_comparison * theta)
    c = events_treated + events_comparison
    discriminant = max(b * b - 4.0 * a * c, 0.0)
    rate_comparison = (-b - math.sqrt(discriminant)) / (2.0 * a)
    rate_treated = theta * rate_comparison

    numerator = (
        events_treated / n_treated - theta * events_comparison / n_comparison
    ) ** 2
    variance = (
        rate_treated * (1.0 - rate_treated) / n_treated
        + theta**2 * rate_comparison * (1.0 - rate_comparison) / n_comparison
    )
    if variance <= 0:
        return 0.0 if numerator == 0 else math.inf
    return numerator / variance


def _koopman_limit(counts, ratio, critical, direction):
    """Find the Koopman limit below (direction -1) or above (+1) ``ratio``."""

    def excess(log_theta):
        return _koopman_statistic(math.exp(log_theta), *counts) - critical

    start = math.log(ratio)
    step = 0.5
    end = start + direction * step
    while excess(end) < 0:
        step *= 2.0
        end = start + direction * step
        if step > 200:
            return math.inf if direction > 0 else 0.0
    bracket = sorted((start, end))
    return math.exp(optimize.brentq(excess, *bracket, xtol=1e-12))


def risk_ratio(
    events_treated: int,
    n_treated: int,
    events_comparison: int,
    n_comparison: int,
    confidence: float = 0.95,
    method: str = "koopman",
) -> Estimate:
    """Return the ratio of two proportions (treated / comparison).

    Parameters
    ----------
    events_treated, n_treated : int
        Events and group size in the treated (mentored) group.
    events_comparison, n_comparison : int
        Events and group size in the comparison group.
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"koopman", "katz"}, default "koopman"
        ``"koopman"``: the score interval (inverts the score test of
        ``p1 = theta * p2``; Koopman 1984), with the score test's p-value.
        ``"katz"``: the log interval ``exp(log RR +- z * se)`` with
        ``se = sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)`` (Katz et al. 1978), with the
        Wald p-value on the log scale.

    Returns
    -------
    Estimate
        The ratio with its interval, test and both groups' counts and rates.
        "Not estimable" when a group is empty or the comparison group has no
        events (the ratio is unbounded); with ``"katz"`` also when the treated
        group has no events (its log is undefined).

    Raises
    ------
    StatsInputError
        For bad counts or confidence, or a ``method`` not in the set above.

    Notes
    -----
    Checked against Agresti's Physicians' Health Study table (placebo 189 of
    11,034 vs aspirin 104 of 11,037): 1.82 with score interval 1.43 to 2.30
    and log interval 1.433 to 2.306.

    References
    ----------
    Koopman, P. A. R. (1984). Confidence intervals for the ratio of two
    binomial proportions. Biometrics 40, 513-517. doi:10.2307/2531405
    Katz, D., Baptista, J., Azen, S. P. and Pike, M. C. (1978). Obtaining
    confidence intervals for the risk ratio in cohort studies. Biometrics 34,
    469-474. doi:10.2307/2530610

    Examples
    --------
    >>> result = risk_ratio(189, 11034, 104, 11037)
    >>> round(result.estimate, 2), round(result.ci_low, 2), round(result.ci_high, 2)
    (1.82, 1.43, 2.3)
    """
    confidence = check_confidence(confidence)
    if method not in RISK_RATIO_METHODS:
        raise StatsInputError(
            f"method: expected one of {sorted(RISK_RATIO_METHODS)}, received {method!r}"
        )
    method_name = RISK_RATIO_METHODS[method]
    counts = _check_groups(events_treated, n_treated, events_comparison, n_comparison)
    events_treated, n_treated, events_comparison, n_comparison = counts
    total = n_treated + n_comparison

    if n_treated == 0 or n_comparison == 0:
        return not_estimable(
            "a group has no members, so the ratio cannot be formed",
            n=total,
            method=method_name,
            confidence=confidence,
        )
    if events_comparison == 0:
        return not_estimable(
            "the comparison group has no events (rate 0), so the ratio is unbounded",
            n=total,
            method=method_name,
            confidence=confidence,
        )
    if method == "katz" and events_treated == 0:
        return not_estimable(
            "the treated group has no events, so the log interval is undefined; "
            "use method='koopman'",
            n=total,
            method=method_name,
            confidence=confidence,
        )

    ratio = (events_treated / n_treated) / (events_comparison / n_comparison)
    z = stats.norm.ppf(0.5 + confidence / 2.0)

    if method == "katz":
        log_se = math.sqrt(
            1.0 / events_treated
            - 1.0 / n_treated
            + 1.0 / events_comparison
            - 1.0 / n_comparison
        )
        low = math.exp(math.log(ratio) - z * log_se)
        high = math.exp(math.log(ratio) + z * log_se)
        statistic = math.log(ratio) / log_se if log_se > 0 else None
        p_value = (
            float(2.0 * stats.norm.sf(abs(statistic)))
            if statistic is not None
            else None
        )
        details = {"log_se": log_se}
    else:
        critical = z * z
        low = (
            0.0 if events_treated == 0 else _koopman_limit(counts, ratio, critical, -1)
        )
        high = _koopman_limit(counts, max(ratio, 1e-12), critical, +1)
        statistic = _koopman_statistic(1.0, *counts)
        p_value = float(stats.chi2.sf(statistic, 1))
        details = {}

    return Estimate(
        estimate=ratio,
        ci_low=low,
        ci_high=high,
        confidence=confidence,
        n=total,
        method=method_name,
        statistic=statistic,
        df=1.0 if method == "koopman" else None,
        p_value=p_value,
        warnings=_small_group_warnings(*counts),
        details={**_group_details(*counts), **details},
    )


def relative_lift(
    events_treated: int,
    n_treated: int,
    events_comparison: int,
    n_comparison: int,
    confidence: float = 0.95,
    method: str = "koopman",
) -> Estimate:
    """Return the relative lift, (rate treated - rate comparison) / rate comparison.

    Parameters
    ----------
    events_treated, n_treated, events_comparison, n_comparison : int
        As for :func:`risk_ratio`.
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"koopman", "katz"}, default "koopman"
        Interval of the underlying risk ratio.

    Returns
    -------
    Estimate
        ``estimate`` is ``risk ratio - 1`` (0.25 means 25% higher among the
        treated); the interval is the risk ratio's interval shifted by -1, and
        the test is the risk ratio's.  A comparison rate of 0 gives "not
        estimable" with the reason, never an infinite number.

    Raises
    ------
    StatsInputError
        As for :func:`risk_ratio`.

    Notes
    -----
    ``lift = (x1/n1) / (x2/n2) - 1 = RR - 1``, with limits ``RR_low - 1`` and
    ``RR_high - 1`` from the chosen risk-ratio interval; shifting by a
    constant keeps the coverage of that interval.  Checked in
    ``tests/stats/test_two_proportions.py`` on Agresti's Physicians' Health
    Study table (placebo 189 of 11,034 vs aspirin 104 of 11,037): a lift of
    0.82 (risk ratio 1.82), with limits equal to the risk ratio's minus 1;
    and 3 of 10 vs 0 of 12 gives "not estimable".

    References
    ----------
    Koopman, P. A. R. (1984). Confidence intervals for the ratio of two
    binomial proportions. Biometrics 40, 513-517. doi:10.2307/2531405
    Katz, D., Baptista, J., Azen, S. P. and Pike, M. C. (1978). Obtaining
    confidence intervals for the risk ratio in cohort studies. Biometrics 34,
    469-474. doi:10.2307/2530610

    Examples
    --------
    >>> result = relative_lift(189, 11034, 104, 11037)
    >>> round(result.estimate, 2), round(result.ci_low, 2), round(result.ci_high, 2)
    (0.82, 0.43, 1.3)
    """
    ratio = risk_ratio(
        events_treated,
        n_treated,
        events_comparison,
        n_comparison,
        confidence=confidence,
        method=method,
    )
    method_name = (
        "relative lift = risk ratio - 1 (treated vs comparison); "
        + ratio.method.split("; ", 1)[1]
        + " shifted by -1"
    )

    if not ratio.estimable:
        return not_estimable(
            ratio.warnings[0] if ratio.warnings else "not estimable",
            n=ratio.n,
            method=method_name,
            confidence=ratio.confidence,
        )
    return Estimate(
        estimate=ratio.estimate - 1.0,
        ci_low=ratio.ci_low - 1.0,
        ci_high=ratio.ci_high - 1.0,
        confidence=ratio.confidence,
        n=ratio.n,
        method=method_name,
        statistic=ratio.statistic,
        df=ratio.df,
        p_value=ratio.p_value,
        warnings=ratio.warnings,
        details={**ratio.details, "risk_ratio": ratio.estimate},
    )


def odds_ratio(
    events_treated: int,
    n_treated: int,
    events_comparison: int,
    n_comparison: int,
    confidence: float = 0.95,
) -> Estimate:
    """Return the odds ratio (treated / comparison) with Woolf's interval.

    Parameters
    ----------
    events_treated, n_treated, events_comparison, n_comparison : int
        As for :func:`risk_ratio`.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        The sample odds ratio ``(a * d) / (b * c)`` with the interval
        ``exp(log OR +- z * sqrt(1/a + 1/b + 1/c + 1/d))`` and the Wald
        p-value on the log scale.  Any zero cell gives "not estimable" with
        the empty cell named; 0.5 is never added silently.

    Raises
    ------
    StatsInputError
        For bad counts or confidence.

    Notes
    -----
    Checked against Agresti's Physicians' Health Study table: 1.832 with
    interval 1.44 to 2.33.

    References
    ----------
    Woolf, B. (1955). On estimating the relation between blood group and
    disease. Ann Hum Genet 19, 251-253. doi:10.1111/j.1469-1809.1955.tb01348.x

    Examples
    --------
    >>> round(odds_ratio(189, 11034, 104, 11037).estimate, 3)
    1.832
    """
    confidence = check_confidence(confidence)
    counts = _check_groups(events_treated, n_treated, events_comparison, n_comparison)
    events_treated, n_treated, events_comparison, n_comparison = counts
    total = n_treated + n_comparison

    cells = {
        "treated with the event": events_treated,
        "treated without the event": n_treated - events_treated,
        "comparison with the event": events_comparison,
        "comparison without the event": n_comparison - events_comparison,
    }
    empty = [name for name, count in cells.items() if count == 0]
    if empty:
        return not_estimable(
            "zero cell(s): " + ", ".join(empty) + "; the odds ratio and its "
            "log interval are undefined (no continuity correction is applied)",
            n=total,
            method=ODDS_RATIO_METHOD,
            confidence=confidence,
        )

    a, b, c, d = cells.values()
    log_or = math.log(a) + math.log(d) - math.log(b) - math.log(c)
    log_se = math.sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d)
    z = stats.norm.ppf(0.5 + confidence / 2.0)
    statistic = log_or / log_se

    return Estimate(
        estimate=math.exp(log_or),
        ci_low=math.exp(log_or - z * log_se),
        ci_high=math.exp(log_or + z * log_se),
        confidence=confidence,
        n=total,
        method=ODDS_RATIO_METHOD,
        statistic=statistic,
        p_value=float(2.0 * stats.norm.sf(abs(statistic))),
        details={**_group_details(*counts), "log_se": log_se},
    )

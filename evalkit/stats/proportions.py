"""Confidence intervals for one proportion.

A rate in a report (engagement, retention, post-program success) is a count of
events out of a number of people.  Its interval should behave at the edges: a
program where nobody dropped out must still get a sensible upper limit, and no
limit may fall outside 0..1.  The Wilson score interval does this and is the
default; the Clopper-Pearson ("exact") interval is offered for readers who ask
for a guaranteed-coverage interval.
"""

from __future__ import annotations

import math
import numbers

from statsmodels.stats.proportion import proportion_confint

from evalkit.errors import StatsInputError
from evalkit.stats.results import Estimate, not_estimable

WILSON_METHOD = "Wilson score interval (no continuity correction)"
CLOPPER_PEARSON_METHOD = "Clopper-Pearson exact interval"


def check_confidence(confidence: float) -> float:
    """Return ``confidence`` as a float after checking it lies in (0, 1).

    Raises
    ------
    StatsInputError
        If ``confidence`` is not a number strictly between 0 and 1.
    """
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise StatsInputError(
            "confidence: expected a number between 0 and 1 (e.g. 0.95), "
            f"received {confidence!r}"
        )
    if not 0.0 < float(confidence) < 1.0:
        raise StatsInputError(
            "confidence: expected a number strictly between 0 and 1 "
            f"(e.g. 0.95), received {confidence!r}"
        )
    return float(confidence)


def check_count(value: object, name: str) -> int:
    """Return ``value`` as an int after checking it is a whole number >= 0.

    Raises
    ------
    StatsInputError
        If ``value`` is missing, negative or not a whole number.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or (isinstance(value, float) and (math.isnan(value) or not value.is_integer()))
        or value < 0
    ):
        raise StatsInputError(
            f"{name}: expected a whole number >= 0, received {value!r}"
        )
    return int(value)


def check_events(events: object, n: object, events_name: str, n_name: str):
    """Return ``(events, n)`` as ints after checking ``0 <= events <= n``.

    Raises
    ------
    StatsInputError
        If either is not a whole number >= 0, or ``events`` exceeds ``n``.
    """
    events = check_count(events, events_name)
    n = check_count(n, n_name)
    if events > n:
        raise StatsInputError(
            f"{events_name}: expected at most {n_name} ({n}), received {events}"
        )
    return events, n


def _one_proportion(events, n, confidence, method_key, method_name) -> Estimate:
    """Shared body of the one-proportion intervals."""
    confidence = check_confidence(confidence)
    events, n = check_events(events, n, "events", "n")

    if n == 0:
        return not_estimable(
            "no observations (n = 0), so no rate can be given",
            n=0,
            method=method_name,
            confidence=confidence,
        )

    low, high = proportion_confint(events, n, alpha=1.0 - confidence, method=method_key)
    # The limits are exactly 0 and 1 at the edges, whatever the rounding.
    low = 0.0 if events == 0 else float(low)
    high = 1.0 if events == n else float(high)

    warnings: tuple[str, ...] = ()
    if events in (0, n):
        warnings = (
            f"{events} events in {n}: the rate sits at the edge of 0..1, so "
            "the interval ends exactly there",
        )
    return Estimate(
        estimate=events / n,
        ci_low=max(0.0, low),
        ci_high=min(1.0, high),
        confidence=confidence,
        n=n,
        method=method_name,
        warnings=warnings,
        details={"events": events},
    )


def wilson_interval(events: int, n: int, confidence: float = 0.95) -> Estimate:
    """Return a proportion with its Wilson score interval.

    Parameters
    ----------
    events : int
        Number of people with the event (e.g. completed the program).
    n : int
        Number of people it is counted out of.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is ``events / n``; ``ci_low`` and ``ci_high`` are the
        Wilson score limits without continuity correction.  The lower limit is
        exactly 0 when ``events == 0`` and the upper exactly 1 when
        ``events == n``.  ``n == 0`` gives a "not estimable" result.

    Raises
    ------
    StatsInputError
        If a count is not a whole number >= 0, ``events > n``, or
        ``confidence`` is not in (0, 1).

    Notes
    -----
    The limits are the two solutions p of
    ``(p_hat - p)**2 = z**2 * p * (1 - p) / n`` with ``z`` the normal quantile
    for the confidence level (Wilson 1927).  Checked against Newcombe (1998a,
    Table I): 81/263 gives 0.2553 to 0.3662, 0/20 gives 0 to 0.1611.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22, 209-212. doi:10.1080/01621459.1927.10502953
    Newcombe, R. G. (1998a). Two-sided confidence intervals for the single
    proportion: comparison of seven methods. Stat Med 17, 857-872.
    doi:10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E

    Examples
    --------
    >>> result = wilson_interval(81, 263)
    >>> round(result.ci_low, 4), round(result.ci_high, 4)
    (0.2553, 0.3662)
    """
    return _one_proportion(events, n, confidence, "wilson", WILSON_METHOD)


def clopper_pearson_interval(events: int, n: int, confidence: float = 0.95) -> Estimate:
    """Return a proportion with its Clopper-Pearson ("exact") interval.

    Parameters
    ----------
    events : int
        Number of people with the event.
    n : int
        Number of people it is counted out of.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is ``events / n``; the limits are the beta-quantile
        (Clopper-Pearson) limits, 0 exactly at 0 events and 1 exactly at
        ``n`` events.  ``n == 0`` gives a "not estimable" result.

    Raises
    ------
    StatsInputError
        As for :func:`wilson_interval`.

    Notes
    -----
    The interval inverts two one-sided binomial tests, so its coverage is at
    least the nominal level; it is wider than Wilson's.  It matches R's
    ``binom.test``: ``binom.test(682, 925)`` gives 0.7076683 to 0.7654066.

    References
    ----------
    Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or
    fiducial limits illustrated in the case of the binomial. Biometrika 26,
    404-413. doi:10.1093/biomet/26.4.404

    Examples
    --------
    >>> result = clopper_pearson_interval(0, 20)
    >>> result.ci_low, round(result.ci_high, 4)
    (0.0, 0.1684)
    """
    return _one_proportion(events, n, confidence, "beta", CLOPPER_PEARSON_METHOD)

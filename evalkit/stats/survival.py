"""Time-to-event summaries: Kaplan-Meier curves, medians and the log-rank test.

Retention is read as a time-to-event question: how long people stay before
they leave, with those still active censored rather than counted as lost.
The curve, its median and the comparison of curves live here.

Conventions (the reader's report states them):

- Standard errors of the survival probability are Greenwood's.
- Pointwise intervals use the ``"log"`` transform by default, as R's
  ``survival::survfit`` does; ``"log-log"`` (Kalbfleisch and Prentice) is
  available and is the default of some other packages.
- Missing durations or event flags are dropped and counted, never imputed.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.stats.results import Estimate, not_estimable

TRANSFORMS = ("log", "log-log")

# Survival probabilities this close to 0.5 count as exactly 0.5 when the median
# is read off a flat stretch of the curve.
_HALF_TOLERANCE = 1e-10


def _check_confidence(confidence: float) -> None:
    """Raise if ``confidence`` is not a number strictly between 0 and 1."""
    if not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ValueError(
            f"confidence: expected a number between 0 and 1 (e.g. 0.95), "
            f"received {confidence!r}"
        )


def _check_transform(transform: str) -> None:
    """Raise if ``transform`` is not one of the interval transforms offered."""
    if transform not in TRANSFORMS:
        raise ValueError(
            f"transform: expected one of {', '.join(map(repr, TRANSFORMS))}, "
            f"received {transform!r}"
        )


def _as_float_array(values, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float array, with missing values as nan."""
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if series.ndim != 1:
        raise ValueError(f"{name}: expected a one-dimensional sequence")
    try:
        array = pd.to_numeric(series, errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"{name}: expected numbers, received a value that is not one ({error})"
        ) from None
    return array


def _clean_inputs(
    durations, events, groups=None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int]:
    """Validate the inputs, drop incomplete rows and count them.

    Returns durations, event flags (0/1), group labels (or None) and the
    number of rows dropped for missing values.
    """
    time = _as_float_array(durations, "durations")
    event = _as_float_array(events, "events")
    if len(time) != len(event):
        raise ValueError(
            f"events: expected one flag per duration ({len(time)}), "
            f"received {len(event)}"
        )

    labels = None
    missing = np.isnan(time) | np.isnan(event)
    if groups is not None:
        labels = pd.Series(groups).reset_index(drop=True)
        if len(labels) != len(time):
            raise ValueError(
                f"groups: expected one label per duration ({len(time)}), "
                f"received {len(labels)}"
            )
        missing |= labels.isna().to_numpy()

    kept = ~missing
    time, event = time[kept], event[kept]
    if np.isinf(time).any() or (time < 0).any():
        bad = time[np.isinf(time) | (time < 0)][0]
        raise ValueError(
            f"durations: expected finite times of zero or more, received {bad!r}"
        )
    if not np.isin(event, (0.0, 1.0)).all():
        bad = event[~np.isin(event, (0.0, 1.0))][0]
        raise ValueError(
            f"events: expected 1 (event observed) or 0 (censored), received {bad!r}"
        )
    if labels is not None:
        labels = labels[kept].to_numpy()

    return time, event.astype(int), labels, int(missing.sum())


def _curve(time: np.ndarray, event: np.ndarray) -> pd.DataFrame:
    """Return the product-limit estimate and Greenwood's sum at each time."""
    order = np.unique(time)
    n_events = np.array([event[time == t].sum() for t in order])
    n_leaving = np.array([(time == t).sum() for t in order])
    n_at_risk = len(time) - np.concatenate(([0], np.cumsum(n_leaving)[:-1]))

    # Greenwood's variance of log S accumulates d / (n (n - d)) over event times.
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = 1.0 - n_events / n_at_risk
        survival = np.cumprod(factor)
        terms = np.where(
            n_events > 0, n_events / (n_at_risk * (n_at_risk - n_events)), 0.0
        )
    greenwood = np.cumsum(terms)

    return pd.DataFrame(
        {
            "time": order,
            "n_at_risk": n_at_risk.astype(int),
            "n_events": n_events.astype(int),
            "n_censored": (n_leaving - n_events).astype(int),
            "survival": survival,
            "greenwood": greenwood,
        }
    )


def _pointwise_limits(
    survival: np.ndarray, greenwood: np.ndarray, z: float, transform: str
) -> tuple[np.ndarray, np.ndarray]:
    """Return pointwise lower and upper limits of the survival probability."""
    with np.errstate(divide="ignore", invalid="ignore"):
        sd_log = np.sqrt(greenwood)
        if transform == "log":
            low = survival * np.exp(-z * sd_log)
            high = np.minimum(survival * np.exp(z * sd_log), 1.0)
            defined = survival > 0
        else:
            log_s = np.log(survival)
            sd_loglog = sd_log / np.abs(log_s)
            low = np.exp(-np.exp(np.log(-log_s) + z * sd_loglog))
            high = np.exp(-np.exp(np.log(-log_s) - z * sd_loglog))
            defined = (survival > 0) & (survival < 1)

    # Before the first event the curve is exactly 1 with no uncertainty.
    at_one = survival == 1
    low = np.where(defined, low, np.where(at_one, 1.0, np.nan))
    high = np.where(defined, high, np.where(at_one, 1.0, np.nan))
    if transform == "log-log":
        low = np.where(at_one, np.nan, low)
        high = np.where(at_one, np.nan, high)

    return low, high


def kaplan_meier(
    durations, events, confidence: float = 0.95, transform: str = "log"
) -> pd.DataFrame:
    """Return the Kaplan-Meier survival curve with Greenwood standard errors.

    Parameters
    ----------
    durations : array-like of float
        Time from the start (enrolment, match) to the event or to censoring,
        in any unit; zero or more.
    events : array-like of {0, 1} or bool
        1 (True) when the event was observed at that time, 0 (False) when the
        person was censored (still active, lost to follow-up).
    confidence : float, default 0.95
        Confidence level of the pointwise intervals.
    transform : {"log", "log-log"}, default "log"
        Scale on which the pointwise interval is symmetric.  ``"log"`` is
        R's ``survfit`` default; ``"log-log"`` keeps the limits inside
        (0, 1) and is the default of SAS and Stata.

    Returns
    -------
    pandas.DataFrame
        One row per distinct observed time (event or censoring), sorted,
        with columns ``time``, ``n_at_risk`` (still followed just before
        ``time``), ``n_events``, ``n_censored``, ``survival`` (probability of
        no event by ``time``), ``std_error`` (Greenwood standard error of
        ``survival``), ``ci_low``, ``ci_high``, ``confidence`` and
        ``transform``.  ``attrs`` holds ``n``, ``n_events``, ``n_dropped``
        (rows with a missing duration or flag), ``confidence``,
        ``transform``, ``method`` and ``warnings``.

    Notes
    -----
    ``S(t) = prod over event times t_j <= t of (1 - d_j / n_j)``;
    ``Var(log S(t)) = sum d_j / (n_j (n_j - d_j))`` (Greenwood), so
    ``std_error = S(t) * sqrt(Var(log S))``.  Log limits are
    ``S exp(+-z sd)`` (upper limit capped at 1); log-log limits are
    ``S ** exp(-+z sd / log S)``.  Where the curve is 1 the log limits are
    1 and the log-log limits undefined (nan); where it has reached 0 the
    standard error and limits are undefined (nan), as in R.

    Checked against R ``survival::survfit`` on ``MASS::gehan`` (the 6-MP
    arm of Freireich et al. 1963) and on ``survival::aml``.

    References
    ----------
    Kaplan EL, Meier P (1958). Nonparametric estimation from incomplete
    observations. JASA 53:457-481. doi:10.1080/01621459.1958.10501452

    Examples
    --------
    >>> curve = kaplan_meier([6, 6, 6, 7, 10], [1, 1, 0, 1, 0])
    >>> curve[["time", "n_at_risk", "survival"]].round(3).to_dict("list")
    {'time': [6.0, 7.0, 10.0], 'n_at_risk': [5, 2, 1], 'survival': [0.6, 0.3, 0.3]}
    """
    _check_confidence(confidence)
    _check_transform(transform)
    time, event, _, n_dropped = _clean_inputs(durations, events)
    warnings: list[str] = []
    if n_dropped:
        warnings.append(
            f"{n_dropped} row(s) with a missing duration or event flag were left out."
        )
    if len(time) == 0:
        raise ValueError(
            "durations: expected at least one complete (duration, event) pair, "
            "received none"
        )
    if event.sum() == 0:
        warnings.append(
            "No events were observed: everyone was censored, so the curve stays at 1."
        )

    curve = _curve(time, event)
    z = stats.norm.ppf(0.5 + confidence / 2)
    low, high = _pointwise_limits(
        curve["survival"].to_numpy(), curve["greenwood"].to_numpy(), z, transform
    )
    with np.errstate(invalid="ignore"):
        std_error = curve["survival"] * np.sqrt(curve["greenwood"])
    std_error = std_error.where(curve["survival"] > 0)

    result = curve.drop(columns="greenwood").assign(
        std_error=std_error.to_numpy(),
        ci_low=low,
        ci_high=high,
        confidence=confidence,
        transform=transform,
    )
    result.attrs.update(
        n=len(time),
        n_events=int(event.sum()),
        n_dropped=n_dropped,
        confidence=confidence,
        transform=transform,
        method=(
            f"Kaplan-Meier estimate, Greenwood standard errors, "
            f"{transform}-transformed pointwise intervals"
        ),
        warnings=tuple(warnings),
    )
    return result


def _with_earlier_warnings(result: Estimate, warnings: list[str]) -> Estimate:
    """Return ``result`` with ``warnings`` placed before its own."""
    return replace(result, warnings=(*warnings, *result.warnings))


def _first_time_at_or_below(times: np.ndarray, values: np.ndarray, level: float):
    """Return the first time whose value is at or below ``level``, else nan."""
    hits = np.flatnonzero(values <= level + _HALF_TOLERANCE)
    return float(times[hits[0]]) if len(hits) else math.nan


def median_survival(
    durations, events, confidence: float = 0.95, transform: str = "log"
) -> Estimate:
    """Return the median survival time with its confidence interval.

    Parameters
    ----------
    durations, events, confidence, transform
        As for :func:`kaplan_meier`.

    Returns
    -------
    Estimate
        ``estimate`` is the first time at which the Kaplan-Meier curve falls
        to 0.5 or below; when the curve is exactly 0.5 over a stretch, the
        midpoint between the start of that stretch and the next event time
        (R's convention).  ``ci_low`` and ``ci_high`` are the first times at
        which the lower and the upper pointwise limit fall to 0.5 or below
        (Brookmeyer-Crowley style, as R's ``print.survfit``); a limit the
        curve never reaches is nan, with a warning.  Status is
        ``"not estimable"`` when the curve never falls to 0.5 (median not
        reached).  ``details`` holds ``n_events`` and the lowest survival.

    Notes
    -----
    Checked against R ``print(survfit(Surv(time, cens) ~ treat, gehan))``:
    median 23 weeks (6-MP, interval 16 to not reached) and 8 weeks (control,
    4 to 12); and ``survfit(Surv(time, status) ~ x, aml)``: 31 and 23.

    References
    ----------
    Brookmeyer R, Crowley J (1982). A confidence interval for the median
    survival time. Biometrics 38:29-41. doi:10.2307/2530286

    Examples
    --------
    >>> median_survival([1, 2, 3, 4], [1, 1, 1, 1]).estimate
    2.5
    """
    curve = kaplan_meier(durations, events, confidence, transform)
    method = (
        f"Kaplan-Meier median; interval where the {transform}-transformed "
        f"pointwise band crosses 0.5"
    )
    n = curve.attrs["n"]
    warnings = list(curve.attrs["warnings"])
    times = curve["time"].to_numpy()
    survival = curve["survival"].to_numpy()
    lowest = float(survival.min())

    median = _first_time_at_or_below(times, survival, 0.5)
    if math.isnan(median):
        result = not_estimable(
            f"Median not reached: survival stays above 0.5 (lowest "
            f"{lowest:.3f}, at time {times[-1]:g}).",
            n=n,
            method=method,
            confidence=confidence,
        )
        return replace(
            _with_earlier_warnings(result, warnings),
            details={"n_events": curve.attrs["n_events"], "lowest": lowest},
        )

    # A curve that sits exactly at 0.5 gives the midpoint of the flat stretch.
    at = int(np.flatnonzero(times == median)[0])
    if abs(survival[at] - 0.5) <= _HALF_TOLERANCE:
        later_drops = np.flatnonzero(survival[at + 1 :] < survival[at])
        if len(later_drops):
            median = (median + float(times[at + 1 + later_drops[0]])) / 2
        else:
            warnings.append(
                "The curve ends exactly at 0.5, so the median is the time it got there."
            )

    ci_low = _first_time_at_or_below(times, curve["ci_low"].to_numpy(), 0.5)
    ci_high = _first_time_at_or_below(times, curve["ci_high"].to_numpy(), 0.5)
    if math.isnan(ci_high):
        warnings.append(
            "The upper confidence limit of the median is not reached in the data."
        )
    if math.isnan(ci_low):
        warnings.append(
            "The lower confidence limit of the median is not reached in the data."
        )

    return Estimate(
        estimate=median,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=confidence,
        n=n,
        method=method,
        warnings=tuple(warnings),
        details={"n_events": curve.attrs["n_events"], "lowest": lowest},
    )


def log_rank_test(durations, events, groups) -> Estimate:
    """Return the log-rank test that two or more survival curves are equal.

    Parameters
    ----------
    durations, events
        As for :func:`kaplan_meier`.
    groups : array-like
        The group of each person (e.g. mentored / comparison, cohort).

    Returns
    -------
    Estimate
        ``estimate`` and ``statistic`` are the log-rank chi-square, ``df`` is
        the number of groups minus one and ``p_value`` its upper tail.
        ``details["groups"]`` is a DataFrame with, per group, ``n``,
        ``observed`` and ``expected`` events.  Status is ``"not estimable"``
        with fewer than two groups or no events.

    Notes
    -----
    At each distinct event time the events are shared out among the groups
    in proportion to the numbers at risk (expected ``E``), with the
    hypergeometric covariance ``V``; the statistic is
    ``(O - E)' V^- (O - E)`` over all but one group (Mantel 1966).  Checked
    against R ``survdiff``: chi-square 16.79 on 1 df for ``MASS::gehan`` and
    3.4 on 1 df (p = 0.0653) for ``survival::aml``.

    References
    ----------
    Mantel N (1966). Evaluation of survival data and two new rank order
    statistics arising in its consideration. Cancer Chemother Rep 50:163-170.

    Examples
    --------
    >>> result = log_rank_test([1, 2, 3, 4, 5, 6], [1] * 6, list("aabbab"))
    >>> round(result.statistic, 3), result.df
    (0.899, 1.0)
    """
    time, event, labels, n_dropped = _clean_inputs(durations, events, groups)
    method = "log-rank test (chi-square)"
    warnings = []
    if n_dropped:
        warnings.append(
            f"{n_dropped} row(s) with a missing duration, event flag or group "
            "were left out."
        )

    names = list(pd.unique(labels))
    if len(names) < 2:
        result = not_estimable(
            f"The log-rank test needs at least two groups; received {len(names)}.",
            n=len(time),
            method=method,
        )
        return _with_earlier_warnings(result, warnings)
    if event.sum() == 0:
        result = not_estimable(
            "No events were observed in any group, so the curves cannot be compared.",
            n=len(time),
            method=method,
        )
        return _with_earlier_warnings(result, warnings)

    # At-risk and event counts per (event time, group), then O - E and V.
    event_times = np.unique(time[event == 1])
    member = np.stack([labels == name for name in names])
    at_risk = member[:, None, :] & (time[None, None, :] >= event_times[None, :, None])
    at_risk = at_risk.sum(axis=2).astype(float).T
    died = member[:, None, :] & (
        (time[None, None, :] == event_times[None, :, None])
        & (event[None, None, :] == 1)
    )
    died = died.sum(axis=2).astype(float).T
    total_risk = at_risk.sum(axis=1)
    total_died = died.sum(axis=1)
    share = at_risk / total_risk[:, None]
    expected = (share * total_died[:, None]).sum(axis=0)
    observed = died.sum(axis=0)

    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(
            total_risk > 1,
            total_died * (total_risk - total_died) / (total_risk - 1),
            0.0,
        )
    covariance = np.einsum("t,ti,tj->ij", scale, share, share) * -1
    covariance[np.diag_indices(len(names))] += (scale[:, None] * share).sum(axis=0)
    difference = (observed - expected)[:-1]
    statistic = float(difference @ np.linalg.pinv(covariance[:-1, :-1]) @ difference)
    df = float(np.linalg.matrix_rank(covariance[:-1, :-1]))
    p_value = float(stats.chi2.sf(statistic, df)) if df > 0 else math.nan

    table = pd.DataFrame(
        {
            "group": names,
            "n": member.sum(axis=1),
            "observed": observed.astype(int),
            "expected": expected,
        }
    )
    if (table["n"] < 2).any():
        small = ", ".join(str(g) for g in table.loc[table["n"] < 2, "group"])
        warnings.append(f"Group(s) with a single person: {small}; read with care.")

    return Estimate(
        estimate=statistic,
        n=len(time),
        method=method,
        statistic=statistic,
        df=df,
        p_value=p_value,
        warnings=tuple(warnings),
        details={"groups": table},
    )

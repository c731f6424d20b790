"""Satisfaction KPIs: match satisfaction by role, and overall satisfaction.

Both come from the long surveys table (one row per answer).  A person who
answered an item in several waves is counted once, with their latest wave's
answer, so a long program does not weigh its keenest respondents twice.
"""

from __future__ import annotations

import math
import re

import pandas as pd
from scipy import stats

from evalkit.kpi import Kpi, kpi_from_estimate, no_data_kpi
from evalkit.program import ProgramData
from evalkit.stats.proportions import wilson_interval
from evalkit.stats.results import Estimate, not_estimable

STAGE = "match_quality"
ROLES = ("mentee", "mentor")
T_METHOD = "mean with Student t interval"

# Waves as programs usually name them, earliest first.
KNOWN_WAVES = (
    "baseline",
    "intake",
    "pre",
    "early",
    "midpoint",
    "mid",
    "late",
    "post",
    "exit",
    "end",
    "followup",
    "follow-up",
)

MATCH_DEFINITION = (
    "Share of {role}s answering the match satisfaction item who answered "
    "{cut:g} or more on its 1-5 scale; each {role} counted once, with their "
    "latest survey wave."
)
OVERALL_DEFINITION = (
    "Mean answer to the 1-5 overall satisfaction item over every respondent "
    "(mentees and mentors); each person counted once, with their latest survey "
    "wave."
)


def wave_rank(waves: pd.Series) -> pd.Series:
    """Return a sortable rank of each survey wave, earliest first.

    Waves named in ``KNOWN_WAVES`` (case and surrounding spaces ignored) rank in
    that order; any other name ranks after them, ordered as text with runs of
    digits compared as numbers (so ``"wave 2"`` comes before ``"wave 10"``).

    Parameters
    ----------
    waves : Series
        Wave names.

    Returns
    -------
    Series of int
        Ranks aligned with ``waves``; equal names get equal ranks.

    Examples
    --------
    >>> wave_rank(pd.Series(["exit", "midpoint", "wave 10", "wave 2"])).tolist()
    [1, 0, 3, 2]
    """
    names = sorted(set(waves.dropna().astype(str)), key=_wave_key)
    order = {name: rank for rank, name in enumerate(names)}
    return waves.astype(str).map(order)


def latest_answers(surveys: pd.DataFrame, item: str) -> pd.DataFrame:
    """Return each person's answer to ``item`` in the latest wave they answered.

    Parameters
    ----------
    surveys : DataFrame
        The surveys table (``participant_id``, ``wave``, ``item``,
        ``response``).
    item : str
        The item's id, e.g. ``"match_satisfaction"``.

    Returns
    -------
    DataFrame
        ``participant_id``, ``wave``, ``response``: one row per person with a
        non-missing answer, sorted by ``participant_id``.  Wave order is that
        of :func:`wave_rank`.
    """
    answers = surveys.loc[
        surveys["item"] == item, ["participant_id", "wave", "response"]
    ]
    answers = answers.assign(response=pd.to_numeric(answers["response"]))
    answers = answers.dropna(subset=["participant_id", "response"])

    answers = answers.assign(_rank=wave_rank(answers["wave"]))
    answers = answers.sort_values(["participant_id", "_rank"], kind="stable")
    latest = answers.drop_duplicates("participant_id", keep="last")
    return latest.drop(columns="_rank").reset_index(drop=True)


def satisfaction_kpis(program: ProgramData) -> list[Kpi]:
    """Return match satisfaction for mentees and mentors, and overall satisfaction.

    Parameters
    ----------
    program : ProgramData
        Uses the surveys table, and the participants table for each
        respondent's role.  Items and the cut-off come from the params'
        settings (``match_satisfaction_item``, ``overall_satisfaction_item``,
        ``satisfied_at_least``).

    Returns
    -------
    list of Kpi
        ``match_satisfaction.mentee`` and ``match_satisfaction.mentor``
        (proportions with Wilson score intervals), then
        ``overall_satisfaction`` (mean with a Student t interval).
    """
    return [
        *(match_satisfaction_kpi(program, role) for role in ROLES),
        overall_satisfaction_kpi(program),
    ]


def match_satisfaction_kpi(program: ProgramData, role: str) -> Kpi:
    """Return ``match_satisfaction.<role>``: the share of satisfied respondents.

    A respondent is satisfied when their latest answer to the match
    satisfaction item is at least ``settings.satisfied_at_least``; the
    interval is Wilson's score interval at ``settings.confidence``.

    Raises
    ------
    ValueError
        If ``role`` is not ``"mentee"`` or ``"mentor"``.
    """
    if role not in ROLES:
        raise ValueError(f"role: expected 'mentee' or 'mentor', received {role!r}")

    params = program.params
    settings = params.settings
    kpi_id = f"match_satisfaction.{role}"
    fields = {
        "kpi": kpi_id,
        "label": f"Match satisfaction ({role}s)",
        "target": params.target(kpi_id),
        "definition": MATCH_DEFINITION.format(
            role=role, cut=settings.satisfied_at_least
        ),
        "unit": "proportion",
        "stage": STAGE,
    }
    if not (program.has("surveys") and program.has("participants")):
        return no_data_kpi(
            **fields,
            reason="not assessed: no data (needs the surveys and participants tables)",
        )

    people = program.table("participants")
    in_role = set(people.loc[people["role"] == role, "participant_id"])
    answers = latest_answers(program.table("surveys"), settings.match_satisfaction_item)
    answers = answers[answers["participant_id"].isin(in_role)]

    satisfied = int((answers["response"] >= settings.satisfied_at_least).sum())
    estimate = wilson_interval(satisfied, len(answers), settings.confidence)
    return kpi_from_estimate(**fields, estimate=estimate, min_n=settings.min_n)


def overall_satisfaction_kpi(program: ProgramData) -> Kpi:
    """Return ``overall_satisfaction``: the mean answer with a t interval.

    Every respondent's latest answer to ``settings.overall_satisfaction_item``
    counts once; the interval is mean ± t(n - 1) × sd / sqrt(n) at
    ``settings.confidence``.  Needs the surveys table only.
    """
    params = program.params
    settings = params.settings
    fields = {
        "kpi": "overall_satisfaction",
        "label": "Overall satisfaction",
        "target": params.target("overall_satisfaction"),
        "definition": OVERALL_DEFINITION,
        "unit": "mean",
        "stage": STAGE,
    }
    if not program.has("surveys"):
        return no_data_kpi(
            **fields, reason="not assessed: no data (needs the surveys table)"
        )

    answers = latest_answers(
        program.table("surveys"), settings.overall_satisfaction_item
    )
    estimate = mean_with_t_interval(answers["response"], settings.confidence)
    return kpi_from_estimate(**fields, estimate=estimate, min_n=settings.min_n)


def mean_with_t_interval(values: pd.Series, confidence: float = 0.95) -> Estimate:
    """Return the mean of ``values`` with its Student t confidence interval.

    Parameters
    ----------
    values : Series
        Numbers; missing values are left out.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        ``estimate`` is the mean, ``ci_low``/``ci_high`` the limits
        mean ± t(1 - alpha/2, n - 1) × sd / sqrt(n) (scipy's one-sample t
        interval), ``df`` = n - 1 and ``details`` the sd.  Fewer than two
        values give a "not estimable" result.

    Examples
    --------
    >>> result = mean_with_t_interval(pd.Series([1.0, 2.0, 3.0]))
    >>> round(result.ci_low, 3), round(result.ci_high, 3)
    (-0.484, 4.484)
    """
    numbers = pd.to_numeric(values).dropna().to_numpy(dtype=float)
    n = len(numbers)
    if n < 2:
        return not_estimable(
            f"a t interval needs at least two answers; received {n}",
            n=n,
            method=T_METHOD,
            confidence=confidence,
        )

    mean = float(numbers.mean())
    sd = float(numbers.std(ddof=1))
    if sd == 0:
        low = high = mean
    else:
        interval = stats.ttest_1samp(numbers, popmean=0).confidence_interval(confidence)
        low, high = float(interval.low), float(interval.high)

    return Estimate(
        estimate=mean,
        ci_low=low,
        ci_high=high,
        confidence=confidence,
        n=n,
        method=T_METHOD,
        df=float(n - 1),
        details={"sd": sd, "standard_error": sd / math.sqrt(n)},
    )


def _wave_key(name: str) -> tuple:
    """Sort key of one wave name (see :func:`wave_rank`)."""
    folded = name.strip().lower()
    if folded in KNOWN_WAVES:
        return (0, KNOWN_WAVES.index(folded), ())
    parts = re.split(r"(\d+)", folded)
    natural = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part
    )
    return (1, 0, natural)

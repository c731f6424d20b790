"""What Works Clearinghouse (WWC) conventions for group-design evidence.

An evidence reviewer asks two questions of a mentored-vs-comparison study
before reading its effect: how many people were lost (attrition), and were
the groups alike at the start (baseline equivalence).  This module applies
the WWC's published rules to both, and gives the WWC's effect-size helpers
(Cox index for binary measures, improvement index).

Sources: WWC Standards Handbook Version 4.1 (2020) for attrition and the
rating rules, WWC Procedures Handbook Version 4.1 (2020) for effect sizes.
The attrition boundary table is shipped as data in
``data/wwc_attrition_boundaries.csv``; its provenance is in the sibling .md.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import StatsInputError
from evalkit.stats.means import omega_correction
from evalkit.stats.proportions import check_count

BOUNDARY_FILE = Path(__file__).parent / "data" / "wwc_attrition_boundaries.csv"
BOUNDARIES = ("cautious", "optimistic")
SATISFIED = "satisfied"
REQUIRES_ADJUSTMENT = "requires adjustment"
NOT_SATISFIED = "not satisfied"
COX_DIVISOR = 1.65
MEETS_WITHOUT = "Meets WWC standards without reservations"
MEETS_WITH = "Meets WWC standards with reservations"
DOES_NOT_MEET = "Does not meet WWC standards"


@dataclass(frozen=True)
class Attrition:
    """Overall and differential attrition of a two-group study (proportions).

    Attributes
    ----------
    overall : float
        People lost in both groups / people randomized in both groups.
    treated, comparison : float
        Share lost in each group.
    differential : float
        ``abs(treated - comparison)``.
    n_randomized, n_analyzed : int
        Totals over both groups.
    """

    overall: float
    treated: float
    comparison: float
    differential: float
    n_randomized: int
    n_analyzed: int


def attrition(
    n_randomized_treated: int,
    n_analyzed_treated: int,
    n_randomized_comparison: int,
    n_analyzed_comparison: int,
) -> Attrition:
    """Return overall and differential attrition from group counts.

    Parameters
    ----------
    n_randomized_treated, n_analyzed_treated : int
        People assigned to the treated (mentored) group, and those of them in
        the analysis sample.
    n_randomized_comparison, n_analyzed_comparison : int
        The same for the comparison group.

    Returns
    -------
    Attrition
        Overall, per-group and differential attrition as proportions.

    Raises
    ------
    StatsInputError
        If a count is not a whole number >= 0, a group has no one
        randomized, or more people are analyzed than were randomized.

    Notes
    -----
    ``treated = 1 - n_analyzed_treated / n_randomized_treated`` and likewise
    for the comparison group; ``overall = 1 - (sum analyzed) / (sum
    randomized)``; ``differential = |treated - comparison|`` (WWC Standards
    Handbook v4.1).  Checked in ``tests/stats/test_wwc.py`` by hand: 90 of
    100 and 80 of 100 analyzed give overall 0.15, per-group 0.10 and 0.20,
    differential 0.10, and totals 200 randomized, 170 analyzed.

    References
    ----------
    What Works Clearinghouse (2020). Standards Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.

    Examples
    --------
    >>> result = attrition(100, 90, 100, 80)
    >>> round(result.overall, 3), round(result.differential, 3)
    (0.15, 0.1)
    """
    counts = {
        "n_randomized_treated": n_randomized_treated,
        "n_analyzed_treated": n_analyzed_treated,
        "n_randomized_comparison": n_randomized_comparison,
        "n_analyzed_comparison": n_analyzed_comparison,
    }
    values = {name: check_count(value, name) for name, value in counts.items()}
    for group in ("treated", "comparison"):
        randomized = values[f"n_randomized_{group}"]
        analyzed = values[f"n_analyzed_{group}"]
        if randomized == 0:
            raise StatsInputError(
                f"n_randomized_{group}: expected at least 1 person, received 0"
            )
        if analyzed > randomized:
            raise StatsInputError(
                f"n_analyzed_{group}: expected at most n_randomized_{group} "
                f"({randomized}), received {analyzed}"
            )

    randomized = values["n_randomized_treated"] + values["n_randomized_comparison"]
    analyzed = values["n_analyzed_treated"] + values["n_analyzed_comparison"]
    lost_treated = 1.0 - values["n_analyzed_treated"] / values["n_randomized_treated"]
    lost_comparison = 1.0 - (
        values["n_analyzed_comparison"] / values["n_randomized_comparison"]
    )
    return Attrition(
        overall=1.0 - analyzed / randomized,
        treated=lost_treated,
        comparison=lost_comparison,
        differential=abs(lost_treated - lost_comparison),
        n_randomized=randomized,
        n_analyzed=analyzed,
    )


@cache
def attrition_boundary_table() -> pd.DataFrame:
    """Return the WWC attrition boundary table (Standards Handbook v4.1, II.1).

    Returns
    -------
    pandas.DataFrame
        Columns ``overall_attrition_pct`` (0..65),
        ``max_differential_cautious_pct`` and
        ``max_differential_optimistic_pct`` (NaN: no differential is low).
        One row per whole percent of overall attrition; the other two
        columns are the highest differential attrition, in percentage
        points, that still counts as low attrition under each boundary.

    Notes
    -----
    Read once from ``data/wwc_attrition_boundaries.csv`` and cached; the
    sibling ``.md`` file gives its provenance (transcribed from a secondary
    source and checked at three rows; every row must be checked against the
    handbook PDF before a release).  Checked in ``tests/stats/test_wwc.py``:
    rows 0 to 65, no cautious boundary from 58% on, and through
    :func:`attrition_rating` the handbook rows 0% (5.7 / 10.0), 13%
    (6.1 / 10.8) and 65% (none / 0.3).

    References
    ----------
    What Works Clearinghouse (2020). Standards Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.
    Deke, J. and Chiang, H. (2017). The WWC attrition standard: sensitivity
    to assumptions and opportunities for refining and adapting to new
    contexts. Evaluation Review 41, 130-154. doi:10.1177/0193841X16670047

    Examples
    --------
    >>> table = attrition_boundary_table().set_index("overall_attrition_pct")
    >>> table.loc[13].tolist()
    [6.1, 10.8]
    >>> table.loc[65].tolist()
    [nan, 0.3]
    """
    return pd.read_csv(BOUNDARY_FILE)


def _check_rate(value, name):
    """Return ``value`` as a float after checking it is a proportion."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise StatsInputError(
            f"{name}: expected a proportion in [0, 1], received {value!r}"
        )
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise StatsInputError(
            f"{name}: expected a proportion in [0, 1] (e.g. 0.12 for 12%), "
            f"received {value!r}"
        )
    return float(value)


def attrition_rating(
    overall: float, differential: float, boundary: str = "cautious"
) -> str:
    """Return "low" or "high" attrition under the WWC boundary.

    Parameters
    ----------
    overall : float
        Overall attrition as a proportion (0.12 for 12%).
    differential : float
        Differential attrition as a proportion (absolute difference of the
        two groups' attrition).
    boundary : {"cautious", "optimistic"}, default "cautious"
        The WWC boundary the review protocol names: cautious when the
        intervention could itself affect who is lost, optimistic otherwise.

    Returns
    -------
    str
        ``"low"`` or ``"high"``.

    Raises
    ------
    StatsInputError
        If a rate is not in [0, 1] or ``boundary`` is unknown.

    Notes
    -----
    The overall rate is converted to percent and rounded to the nearest whole
    percent, halves up (12.5% -> 13%), to find its row of the table; the
    differential, in percentage points and not rounded, is low attrition
    when at or below that row's boundary.  Overall rates beyond the last
    row with a boundary (57% cautious, 65% optimistic) are high attrition.
    Table: WWC Standards Handbook v4.1, Table II.1 (see
    ``data/wwc_attrition_boundaries.md``).  Checked in
    ``tests/stats/test_wwc.py`` at and just past the boundary of the
    handbook rows 0%, 13% and 65% under both boundaries, above 65%, and
    12.5% rounding up to the 13% row.

    References
    ----------
    What Works Clearinghouse (2020). Standards Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.
    Deke, J. and Chiang, H. (2017). The WWC attrition standard: sensitivity
    to assumptions and opportunities for refining and adapting to new
    contexts. Evaluation Review 41, 130-154. doi:10.1177/0193841X16670047

    Examples
    --------
    >>> attrition_rating(0.13, 0.061)
    'low'
    >>> attrition_rating(0.13, 0.062)
    'high'
    """
    overall = _check_rate(overall, "overall")
    differential = _check_rate(differential, "differential")
    if boundary not in BOUNDARIES:
        raise StatsInputError(
            f"boundary: expected one of {list(BOUNDARIES)}, received {boundary!r}"
        )

    overall_pct = int(
        Decimal(repr(overall * 100.0)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    )
    table = attrition_boundary_table().set_index("overall_attrition_pct")
    if overall_pct not in table.index:
        return "high"
    limit = table.at[overall_pct, f"max_differential_{boundary}_pct"]
    if pd.isna(limit):
        return "high"

    # A small tolerance keeps 0.061 * 100 = 6.1000000000000005 on the boundary.
    return "low" if differential * 100.0 <= float(limit) + 1e-9 else "high"


def baseline_equivalence_band(effect_size: float) -> str:
    """Return the WWC baseline-equivalence band of a baseline effect size.

    Parameters
    ----------
    effect_size : float
        Baseline difference in standard-deviation units (Hedges' g or Cox
        index); the sign is ignored.

    Returns
    -------
    str
        ``"satisfied"`` when ``|es| <= 0.05``; ``"requires adjustment"``
        when ``0.05 < |es| <= 0.25`` (satisfied only if the impact analysis
        adjusts for that characteristic); ``"not satisfied"`` above 0.25.
        Exactly 0.05 and 0.25 fall in the lower band.

    Raises
    ------
    StatsInputError
        If ``effect_size`` is not a finite number.

    Notes
    -----
    ``|es|`` is rounded to 12 decimals before the comparison so that a
    computed 0.05 (e.g. ``0.3 - 0.25 = 0.04999999999999999``) falls in the
    band that 0.05 does.  Checked in ``tests/stats/test_wwc.py`` against the
    WWC band limits of the project's reference notes: 0 and +-0.05
    satisfied, 0.0500001 and +-0.25 requires adjustment, 0.2500001 and 1.3
    not satisfied.

    References
    ----------
    What Works Clearinghouse (2020). Standards Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.

    Examples
    --------
    >>> baseline_equivalence_band(0.05), baseline_equivalence_band(-0.25)
    ('satisfied', 'requires adjustment')
    """
    if isinstance(effect_size, bool) or not isinstance(effect_size, numbers.Real):
        raise StatsInputError(
            f"effect_size: expected a finite number, received {effect_size!r}"
        )
    if not math.isfinite(effect_size):
        raise StatsInputError(
            f"effect_size: expected a finite number, received {effect_size!r}"
        )

    # Round away representation noise so that a computed 0.05 is 0.05.
    size = round(abs(float(effect_size)), 12)
    if size <= 0.05:
        return SATISFIED
    if size <= 0.25:
        return REQUIRES_ADJUSTMENT
    return NOT_SATISFIED


def cox_index(
    p_treated: float,
    p_comparison: float,
    n_treated: int | None = None,
    n_comparison: int | None = None,
) -> float:
    """Return the Cox index, the WWC effect size for a binary measure.

    Parameters
    ----------
    p_treated, p_comparison : float
        Proportions with the characteristic in each group, strictly between
        0 and 1.
    n_treated, n_comparison : int, optional
        Group sizes.  When both are given the small-sample factor omega =
        1 - 3/(4N - 9), N = n_treated + n_comparison, is applied; when
        neither is given the uncorrected index is returned.

    Returns
    -------
    float
        ``omega * (logit(p_treated) - logit(p_comparison)) / 1.65``
        (omega = 1 without the group sizes).

    Raises
    ------
    StatsInputError
        If a proportion is not strictly between 0 and 1 (the logit is then
        infinite), or only one group size is given.

    Notes
    -----
    The WWC Procedures Handbook (v4.1, Appendix E) computes the Cox index as
    the log odds ratio divided by 1.65 and, in evalkit's reading, multiplies
    it by the same small-sample factor omega as Hedges' g.  Secondary sources
    disagree on whether omega applies to the Cox index, so the factor is
    applied only when the group sizes are passed, and
    :func:`baseline_equivalence_table` says which it used.  Checked in
    ``tests/stats/test_wwc.py`` by hand: 0.6 vs 0.4 gives
    ``2 * ln(1.5) / 1.65``, times ``1 - 3/151`` with 20 + 20 people, and the
    sign flips when the groups are swapped.

    References
    ----------
    Cox, D. R. (1970). Analysis of Binary Data. London: Methuen.
    Sanchez-Meca, J., Marin-Martinez, F. and Chacon-Moscoso, S. (2003).
    Effect-size indices for dichotomized outcomes in meta-analysis. Psychol
    Methods 8, 448-467. doi:10.1037/1082-989X.8.4.448

    Examples
    --------
    >>> round(cox_index(0.5, 0.5), 4)
    0.0
    >>> round(cox_index(0.6, 0.4), 4), round(cox_index(0.6, 0.4, 20, 20), 4)
    (0.4915, 0.4817)
    """
    for name, value in (("p_treated", p_treated), ("p_comparison", p_comparison)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise StatsInputError(f"{name}: expected a proportion, received {value!r}")
        if not 0.0 < value < 1.0:
            raise StatsInputError(
                f"{name}: expected a proportion strictly between 0 and 1 (the "
                f"Cox index is undefined at 0 and 1), received {value!r}"
            )
    if (n_treated is None) != (n_comparison is None):
        raise StatsInputError(
            "n_treated, n_comparison: expected both group sizes or neither, "
            f"received {n_treated!r} and {n_comparison!r}"
        )

    log_odds_ratio = math.log(p_treated / (1.0 - p_treated)) - math.log(
        p_comparison / (1.0 - p_comparison)
    )
    omega = 1.0
    if n_treated is not None:
        total = check_count(n_treated, "n_treated") + check_count(
            n_comparison, "n_comparison"
        )
        if total < 3:
            raise StatsInputError(
                f"n_treated + n_comparison: expected at least 3, received {total}"
            )
        omega = omega_correction(total)
    return omega * log_odds_ratio / COX_DIVISOR


def improvement_index(g: float) -> float:
    """Return the WWC improvement index, 100 * Phi(g) - 50.

    Parameters
    ----------
    g : float
        Effect size in standard-deviation units.

    Returns
    -------
    float
        Expected change in percentile rank of an average comparison-group
        member had they received the intervention; between -50 and +50.

    Raises
    ------
    StatsInputError
        If ``g`` is not a number or is NaN.

    Notes
    -----
    ``100 * Phi(g) - 50`` with ``Phi`` the standard normal CDF (WWC
    Procedures Handbook v4.1).  Checked in ``tests/stats/test_wwc.py``:
    g = 0.25 gives 9.87 (+10 rounded, the figure in the project's WWC
    reference notes), g = 0 gives 0, g = -0.25 gives -9.87, and the value
    stays within -50..+50 at g = +-10.

    References
    ----------
    What Works Clearinghouse (2020). Procedures Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.

    Examples
    --------
    >>> round(improvement_index(0.25), 2)
    9.87
    """
    if isinstance(g, bool) or not isinstance(g, numbers.Real) or math.isnan(g):
        raise StatsInputError(f"g: expected a number, received {g!r}")
    return float(100.0 * stats.norm.cdf(g) - 50.0)


def _is_binary(values: pd.Series) -> bool:
    """Whether the non-missing values are only 0/1 or booleans."""
    present = values.dropna()
    if present.empty:
        return False
    if pd.api.types.is_bool_dtype(present):
        return True
    try:
        numeric = pd.to_numeric(present)
    except (TypeError, ValueError):
        return False
    return bool(numeric.isin([0, 1]).all())


def _equivalence_row(name, treated_values, comparison_values, adjusted):
    """One covariate's row of the baseline equivalence table."""
    binary = _is_binary(pd.concat([treated_values, comparison_values]))
    treated = pd.to_numeric(treated_values.dropna()).astype(float).to_numpy()
    comparison = pd.to_numeric(comparison_values.dropna()).astype(float).to_numpy()
    n_t, n_c = treated.size, comparison.size
    row = {
        "covariate": name,
        "kind": "binary" if binary else "continuous",
        "n_treated": n_t,
        "n_comparison": n_c,
        "mean_treated": float(treated.mean()) if n_t else math.nan,
        "mean_comparison": float(comparison.mean()) if n_c else math.nan,
        "sd_treated": float(treated.std(ddof=1)) if n_t > 1 else math.nan,
        "sd_comparison": float(comparison.std(ddof=1)) if n_c > 1 else math.nan,
        "effect_size": math.nan,
        "effect_size_method": "Cox index" if binary else "Hedges' g",
        "band": None,
        "adjusted": adjusted,
        "reason": "",
    }

    if n_t == 0 or n_c == 0:
        row["reason"] = "a group has no non-missing values"
        return row
    all_values = np.concatenate([treated, comparison])
    if np.all(all_values == all_values[0]):
        row["reason"] = "the covariate is constant, so no effect size is defined"
        return row

    if binary:
        p_t, p_c = row["mean_treated"], row["mean_comparison"]
        if p_t in (0.0, 1.0) or p_c in (0.0, 1.0):
            row["reason"] = (
                "a group's proportion is 0 or 1, so the Cox index is undefined"
            )
            return row
        row["effect_size"] = cox_index(p_t, p_c, n_t, n_c)
        row["effect_size_method"] = "Cox index (with omega)"
    else:
        if n_t + n_c < 4:
            row["reason"] = "fewer than 4 observations, so Hedges' g is undefined"
            return row
        pooled = math.sqrt(
            (
                (n_t - 1) * (row["sd_treated"] if n_t > 1 else 0.0) ** 2
                + (n_c - 1) * (row["sd_comparison"] if n_c > 1 else 0.0) ** 2
            )
            / (n_t + n_c - 2)
        )
        if pooled == 0:
            row["reason"] = "no variation within either group (pooled SD is 0)"
            return row
        difference = row["mean_treated"] - row["mean_comparison"]
        row["effect_size"] = omega_correction(n_t + n_c) * difference / pooled
    row["band"] = baseline_equivalence_band(row["effect_size"])
    return row


def baseline_equivalence_table(
    frame: pd.DataFrame,
    group: str = "group",
    treated: object = "mentored",
    covariates: list[str] | tuple[str, ...] = (),
    adjusted_for: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Return the WWC baseline equivalence check, one row per covariate.

    Parameters
    ----------
    frame : pandas.DataFrame
        The analysis sample, one row per person.
    group : str, default "group"
        Column naming each person's group.
    treated : object, default "mentored"
        The value of ``group`` that marks the treated group; every other
        non-missing value is the comparison group (at most one other value).
    covariates : sequence of str
        Baseline characteristics to check.
    adjusted_for : sequence of str, default ()
        Covariates the impact analysis adjusts for.

    Returns
    -------
    pandas.DataFrame
        Columns ``covariate``, ``kind`` (binary when the non-missing values
        are only 0/1 or booleans, else continuous), ``n_treated``,
        ``n_comparison``, ``mean_treated``, ``mean_comparison``,
        ``sd_treated``, ``sd_comparison``, ``effect_size``,
        ``effect_size_method`` ("Hedges' g" or "Cox index (with omega)"),
        ``band``, ``adjusted`` and ``reason`` (why no effect size, else
        empty).  Missing values are dropped per covariate.

    Raises
    ------
    StatsInputError
        If a named column is missing or ``group`` has more than two values.

    Notes
    -----
    A continuous covariate gets Hedges' g,
    ``omega * (mean_t - mean_c) / s_p`` with the pooled SD ``s_p``
    (n - 1 denominators) and ``omega = 1 - 3 / (4N - 9)``; a binary one gets
    the Cox index with omega (:func:`cox_index`).  The band is
    :func:`baseline_equivalence_band`.  No effect size, and no band, when a
    group has no values, the covariate is constant, a group's proportion is
    0 or 1, or fewer than 4 values remain; ``reason`` says which.  Checked
    in ``tests/stats/test_wwc.py`` by hand: pretest 5, 6, 7 vs 4, 5, 6, 5
    gives ``(16/19) / sqrt(0.8)``; a binary 3/4 vs 2/4 gives
    ``(1 - 3/23) * ln 3 / 1.65``; constant and one-group covariates give a
    reason and no effect size.

    References
    ----------
    What Works Clearinghouse (2020). Procedures Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.
    What Works Clearinghouse (2020). Standards Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect
    size and related estimators. J Educ Stat 6, 107-128.
    doi:10.3102/10769986006002107

    Examples
    --------
    >>> frame = pd.DataFrame({"group": ["mentored"] * 3 + ["comparison"] * 3,
    ...                       "pretest": [5, 6, 7, 4, 5, 6]})
    >>> table = baseline_equivalence_table(frame, covariates=["pretest"])
    >>> round(float(table.loc[0, "effect_size"]), 3), table.loc[0, "band"]
    (0.8, 'not satisfied')
    """
    if not isinstance(frame, pd.DataFrame):
        raise StatsInputError(
            f"frame: expected a pandas DataFrame, received {type(frame).__name__}"
        )
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    adjusted_for = (
        [adjusted_for] if isinstance(adjusted_for, str) else list(adjusted_for)
    )
    absent = [name for name in [group, *covariates] if name not in frame.columns]
    if absent:
        raise StatsInputError(
            f"frame: expected columns {[group, *covariates]}, missing {absent}"
        )
    others = [value for value in frame[group].dropna().unique() if value != treated]
    if len(others) > 1:
        raise StatsInputError(
            f"frame column {group!r}: expected the treated value {treated!r} and "
            f"one comparison value, received {sorted(map(str, others))} besides it"
        )

    is_treated = frame[group] == treated
    is_comparison = frame[group].notna() & ~is_treated
    rows = [
        _equivalence_row(
            name,
            frame.loc[is_treated, name],
            frame.loc[is_comparison, name],
            name in adjusted_for,
        )
        for name in covariates
    ]
    columns = [
        "covariate", "kind", "n_treated", "n_comparison", "mean_treated",
        "mean_comparison", "sd_treated", "sd_comparison", "effect_size",
        "effect_size_method", "band", "adjusted", "reason",
    ]  # fmt: skip
    return pd.DataFrame.from_records(rows, columns=columns)


@dataclass(frozen=True)
class StudyRating:
    """The WWC rating of a group-design study and the rule that decided it.

    Attributes
    ----------
    rating : str
        One of the three WWC ratings.
    decided_by : str
        ``"attrition"`` or ``"baseline equivalence"``.
    explanation : str
        The rule in words, with the covariates that failed, if any.
    """

    rating: str
    decided_by: str
    explanation: str


def study_rating(
    design: str,
    attrition_level: str | None = None,
    baseline: pd.DataFrame | None = None,
) -> StudyRating:
    """Return the WWC rating of a study from its attrition and baseline table.

    Parameters
    ----------
    design : {"rct", "qed"}
        Randomized controlled trial or quasi-experimental design.
    attrition_level : {"low", "high"}, optional
        From :func:`attrition_rating`; required for an RCT, ignored for a
        QED.
    baseline : pandas.DataFrame, optional
        From :func:`baseline_equivalence_table`; required unless the study is
        an RCT with low attrition.

    Returns
    -------
    StudyRating
        The rating, the rule that decided it and an explanation.

    Raises
    ------
    StatsInputError
        If ``design`` or ``attrition_level`` is not one of the allowed values.

    Notes
    -----
    The rules, applied in order (WWC Standards Handbook v4.1, group designs,
    simplified: no cluster, compositional-change or confound checks):

    1. An RCT with low attrition meets standards without reservations
       (decided by attrition).
    2. Otherwise (an RCT with high attrition, or any QED) baseline
       equivalence must be shown on the analysis sample: every assessed
       covariate "satisfied", or "requires adjustment" and adjusted for.
       Then the study meets standards with reservations; if not, or if no
       covariate could be assessed, it does not meet standards (decided by
       baseline equivalence).  Covariates without an effect size (constant,
       empty group) are named but do not count either way.

    Checked in ``tests/stats/test_wwc.py``: an RCT with low attrition is
    decided by attrition; an RCT with high attrition whose covariates are
    satisfied or adjusted meets with reservations and names the covariate
    not assessed; the same table unadjusted, or a QED without a table, does
    not meet standards.

    References
    ----------
    What Works Clearinghouse (2020). Standards Handbook, Version 4.1.
    Washington, DC: U.S. Department of Education, Institute of Education
    Sciences.

    Examples
    --------
    >>> study_rating("rct", "low").rating
    'Meets WWC standards without reservations'
    """
    if design not in ("rct", "qed"):
        raise StatsInputError(f"design: expected 'rct' or 'qed', received {design!r}")
    if design == "rct" and attrition_level not in ("low", "high"):
        raise StatsInputError(
            "attrition_level: expected 'low' or 'high' for an RCT, received "
            f"{attrition_level!r}"
        )

    if design == "rct" and attrition_level == "low":
        return StudyRating(
            MEETS_WITHOUT,
            "attrition",
            "randomized with low attrition: baseline equivalence is not required",
        )

    context = (
        "randomized with high attrition"
        if design == "rct"
        else "quasi-experimental design"
    )
    if baseline is None or baseline.empty:
        return StudyRating(
            DOES_NOT_MEET,
            "baseline equivalence",
            f"{context}: baseline equivalence must be shown and no baseline "
            "table was given",
        )

    assessed = baseline[baseline["band"].notna()]
    skipped = baseline.loc[baseline["band"].isna(), "covariate"].tolist()
    note = f"; not assessed: {', '.join(map(str, skipped))}" if skipped else ""
    if assessed.empty:
        return StudyRating(
            DOES_NOT_MEET,
            "baseline equivalence",
            f"{context}: no covariate could be assessed{note}",
        )

    failing = assessed[
        (assessed["band"] == NOT_SATISFIED)
        | ((assessed["band"] == REQUIRES_ADJUSTMENT) & ~assessed["adjusted"])
    ]["covariate"].tolist()
    if failing:
        return StudyRating(
            DOES_NOT_MEET,
            "baseline equivalence",
            f"{context}: baseline equivalence not shown for "
            f"{', '.join(map(str, failing))}{note}",
        )
    return StudyRating(
        MEETS_WITH,
        "baseline equivalence",
        f"{context}: baseline equivalence shown on every assessed covariate{note}",
    )

"""Mentored compared with a comparison group, outcome by outcome.

For each outcome named in the params file this module gives the group sizes
and rates (binary) or means (continuous), the absolute difference with its
95% interval, for binary outcomes the relative lift (risk ratio − 1) and the
odds ratio, a covariate-adjusted estimate, and the checks an evidence
reviewer applies: attrition and baseline equivalence (What Works
Clearinghouse).  The statistics themselves live in :mod:`evalkit.stats`;
this module picks them, names them, and lays them out as tidy tables and
KPIs.  Only people with ``followed_up`` true enter the outcome analyses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from statsmodels.stats.weightstats import DescrStatsW

from evalkit.errors import DataError
from evalkit.kpi import Kpi, kpi_from_estimate, no_data_kpi, suppressed
from evalkit.loading import file_row
from evalkit.params import Outcome
from evalkit.program import LoadedTable, ProgramData
from evalkit.stats.adjusted import adjusted_comparison
from evalkit.stats.means import mean_difference
from evalkit.stats.proportions import wilson_interval
from evalkit.stats.results import Estimate, not_estimable
from evalkit.stats.two_proportions import (
    odds_ratio,
    proportion_difference,
    relative_lift,
)
from evalkit.stats.wwc import attrition, attrition_rating, baseline_equivalence_table

STAGE = "outcomes"
TREATED = "mentored"
COMPARISON = "comparison"


@dataclass(frozen=True)
class OutcomeResult:
    """Every estimate the outcomes stage shows for one outcome."""

    outcome: Outcome
    mentored: Estimate
    comparison: Estimate
    difference: Estimate
    welch_difference: Estimate | None
    lift: Estimate | None
    odds_ratio: Estimate | None
    adjusted_difference: Estimate
    adjusted_lift: Estimate | None
    suppressed: bool = False


def _row_in_file(loaded: LoadedTable, position: int) -> int:
    """The row a user finds in the file; position + 2 for a table built by hand."""
    return file_row(loaded, position) if loaded.source_rows else position + 2


def _numeric_column(loaded: LoadedTable, column: str, where: str) -> pd.Series:
    table = loaded.frame
    values = pd.to_numeric(table[column], errors="coerce")
    bad = (
        values.isna()
        & table[column].notna()
        & (table[column].astype("string").str.strip() != "")
    )
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            f"{where}, row {_row_in_file(loaded, position)}, column {column}: value "
            f"{table[column].iloc[position]!r} is not a number (expected a number; "
            f"{int(bad.sum())} such value(s) in this column)"
        )
    return values.astype("float64")


def comparison_frame(program: ProgramData) -> pd.DataFrame | None:
    """The comparison table with outcomes and covariates as numbers.

    Returns None when the program has no comparison table.  Raises DataError
    naming the file, row and column of a value that is not a number, or of a
    binary outcome that is not 0/1.
    """
    if not program.has("comparison"):
        return None
    loaded = program.tables["comparison"]
    where = Path(loaded.path).name + (
        f", sheet {loaded.sheet!r}" if loaded.sheet else ""
    )
    table = loaded.frame.copy()
    config = program.params.comparison

    for column in [outcome.column for outcome in config.outcomes] + list(
        config.covariates
    ):
        table[column] = _numeric_column(loaded, column, where)

    for outcome in config.outcomes:
        if outcome.kind != "binary":
            continue
        values = table[outcome.column]
        bad = values.notna() & ~values.isin([0.0, 1.0])
        if bad.any():
            position = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(
                f"{where}, row {_row_in_file(loaded, position)}, column "
                f"{outcome.column}: value "
                f"{values.iloc[position]!r} is not 0 or 1 (the params file says "
                "this outcome is binary)"
            )
    return table


def analysed(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Rows followed up with a non-missing ``outcome``: the analysis sample."""
    followed = frame["followed_up"].fillna(False).astype(bool)
    return frame[followed & frame[outcome].notna()]


def _group_values(frame: pd.DataFrame, outcome: str, group: str) -> pd.Series:
    return frame.loc[frame["group"] == group, outcome]


def _group_level(values: pd.Series, kind: str, confidence: float) -> Estimate:
    n = int(values.size)
    if n == 0:
        return not_estimable("no one in this group has the outcome", n=0)
    if kind == "binary":
        return wilson_interval(int(values.sum()), n, confidence=confidence)
    if n < 2:
        return Estimate(
            estimate=float(values.mean()),
            n=n,
            confidence=confidence,
            method="mean (one observation: no interval)",
            warnings=("one observation: no interval",),
        )
    low, high = DescrStatsW(values.to_numpy()).tconfint_mean(alpha=1 - confidence)
    return Estimate(
        estimate=float(values.mean()),
        ci_low=float(low),
        ci_high=float(high),
        confidence=confidence,
        n=n,
        method="mean with t interval",
    )


def outcome_result(
    frame: pd.DataFrame,
    outcome: Outcome,
    covariates: list[str],
    *,
    confidence: float,
    seed: int,
    suppression_threshold: int = 1,
) -> OutcomeResult:
    """Compute every estimate of one outcome on the comparison table.

    When either group has fewer analysed people than
    ``suppression_threshold``, nothing is estimated: every figure of the
    outcome is withheld (the privacy rule), and only the group sizes remain.
    """
    sample = analysed(frame, outcome.column)
    treated = _group_values(sample, outcome.column, TREATED)
    comparison = _group_values(sample, outcome.column, COMPARISON)

    if min(treated.size, comparison.size) < suppression_threshold:
        return _withheld(
            outcome, treated.size, comparison.size, suppression_threshold, confidence
        )

    mentored_level = _group_level(treated, outcome.kind, confidence)
    comparison_level = _group_level(comparison, outcome.kind, confidence)

    lift = odds = welch = adjusted_lift = None
    if outcome.kind == "binary":
        counts = (
            int(treated.sum()),
            treated.size,
            int(comparison.sum()),
            comparison.size,
        )
        difference = proportion_difference(*counts, confidence=confidence)
        lift = relative_lift(*counts, confidence=confidence)
        odds = odds_ratio(*counts, confidence=confidence)
    else:
        difference = mean_difference(
            treated, comparison, method="pooled", confidence=confidence
        )
        welch = mean_difference(
            treated, comparison, method="welch", confidence=confidence
        )

    adjusted = adjusted_comparison(
        sample,
        outcome=outcome.column,
        group="group",
        treated=TREATED,
        covariates=list(covariates),
        kind=outcome.kind,
        interval="delta",
        confidence=confidence,
        seed=seed,
    )
    if outcome.kind == "binary":
        adjusted_lift = adjusted.lift

    return OutcomeResult(
        outcome=outcome,
        mentored=mentored_level,
        comparison=comparison_level,
        difference=difference,
        welch_difference=welch,
        lift=lift,
        odds_ratio=odds,
        adjusted_difference=adjusted.difference,
        adjusted_lift=adjusted_lift,
    )


def _withheld(
    outcome: Outcome,
    n_treated: int,
    n_comparison: int,
    threshold: int,
    confidence: float,
) -> OutcomeResult:
    reason = (
        f"suppressed: a group has fewer than {threshold} people with the outcome "
        f"observed (mentored {n_treated}, comparison {n_comparison})"
    )

    def hidden(n: int) -> Estimate:
        return Estimate(
            estimate=math.nan,
            n=n,
            confidence=confidence,
            method=reason,
            status="suppressed",
        )

    binary = outcome.kind == "binary"
    total = n_treated + n_comparison
    return OutcomeResult(
        outcome=outcome,
        mentored=hidden(n_treated),
        comparison=hidden(n_comparison),
        difference=hidden(total),
        welch_difference=None if binary else hidden(total),
        lift=hidden(total) if binary else None,
        odds_ratio=hidden(total) if binary else None,
        adjusted_difference=hidden(total),
        adjusted_lift=hidden(total) if binary else None,
        suppressed=True,
    )


def outcome_results(program: ProgramData) -> list[OutcomeResult]:
    """One :class:`OutcomeResult` per outcome in the params file (none if no data)."""
    frame = comparison_frame(program)
    if frame is None:
        return []
    settings = program.params.settings
    covariates = program.params.comparison.covariates
    return [
        outcome_result(
            frame,
            outcome,
            covariates,
            confidence=settings.confidence,
            seed=settings.seed,
            suppression_threshold=settings.suppression_threshold,
        )
        for outcome in program.params.comparison.outcomes
    ]


def _row(result: OutcomeResult, quantity: str, estimate: Estimate | None) -> dict:
    if estimate is None:
        return {}
    return {
        "outcome": result.outcome.column,
        "label": result.outcome.label,
        "kind": result.outcome.kind,
        "quantity": quantity,
        **estimate.as_record(),
    }


def outcome_table(results: list[OutcomeResult]) -> pd.DataFrame:
    """A tidy table: one row per outcome and quantity, with method and interval."""
    rows = []
    for result in results:
        rows += [
            _row(result, "mentored", result.mentored),
            _row(result, "comparison", result.comparison),
            _row(result, "difference", result.difference),
            _row(result, "difference (Welch)", result.welch_difference),
            _row(result, "relative lift", result.lift),
            _row(result, "odds ratio", result.odds_ratio),
            _row(result, "adjusted difference", result.adjusted_difference),
            _row(result, "adjusted lift", result.adjusted_lift),
        ]
    return pd.DataFrame([row for row in rows if row])


def balance(program: ProgramData) -> pd.DataFrame | None:
    """Baseline equivalence of each covariate in the analysed sample (WWC bands)."""
    frame = comparison_frame(program)
    covariates = program.params.comparison.covariates
    if frame is None or not covariates:
        return None
    followed = frame[frame["followed_up"].fillna(False).astype(bool)]
    table = baseline_equivalence_table(
        followed,
        group="group",
        treated=TREATED,
        covariates=covariates,
        adjusted_for=covariates,
    )

    # The privacy rule: no mean or SD of a group smaller than the threshold.
    threshold = program.params.settings.suppression_threshold
    small = (table["n_treated"] < threshold) | (table["n_comparison"] < threshold)
    statistics = [
        "mean_treated",
        "mean_comparison",
        "sd_treated",
        "sd_comparison",
        "effect_size",
    ]
    table[statistics] = table[statistics].astype("float64")
    table.loc[small, statistics] = math.nan
    table.loc[small, "band"] = "suppressed"
    table.loc[small, "reason"] = f"a group has fewer than {threshold} people"
    return table


def attrition_table(program: ProgramData) -> pd.DataFrame | None:
    """Overall and differential attrition, rated on both WWC boundaries."""
    frame = comparison_frame(program)
    if frame is None:
        return None
    followed = frame["followed_up"].fillna(False).astype(bool)
    counts = {
        group: (
            int((frame["group"] == group).sum()),
            int(((frame["group"] == group) & followed).sum()),
        )
        for group in (TREATED, COMPARISON)
    }
    result = attrition(
        counts[TREATED][0],
        counts[TREATED][1],
        counts[COMPARISON][0],
        counts[COMPARISON][1],
    )
    overall, differential = result.overall, result.differential
    table = pd.DataFrame(
        [
            {
                "mentored in sample": counts[TREATED][0],
                "mentored followed up": counts[TREATED][1],
                "comparison in sample": counts[COMPARISON][0],
                "comparison followed up": counts[COMPARISON][1],
                "overall attrition": overall,
                "differential attrition": differential,
                "rating (cautious boundary)": attrition_rating(
                    overall, differential, boundary="cautious"
                ),
                "rating (optimistic boundary)": attrition_rating(
                    overall, differential, boundary="optimistic"
                ),
            }
        ]
    )

    # The privacy rule: a group under the threshold shows neither its size
    # nor the rates that would give it away.
    threshold = program.params.settings.suppression_threshold
    sizes = [size for pair in counts.values() for size in pair]
    if any(0 < size < threshold for size in sizes):
        table = table.astype(object)
        for column in table.columns[:4]:
            if 0 < table.at[0, column] < threshold:
                table.at[0, column] = f"fewer than {threshold}"
        table.loc[0, table.columns[4:]] = "suppressed"
    return table


def _units(outcome: Outcome) -> tuple[str, str]:
    if outcome.kind == "binary":
        return "proportion", "percentage points"
    unit = outcome.unit or "mean"
    return unit, unit


def outcome_kpis(program: ProgramData) -> list[Kpi]:
    """The KPIs of the outcomes stage, for kpis.csv and the scorecard.

    Ids: ``<outcome>.mentored``, ``<outcome>.comparison``,
    ``<outcome>.difference``, ``<outcome>.lift`` (binary) and
    ``<outcome>.adjusted_difference``.  An outcome whose params entry names a
    ``kpi`` (e.g. ``promotion_lift``) has its lift held against that target.
    """
    params = program.params
    min_n = params.settings.min_n
    outcomes = params.comparison.outcomes
    if not program.has("comparison"):
        return [
            no_data_kpi(
                f"{outcome.column}.lift"
                if outcome.kind == "binary"
                else f"{outcome.column}.difference",
                outcome.label,
                target=params.target(outcome.kpi) if outcome.kpi else None,
                definition="mentored compared with comparison",
                unit="relative change",
                stage=STAGE,
                reason="not assessed: no data (needs the comparison table)",
            )
            for outcome in outcomes
        ]

    kpis = []
    for result in outcome_results(program):
        outcome = result.outcome
        level_unit, difference_unit = _units(outcome)
        rate = "share" if outcome.kind == "binary" else "mean"
        common = {"min_n": min_n, "stage": STAGE}
        figures = [
            kpi_from_estimate(
                f"{outcome.column}.mentored",
                f"{outcome.label}: mentored",
                result.mentored,
                target=None,
                unit=level_unit,
                definition=f"{rate} among mentored people followed up",
                **common,
            ),
            kpi_from_estimate(
                f"{outcome.column}.comparison",
                f"{outcome.label}: comparison",
                result.comparison,
                target=None,
                unit=level_unit,
                definition=f"{rate} among comparison people followed up",
                **common,
            ),
            kpi_from_estimate(
                f"{outcome.column}.difference",
                f"{outcome.label}: difference",
                result.difference,
                target=None,
                unit=difference_unit,
                definition=f"{rate} mentored minus {rate} comparison",
                **common,
            ),
        ]
        if result.lift is not None:
            target = params.target(outcome.kpi) if outcome.kpi else None
            figures.append(
                kpi_from_estimate(
                    f"{outcome.column}.lift",
                    f"{outcome.label}: lift",
                    result.lift,
                    target=target,
                    unit="relative change",
                    definition="(rate mentored − rate comparison) / rate comparison,"
                    " i.e. risk ratio − 1, unadjusted",
                    **common,
                )
            )
        figures.append(
            kpi_from_estimate(
                f"{outcome.column}.adjusted_difference",
                f"{outcome.label}: adjusted difference",
                result.adjusted_difference,
                target=None,
                unit=difference_unit,
                definition="difference standardized over the analysed sample after "
                "regression on the baseline covariates",
                **common,
            )
        )
        if result.suppressed:
            threshold = params.settings.suppression_threshold
            figures = [suppressed(kpi, threshold) for kpi in figures]
        kpis += figures
    return kpis


def _format_number(value: float | None, unit: str) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "proportion":
        return f"{value * 100:.1f}%"
    if unit == "percentage points":
        return f"{value * 100:+.1f} pp"
    if unit == "relative change":
        return f"{value * 100:+.1f}%"
    if unit == "ratio":
        return f"{value:.3f}"
    if unit == "dollars":
        return f"${value:,.2f}"
    return f"{value:,.3f}"


_QUANTITY_UNITS = {
    "relative lift": "relative change",
    "adjusted lift": "relative change",
    "odds ratio": "ratio",
}


def readable_outcome_table(results: list[OutcomeResult]) -> pd.DataFrame:
    """The outcome table as a reader sees it: formatted values, CI, p, method."""
    rows = []
    for _, row in outcome_table(results).iterrows():
        outcome = next(r.outcome for r in results if r.outcome.column == row.outcome)
        level_unit, difference_unit = _units(outcome)
        unit = _QUANTITY_UNITS.get(
            row.quantity,
            level_unit
            if row.quantity in ("mentored", "comparison")
            else difference_unit,
        )
        interval = (
            f"{_format_number(row.ci_low, unit)} to {_format_number(row.ci_high, unit)}"
            if math.isfinite(row.ci_low) and math.isfinite(row.ci_high)
            else "–"
        )
        p_value = row.p_value
        rows.append(
            {
                "outcome": row.label,
                "quantity": row.quantity,
                "estimate": _format_number(row.estimate, unit)
                if row.status == "ok"
                else row.status,
                "95% CI": interval,
                "n": int(row.n),
                "p": "–"
                if p_value is None or not math.isfinite(p_value)
                else f"{p_value:.4f}",
                "method": row.method,
            }
        )
    return pd.DataFrame(rows)


def result_warnings(results: list[OutcomeResult]) -> list[str]:
    """Every distinct warning of every estimate, prefixed with its outcome."""
    seen: list[str] = []
    for result in results:
        for estimate in (
            result.mentored,
            result.comparison,
            result.difference,
            result.welch_difference,
            result.lift,
            result.odds_ratio,
            result.adjusted_difference,
            result.adjusted_lift,
        ):
            for warning in getattr(estimate, "warnings", ()):
                text = f"{result.outcome.label}: {warning}"
                if text not in seen:
                    seen.append(text)
    return seen


def _plain_number(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:,.3f}"


def readable_balance_table(equivalence: pd.DataFrame) -> pd.DataFrame:
    """The baseline-equivalence table as a reader sees it (fewer, named columns)."""

    def verdict(row) -> str:
        if not isinstance(row.band, str) or not row.band:
            return row.reason or "–"
        if row.band == "requires adjustment":
            return "satisfied by adjustment" if row.adjusted else row.band
        return row.band

    return pd.DataFrame(
        {
            "covariate": equivalence["covariate"],
            "mentored mean": equivalence["mean_treated"].map(_plain_number),
            "comparison mean": equivalence["mean_comparison"].map(_plain_number),
            "effect size": equivalence["effect_size"].map(
                lambda value: "–" if not math.isfinite(value) else f"{value:+.3f}"
            ),
            "effect size method": equivalence["effect_size_method"],
            "WWC band": equivalence["band"].fillna("–"),
            "verdict": [verdict(row) for row in equivalence.itertuples()],
        }
    )

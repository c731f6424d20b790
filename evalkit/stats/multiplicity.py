"""Adjusting p-values when several tests are read together.

The skills stage tests every competency; read side by side, some small
p-values are expected by chance.  Holm's step-down adjustment controls the
family-wise error rate and is never less powerful than Bonferroni's.
"""

from __future__ import annotations

import numpy as np
from statsmodels.stats.multitest import multipletests

from evalkit.errors import StatsInputError


def holm_adjust(p_values) -> np.ndarray:
    """Return Holm-adjusted p-values, in the order given.

    Parameters
    ----------
    p_values : array-like of float
        Unadjusted p-values in [0, 1]; NaN (a test that could not be run) is
        kept as NaN and does not count toward the number of tests.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values: sorted ascending, the i-th smallest of m is
        multiplied by ``m - i + 1``, made non-decreasing, and capped at 1.

    Raises
    ------
    StatsInputError
        If the input is not one-dimensional numeric data or a value is
        outside [0, 1].

    Notes
    -----
    Computed with ``statsmodels.stats.multitest.multipletests(method="holm")``,
    which matches R's ``p.adjust(p, "holm")``.  Checked in
    ``tests/stats/test_multiplicity.py`` against values worked by hand from
    Holm's definition: 0.01, ..., 0.05 give 0.05, 0.08, 0.09, 0.09, 0.09;
    the input order is kept, values are capped at 1, and NaN is kept and
    not counted.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    Scand J Stat 6, 65-70.

    Examples
    --------
    >>> holm_adjust([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    try:
        values = np.asarray(p_values, dtype=float)
    except (TypeError, ValueError):
        raise StatsInputError(
            "p_values: expected numbers in [0, 1], received values that are not numbers"
        ) from None
    if values.ndim != 1:
        raise StatsInputError(
            f"p_values: expected a one-dimensional list, received shape {values.shape}"
        )
    present = ~np.isnan(values)
    if ((values[present] < 0) | (values[present] > 1)).any():
        raise StatsInputError(
            f"p_values: expected values in [0, 1], received {values[present].tolist()}"
        )

    adjusted = np.full(values.shape, np.nan)
    if present.any():
        adjusted[present] = multipletests(values[present], method="holm")[1]
    return adjusted

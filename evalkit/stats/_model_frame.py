"""Checks and numeric encoding of a comparison frame's columns.

The adjusted regression (:mod:`evalkit.stats.adjusted`) and the propensity
model (:mod:`evalkit.stats.propensity`) both take a frame with a group column
and baseline covariates; these are the checks and the covariate encoding they
share.
"""

from __future__ import annotations

import pandas as pd


def check_frame(frame) -> None:
    """Raise TypeError unless ``frame`` is a pandas DataFrame."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"frame: expected a pandas DataFrame, received {type(frame).__name__}"
        )


def covariate_list(covariates) -> list:
    """Return ``covariates`` as a list; a single column name becomes a list of one."""
    if isinstance(covariates, str):
        covariates = [covariates]
    return list(covariates)


def check_columns(frame, named_columns) -> None:
    """Raise ValueError at the first ``(argument, column)`` pair not in ``frame``."""
    for argument, column in named_columns:
        if column not in frame.columns:
            raise ValueError(
                f"{argument}: expected a column of frame, received {column!r}; "
                f"the columns are {', '.join(map(str, frame.columns))}"
            )


def _listed(groups) -> str:
    return ", ".join(map(repr, sorted(map(str, groups))))


def check_group_count(groups: set, group: str) -> None:
    """Raise ValueError if column ``group`` holds more than two ``groups``."""
    if len(groups) > 2:
        raise ValueError(
            f"group: expected two groups in column {group!r}, received "
            f"{len(groups)}: {_listed(groups)}"
        )


def check_treated(groups: set, group: str, treated) -> None:
    """Raise ValueError if there are two groups or more and none is ``treated``."""
    if len(groups) > 1 and treated not in groups:
        raise ValueError(
            f"treated: expected one of the values of column {group!r} "
            f"({_listed(groups)}), received {treated!r}"
        )


def encode_covariates(data: pd.DataFrame, covariates):
    """Yield ``(covariate, values, encoded)`` for each covariate, in order.

    ``values`` is the column with its type inferred.  ``encoded`` is None when
    the column takes one value in ``data`` (it can adjust nothing), the column
    as floats when it is boolean or numeric, and otherwise a DataFrame of float
    indicators, one per value but the first (the reference).
    """
    for covariate in covariates:
        values = data[covariate].infer_objects()
        if values.nunique() < 2:
            yield covariate, values, None
        elif values.dtype == bool or pd.api.types.is_numeric_dtype(values):
            yield covariate, values, values.astype(float)
        else:
            dummies = pd.get_dummies(values, prefix=covariate, drop_first=True)
            yield covariate, values, dummies.astype(float)

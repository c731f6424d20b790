"""Seeded draws and day numbers shared by the sample's table builders.

Every random choice goes through the ``numpy.random.Generator`` passed in, and
dates are held as whole days since 1970-01-01 until the tables are finished.
"""

from __future__ import annotations

from datetime import date

import numpy as np

_EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Return a date as days since 1970-01-01."""
    return (day - _EPOCH).days


def split_evenly(total: int, parts: int) -> list[int]:
    """Return ``total`` split into ``parts`` near-equal whole numbers."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


def draw(
    rng: np.random.Generator,
    values: tuple,
    shares: tuple[float, ...],
    size: int,
) -> list:
    """Return ``size`` values drawn with the given shares."""
    p = np.asarray(shares, dtype=float)
    picks = rng.choice(len(values), size=size, p=p / p.sum())
    return [values[i] for i in picks]


def weighted_choice(
    rng: np.random.Generator, items: list, weight: np.ndarray, count: int
) -> list:
    """Return ``count`` of ``items`` drawn without replacement, by weight."""
    if count <= 0 or not items:
        return []
    weight = np.asarray(weight, dtype=float)
    picks = rng.choice(
        len(items), size=min(count, len(items)), replace=False, p=weight / weight.sum()
    )
    return [items[i] for i in np.sort(picks)]


def ranked_values(latent: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    """Return values 1..k with exact shares, higher values to higher ``latent``.

    Counts are the shares times the number of answers, rounded by largest
    remainder so that they add up.
    """
    n = len(latent)
    raw = np.asarray(shares, dtype=float) / sum(shares) * n
    counts = np.floor(raw).astype(int)
    remainder = raw - counts
    extra = np.argsort(-remainder, kind="stable")[: n - counts.sum()]
    counts[extra] += 1
    values = np.repeat(np.arange(1, len(shares) + 1, dtype=float), counts)
    out = np.empty(n)
    out[np.argsort(latent, kind="stable")] = values
    return out


def logistic(x: np.ndarray) -> np.ndarray:
    """Return the logistic function of ``x``."""
    return 1.0 / (1.0 + np.exp(-x))

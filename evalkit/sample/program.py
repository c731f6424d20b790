"""What the program ran and spent: community events and quarterly costs."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from evalkit.sample.draws import day_number, split_evenly
from evalkit.sample.settings import SampleSettings

_EVENT_KINDS = ("hackathon", "lab tour", "networking", "panel", "social", "workshop")
_COST_BASE = {
    "staff": 18000.0,
    "events": 2400.0,
    "materials": 1100.0,
    "training": 2600.0,
    "evaluation": 3200.0,
}


def events_table(
    settings: SampleSettings, as_of: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Return community events spread over each cohort's program year."""
    rows = []
    per_cohort = split_evenly(settings.n_events, len(settings.cohorts))
    for cohort, n in zip(settings.cohorts, per_cohort, strict=True):
        first = day_number(date(int(cohort), 2, 1))
        last = min(first + 7 * settings.program_weeks + 30, as_of)
        days = np.sort(rng.integers(first, last + 1, size=n))
        for day in days:
            rows.append(
                {
                    "date": int(day),
                    "attendees": int(8 + rng.poisson(24)),
                    "organized_by_mentee": bool(rng.random() < 0.3),
                    "kind": str(rng.choice(_EVENT_KINDS)),
                    "cohort": cohort,
                }
            )
    columns = ["date", "attendees", "organized_by_mentee", "kind", "cohort"]
    frame = pd.DataFrame(rows, columns=columns)
    order = np.lexsort((frame["cohort"].to_numpy(), frame["date"].to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "event_id", [f"E{i:04d}" for i in range(1, len(frame) + 1)])
    return frame


def costs_table(
    settings: SampleSettings, as_of: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Return quarterly cost lines by category for each cohort."""
    scale = settings.n_mentees / len(settings.cohorts) / 200.0
    rows = []
    for cohort in settings.cohorts:
        year = int(cohort)
        for quarter in range(1, 5):
            if day_number(date(year, 3 * quarter - 2, 1)) > as_of:
                continue
            for category, base in _COST_BASE.items():
                if category == "training" and quarter > 2:
                    continue
                if category == "evaluation" and quarter not in (2, 4):
                    continue
                amount = base * scale * rng.uniform(0.85, 1.15)
                rows.append(
                    {
                        "category": category,
                        "amount": round(amount, 2),
                        "period": f"{year}-Q{quarter}",
                        "cohort": cohort,
                    }
                )
    return pd.DataFrame(rows)

"""Benchmark of the statistics core at program scale.

Generates 100,000 participants (seed 20240501) scored pre and post on 4
competencies, with some missing scores, missing posts and duplicate rows, and
times :func:`evalkit.stats.paired.paired_change_by` on the 800,000-row long
table; then Wilson intervals of a completion rate for 50 groups.  Prints wall
time and peak Python memory (tracemalloc) for each step.

Run: .venv/bin/python bench/bench_stats.py
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pandas as pd

from evalkit.stats.paired import paired_change_by
from evalkit.stats.proportions import wilson_interval

SEED = 20240501
N_PARTICIPANTS = 100_000
COMPETENCIES = ("coding", "data_analysis", "communication", "research")
N_GROUPS = 50


def make_assessments(rng: np.random.Generator) -> pd.DataFrame:
    """Long pre/post scores with a few realistic defects, in shuffled order."""
    ids = np.arange(N_PARTICIPANTS)
    frames = []
    for competency in COMPETENCIES:
        pre = rng.normal(60, 12, N_PARTICIPANTS).round(1)
        post = (pre + rng.normal(8, 10, N_PARTICIPANTS)).round(1)
        post[rng.random(N_PARTICIPANTS) < 0.05] = np.nan  # missing scores
        keep_post = rng.random(N_PARTICIPANTS) > 0.03  # no post row at all
        frames.append(
            pd.DataFrame(
                {
                    "participant_id": ids,
                    "competency": competency,
                    "wave": "pre",
                    "score": pre,
                }
            )
        )
        frames.append(
            pd.DataFrame(
                {
                    "participant_id": ids[keep_post],
                    "competency": competency,
                    "wave": "post",
                    "score": post[keep_post],
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    duplicates = frame.sample(n=500, random_state=SEED)
    frame = pd.concat([frame, duplicates], ignore_index=True)
    return frame.sample(frac=1.0, random_state=SEED).reset_index(drop=True)


def timed(label, function, *args, **kwargs):
    """Run ``function`` and print its wall time and peak traced memory."""
    tracemalloc.start()
    start = time.perf_counter()
    result = function(*args, **kwargs)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label}: {elapsed:.2f} s wall, peak {peak / 2**20:.0f} MiB (tracemalloc)")
    return result


def group_rates(rng: np.random.Generator) -> list:
    """Wilson intervals of a completion rate for N_GROUPS groups."""
    sizes = rng.integers(5, 4000, N_GROUPS)
    events = rng.binomial(sizes, 0.75)
    return [wilson_interval(int(e), int(n)) for e, n in zip(events, sizes, strict=True)]


def main() -> None:
    rng = np.random.default_rng(SEED)
    frame = timed(
        "generate 100,000 participants x 4 competencies", make_assessments, rng
    )
    print(f"  long table: {len(frame):,} rows")
    table = timed(
        "paired_change_by (4 competencies)", paired_change_by, frame, by="competency"
    )
    print(
        table[
            [
                "competency",
                "n_pairs",
                "mean_change",
                "p_value",
                "wilcoxon_v",
                "dropped_missing_score",
                "dropped_duplicate",
                "dropped_no_post",
            ]
        ].to_string(index=False)
    )
    rates = timed(f"wilson_interval for {N_GROUPS} groups", group_rates, rng)
    print(
        f"  {len(rates)} intervals, first: {rates[0].estimate:.3f} "
        f"[{rates[0].ci_low:.3f}, {rates[0].ci_high:.3f}]"
    )


if __name__ == "__main__":
    main()

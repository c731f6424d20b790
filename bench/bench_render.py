"""Time `evalkit run` on the sample program, one worker and one per core.

Prints the wall time of a whole rendering (both cohorts, every stage) and the
slowest stage, into a temporary folder so that outputs/ is left alone.

    .venv/bin/python bench/bench_render.py
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from evalkit.paths import SAMPLE_PARAMS
from evalkit.runner import run_program


def render_seconds(jobs: int) -> tuple[float, float, int]:
    """Wall time of one rendering, the slowest stage's time, and the page count."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        runs = run_program(SAMPLE_PARAMS, jobs=jobs, output_root=Path(folder))
        elapsed = time.perf_counter() - started
    stages = [stage for run in runs for stage in run.stages]
    return elapsed, max(stage.seconds for stage in stages), len(stages)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    for jobs in sorted({1, os.cpu_count() or 1}):
        elapsed, slowest, pages = render_seconds(jobs)
        print(
            f"jobs={jobs}: {pages} stage pages in {elapsed:.1f} s "
            f"(slowest stage {slowest:.1f} s)"
        )


if __name__ == "__main__":
    main()

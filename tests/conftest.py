"""Shared fixtures: paths, and the sample and NSW programs rendered once per session.

The end-to-end renderings go to the project's ``outputs/`` folder, as ``make
report`` would write them, so that the screenshots the page checks take are
kept beside the pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evalkit.paths import OUTPUTS, PARAMS, PROJECT_ROOT, SAMPLE_PARAMS

NSW_PARAMS = PARAMS / "examples" / "nsw-1976.yaml"
SHARED = PROJECT_ROOT.parent / "shared"

# Plots must appear whatever backend the machine sets (CI machines often set Agg).
os.environ.pop("MPLBACKEND", None)


@pytest.fixture(scope="session")
def nsw_run():
    """The NSW example rendered into outputs/nsw-1976/all/."""
    from evalkit.runner import run_program

    (run,) = run_program(NSW_PARAMS, jobs=2, output_root=OUTPUTS)
    return run


@pytest.fixture(scope="session")
def sample_runs():
    """The sample program rendered into outputs/sample/<cohort>/ for each cohort."""
    from evalkit.runner import run_program

    return run_program(SAMPLE_PARAMS, jobs=2, output_root=OUTPUTS)


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the project; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: shared reference data not available here")
    return SHARED

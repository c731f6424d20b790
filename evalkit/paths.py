"""Where evalkit's own folders are: notebooks, templates, params, outputs.

evalkit runs from its checkout (``pip install -e .``): the stage notebooks,
the nbconvert template and the sample params live beside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
NOTEBOOKS = PROJECT_ROOT / "notebooks"
TEMPLATES = PROJECT_ROOT / "templates"
PARAMS = PROJECT_ROOT / "params"
SAMPLE_PARAMS = PARAMS / "sample.yaml"
OUTPUTS = PROJECT_ROOT / "outputs"
SAMPLE_DATA = PACKAGE_ROOT / "sample" / "data"

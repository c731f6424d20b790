"""evalkit: evaluation workbooks and reports for STEM mentorship programs.

The package does every computation; the notebooks in ``notebooks/`` tell the
story of each evaluation stage and call it.  ``evalkit run`` executes them per
program and cohort and writes HTML reports under ``outputs/``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evalkit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]

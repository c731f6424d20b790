"""evalkit's statistics core: one module per family of methods.

Every function returns a self-describing :class:`~evalkit.stats.results.Estimate`
(or a tidy DataFrame with the same vocabulary) that names its method, its
confidence level, the n it used and any warning the reader should see.
Nothing here prints or logs.
"""

from evalkit.stats.results import Estimate, not_estimable

__all__ = ["Estimate", "not_estimable"]

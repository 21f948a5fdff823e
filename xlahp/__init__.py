"""xlahp — AHP enterprise-value evaluation of strategic alliances in Excel.

The method of Iida & Torii (2011): management's view of what makes enterprise
value is measured by pairwise comparisons, checked for consistency (C.I./C.R.
and circular triads) and used to weight financial indicators against targets.
Worksheet functions live in :mod:`xlahp.sheet.registry` (for Excel: :mod:`xlahp.udfs`); the core modules
(:mod:`~xlahp.core.pairwise`, :mod:`~xlahp.core.weights`, :mod:`~xlahp.core.consistency`,
:mod:`~xlahp.core.triads`) are plain Python and numpy.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    """``xlahp.report`` (a pandas DataFrame of a portfolio) without importing pandas,
    the formula engine and openpyxl for everyone who imports xlahp."""
    if name == "report":
        from xlahp.apps.portfolio import report

        return report
    raise AttributeError(f"module 'xlahp' has no attribute {name!r}")

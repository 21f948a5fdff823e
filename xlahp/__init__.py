"""xlahp — AHP enterprise-value evaluation of strategic alliances in Excel.

The method of Iida & Torii (2011): management's view of what makes enterprise
value is measured by pairwise comparisons, checked for consistency (C.I./C.R.
and circular triads) and used to weight financial indicators against targets.
Worksheet functions live in :mod:`xlahp.udfs`; the core modules
(:mod:`~xlahp.pairwise`, :mod:`~xlahp.weights`, :mod:`~xlahp.consistency`,
:mod:`~xlahp.triads`) are plain Python and numpy.
"""

__version__ = "0.1.0"

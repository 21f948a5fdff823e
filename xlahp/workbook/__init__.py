"""Reading, evaluating and writing workbook files — the boundary of the pure core.

Nothing in the core (``pairwise`` … ``value``) or the worksheet layer (``udfs``)
imports from here.  Every file a user gives us passes :mod:`.safety` before any
parser sees it; :mod:`.engine` evaluates formulas headless; :mod:`.cached_values`
writes the results into a copy; :mod:`.calc` is the two together; :mod:`.files`
makes every output appear whole or not at all.
"""

"""Reading, evaluating and writing workbook files — the boundary of the pure core.

Nothing in the core (``pairwise`` … ``value``) or the worksheet layer (``udfs``)
imports from here.  A file a user gives us is read once into a :mod:`.package`
and passes :mod:`.safety` before any parser sees it; :mod:`.values` reads what it
holds (formula cells, tables, defined names); :mod:`.engine` evaluates formulas
headless; :mod:`.cached_values` writes the results into a copy; :mod:`.calc` is
the whole, :mod:`.workers` runs it under bounds; :mod:`.files` makes every output
appear whole or not at all.
"""

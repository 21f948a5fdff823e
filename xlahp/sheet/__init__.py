"""The worksheet layer: every Excel value parsed here, once.

:mod:`.cells` reads single cells and ranges, :mod:`.readers` turns ranges into the
core's types, :mod:`.args` declares the arguments' types with their help texts,
:mod:`.checks` writes the status texts, :mod:`.registry` maps errors and lists the
functions, and :mod:`.functions` defines them (imported here, so that importing any
part of the layer registers every function).
"""

from xlahp.sheet import functions  # noqa: F401  (fills registry.REGISTRY)

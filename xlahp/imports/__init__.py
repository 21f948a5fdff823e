"""取込 — figures read from outside xlahp: EDINET filings (有価証券報告書, 半期報告書).

* :func:`read_filing` — the statement figures of one filing (:class:`Filing`,
  :class:`Figure`), each with its element and context;
* :func:`read_holdings` — its 特定投資株式 table (:class:`Holding`);
* :func:`fetch` — download a filing through EDINET API v2 (optional).

Pure readers: no workbook is opened or written here.  The element mapping per
accounting standard is :mod:`xlahp.imports.taxonomy` and docs/edinet.md.
"""

from .api import fetch
from .edinet import Figure, Filing, Holding, read_filing, read_holdings

__all__ = ["Figure", "Filing", "Holding", "fetch", "read_filing", "read_holdings"]

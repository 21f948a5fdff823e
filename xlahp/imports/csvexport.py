"""XBRL→CSV — the facts of EDINET's CSV export (書類取得API ``type=5``).

Each ``XBRL_TO_CSV/*.csv`` is tab-separated, UTF-16 (little endian, with a
byte-order mark) as EDINET serves it; a copy saved as UTF-8 is read too.  The
nine columns are 要素ID, 項目名, コンテキストID, 相対年度, 連結・個別, 期間・時点,
ユニットID, 単位, 値.  ``－`` in 値 is a nil fact.  The 連結・個別 column is not
used: it says その他 for every IFRS and 経営指標等 fact, consolidated or not —
the context ID's ``_NonConsolidatedMember`` suffix is what says the scope.
"""

from __future__ import annotations

import codecs
import csv
import io

from xlahp.errors import XlahpError

from .facts import Fact

HEADER = ("要素ID", "項目名", "コンテキストID", "相対年度", "連結・個別", "期間・時点",
          "ユニットID", "単位", "値")
NIL = "－"


def decode(data: bytes, source: str) -> str:
    """The CSV's text: UTF-16 by its byte-order mark, else UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        what = ("cut off mid-character (truncated?)" if encoding == "utf-16"
                else "neither UTF-16 with a byte-order mark nor UTF-8")
        raise XlahpError(f"{source}: not readable as an EDINET CSV: {what}") from None


def read_csv(data: bytes, source: str) -> list[Fact]:
    """The facts of one EDINET CSV file."""
    reader = csv.reader(io.StringIO(decode(data, source), newline=""), delimiter="\t",
                        strict=True)
    try:
        header = next(reader, None)
        if header is None or tuple(cell.strip() for cell in header) != HEADER:
            raise XlahpError(f"{source}: not an EDINET CSV (the first line is not the "
                             f"header {'/'.join(HEADER)})")
        facts = []
        for row in reader:
            if not row:
                continue
            if len(row) != len(HEADER):
                raise XlahpError(f"{source}: line {reader.line_num} has {len(row)} columns, "
                                 f"not {len(HEADER)}; the file is truncated or damaged")
            element, _, context, _, _, _, unit, _, value = row
            unit = "" if unit in (NIL, "") else unit
            facts.append(Fact(element, context, unit, None if value == NIL else value))
    except csv.Error as error:
        raise XlahpError(f"{source}: line {reader.line_num} is damaged ({error}); the file "
                         "is truncated or not an EDINET CSV") from None
    return facts

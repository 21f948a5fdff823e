"""PMT, IPMT, PPMT, IRR, XNPV, XIRR as Excel computes them.

Rules (Microsoft's function reference, and Microsoft's notes on how Office departs
from the standard, [MS-OI29500] §2.1.978 IPMT and §2.1.1046 PPMT,
learn.microsoft.com/openspecs/office_standards/ms-oi29500/5c0583c2-5459-4b56-9657-c94fb48dc600):

- IPMT/PPMT: any nonzero ``type`` is 1 (payments at the start of each period), ``per``
  is not truncated and must lie in 1 ≤ per < nper+1, else #NUM!; with ``type`` 1 the
  first period has no interest.  ``formualizer`` 0.13 ignores ``type`` (IronCalc's
  ``FINANCIAL/IPMT_PPMT.xlsx`` G3: IPMT(0.1,3,3,8000,0,1) is -265.861 in Excel, the
  engine's -292.447 is the ``type`` 0 value) and refuses 3 < per < 4 of nper 3 (G17).
- PMT: a rate of -1 or less is #NUM! (``PMT.xlsx`` F8, G24; PV of such a rate is a number).
- IRR ("IRR function"): the values of a range that are text, logical or blank are
  ignored; it needs a positive and a negative value (#NUM!); a guess of -1 or less
  is #VALUE! (``IRR.xlsx`` sheet General N3, N5); found by iteration from ``guess``
  (0.1) to 0.00001 %, #NUM! when it does not converge.  The engine counts a blank as
  0 (General L20: -0.0730 in Excel, -0.0523 as with zeros).
- XNPV ("XNPV function"), XIRR (support.microsoft.com/office/de1242ec-6477-445b-b11b-a303ad9adc9d):
  dates are truncated; a date before the first, or values and dates of different
  counts, is #NUM!; XNPV of a blank, text or logical value, or of a negative rate, is
  #NUM! (``XIRR.xlsx`` Q7, Q8, Q13), XIRR of a text or logical value is #VALUE! (R8, R9)
  and of a blank counts 0 (R20 = R21); an error among the values is that error.
"""

from __future__ import annotations

from typing import Any

from xlahp.workbook.excel.values import (ExcelErrorValue, check, flat, is_error, is_number,
                                         kind_of, lift, number)


def _growth(rate: float, nper: float) -> float:
    try:
        return (1 + rate) ** nper
    except ZeroDivisionError:
        raise ExcelErrorValue("Div") from None


def _pmt(rate: float, nper: float, pv: float, fv: float, due: bool) -> float:
    if rate == 0:
        if nper == 0:
            raise ExcelErrorValue("Num")
        return -(pv + fv) / nper
    g = _growth(rate, nper)
    if g == 1:
        raise ExcelErrorValue("Num")
    return -(rate * (pv * g + fv)) / ((1 + rate * due) * (g - 1))


def _fv(rate: float, nper: float, pmt: float, pv: float, due: bool) -> float:
    if rate == 0:
        return -(pv + pmt * nper)
    g = _growth(rate, nper)
    return -(pv * g + pmt * (1 + rate * due) * (g - 1) / rate)


def pmt(rate: Any, nper: Any, pv: Any, fv: Any = 0, kind: Any = 0) -> float:
    """PMT(rate, nper, pv, [fv], [type])."""
    r = number(rate)
    if r <= -1:
        raise ExcelErrorValue("Num")
    return _pmt(r, number(nper), number(pv), number(fv), number(kind) != 0)


def _ipmt(rate: Any, per: Any, nper: Any, pv: Any, fv: Any, kind: Any) -> tuple[float, float]:
    """(the interest part, the whole payment) of period ``per``."""
    r, p, n, v, f, due = (number(rate), number(per), number(nper), number(pv), number(fv),
                          number(kind) != 0)
    if not 1 <= p < n + 1:
        raise ExcelErrorValue("Num")
    payment = _pmt(r, n, v, f, due)
    if p == 1:
        interest = 0.0 if due else -v * r
    elif due:
        interest = (_fv(r, p - 2, payment, v, True) - payment) * r
    else:
        interest = _fv(r, p - 1, payment, v, False) * r
    return interest, payment


def ipmt(rate: Any, per: Any, nper: Any, pv: Any, fv: Any = 0, kind: Any = 0) -> float:
    """IPMT(rate, per, nper, pv, [fv], [type])."""
    return _ipmt(rate, per, nper, pv, fv, kind)[0]


def ppmt(rate: Any, per: Any, nper: Any, pv: Any, fv: Any = 0, kind: Any = 0) -> float:
    """PPMT(rate, per, nper, pv, [fv], [type])."""
    interest, payment = _ipmt(rate, per, nper, pv, fv, kind)
    return payment - interest


def _solve(value: Any, derivative: Any, guess: float, tolerance: float, tries: int,
           scale: float) -> float:
    """Newton's iteration for a rate above -1 (a step past -1 goes halfway there); a
    rate is found when the step is below ``tolerance`` and the value is zero to
    ``scale`` (the cash flows' size) — not a halving that stalls near -1."""
    r = guess
    for _ in range(tries):
        try:
            f, d = value(r), derivative(r)
        except (OverflowError, ZeroDivisionError):
            break
        if d == 0:
            break
        new = r - f / d
        if new <= -1:
            new = (r - 1) / 2
        if abs(new - r) <= tolerance * max(1.0, abs(r)):
            try:
                if abs(value(new)) <= 1e-7 * scale:
                    return new
            except (OverflowError, ZeroDivisionError):
                pass
            break
        r = new
    raise ExcelErrorValue("Num")


def _signs(values: list[float]) -> None:
    if not (any(v > 0 for v in values) and any(v < 0 for v in values)):
        raise ExcelErrorValue("Num")


def irr(values: Any, guess: Any = 0.1) -> float:
    """IRR(values, [guess])."""
    cash = []
    for v in flat(values):
        check(v)
        if is_number(v):
            cash.append(float(v))
    g = number(guess) if guess is not None else 0.1
    if g <= -1:
        raise ExcelErrorValue("Value")
    _signs(cash)
    return _solve(lambda r: sum(v / (1 + r) ** i for i, v in enumerate(cash)),
                  lambda r: sum(-i * v / (1 + r) ** (i + 1) for i, v in enumerate(cash)),
                  g, 1e-10, 100, sum(map(abs, cash)))


def _schedule(values: Any, dates: Any, blank_is_zero: bool) -> tuple[list[float], list[float]]:
    """(values, years after the first date) of XNPV/XIRR."""
    vs, ds = flat(values), flat(dates)
    for v in vs + ds:
        if is_error(v):
            raise ExcelErrorValue(kind_of(v))
    if len(vs) != len(ds):
        raise ExcelErrorValue("Num")
    cash = []
    for v in vs:
        if v is None and blank_is_zero:
            v = 0.0
        if not is_number(v):
            raise ExcelErrorValue("Value" if blank_is_zero else "Num")
        cash.append(float(v))
    days = []
    for d in ds:
        if not is_number(d):
            raise ExcelErrorValue("Value")
        days.append(float(int(d)))
    if any(d < 0 for d in days) or any(d < days[0] for d in days):
        raise ExcelErrorValue("Num")
    return cash, [(d - days[0]) / 365 for d in days]


def xnpv(rate: Any, values: Any, dates: Any) -> float:
    """XNPV(rate, values, dates)."""
    r = number(rate)
    cash, years = _schedule(values, dates, blank_is_zero=False)
    if r < 0:
        raise ExcelErrorValue("Num")
    return sum(v / (1 + r) ** t for v, t in zip(cash, years))


def xirr(values: Any, dates: Any, guess: Any = 0.1) -> float:
    """XIRR(values, dates, [guess])."""
    cash, years = _schedule(values, dates, blank_is_zero=True)
    g = number(guess) if guess is not None else 0.1
    if g <= -1:
        raise ExcelErrorValue("Num")
    _signs(cash)
    return _solve(lambda r: sum(v / (1 + r) ** t for v, t in zip(cash, years)),
                  lambda r: sum(-t * v / (1 + r) ** (t + 1) for v, t in zip(cash, years)),
                  g, 1e-10, 100, sum(map(abs, cash)))


def _lifted(func):
    return lambda *args: lift(func, *args)


#: name → (function, least and most arguments)
OVERRIDES = {
    "PMT": (_lifted(pmt), 3, 5),
    "IPMT": (_lifted(ipmt), 4, 6), "PPMT": (_lifted(ppmt), 4, 6),
    "IRR": (irr, 1, 2), "XNPV": (xnpv, 3, 3), "XIRR": (xirr, 2, 3),
}

"""Exact numbers of the format: decimals with at most two places, and band thresholds.

Every number travels as a decimal string and is computed with as `Fraction`, so that a band or a
pass mark is never decided by binary floating point (0.7 + 0.1 reaches 0.8 here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_PERCENT = re.compile(r"^\s*([+-]?(\d+(\.\d*)?|\.\d+))\s?%\s*$")


class NumberError(ValueError):
    """A value that is not a number of the format; the message says what to write."""


def parse_number(value: object) -> Decimal:
    """A number with at most two decimals, written as a number or as a string (`"4"`)."""
    if isinstance(value, bool) or value is None:
        raise NumberError("write a number, for example 1 or 0.5")
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    else:
        text = str(value).strip()
        if not _NUMBER.match(text):
            hint = " (a percentage is only allowed for 'min' and 'pass')" if "%" in text else ""
            raise NumberError(f"'{text}' is not a number: write a number like 2 or 0.5{hint}")
        try:
            number = Decimal(text)
        except InvalidOperation as err:  # pragma: no cover - the pattern admits only numbers
            raise NumberError(f"'{text}' is not a number") from err
    if number != number.quantize(Decimal("0.01")):
        raise NumberError(f"{value} has more than two decimals: round it to two")
    return number


@dataclass(frozen=True)
class Threshold:
    """A band `min` or a `pass` mark: points (`4`) or a percentage (`"40%"`)."""

    value: Decimal
    percent: bool

    def __str__(self) -> str:
        return f"{fmt(self.value)}%" if self.percent else fmt(self.value)


def parse_threshold(value: object) -> Threshold:
    """Points (`4`, `"4"`) or a percentage (`"40%"`, `"40 %"`)."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            return Threshold(parse_number(match.group(1)), True)
    try:
        return Threshold(parse_number(value), False)
    except NumberError as err:
        raise NumberError(
            f"'{value}' is neither points nor a percentage: write 4 or \"40%\""
        ) from err


def fmt(value: Decimal | Fraction | int) -> str:
    """A decimal string with at most four places, half-up rounding, no trailing zeros."""
    frac = Fraction(value)
    scaled = frac * 10_000
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    if frac < 0:  # round half away from zero for negatives, mirroring the browser script
        rounded = -((-scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator))
    sign = "-" if rounded < 0 else ""
    whole, part = divmod(abs(rounded), 10_000)
    text = f"{whole}.{part:04d}".rstrip("0").rstrip(".")
    return sign + text


def exact(value: Decimal | Fraction | int) -> str:
    """A number written without loss: a decimal string where one exists ("0.25", "-1"), else a
    fraction ("2/3", "-1/3"). Used for the values compiled into check data, which both scoring
    implementations add up exactly."""
    frac = Fraction(value)
    rest, places = frac.denominator, 0
    for prime in (2, 5):
        count = 0
        while rest % prime == 0:
            rest //= prime
            count += 1
        places = max(places, count)
    if rest != 1:  # a third, a sixth …: no decimal string is exact
        return f"{frac.numerator}/{frac.denominator}"
    digits = str(abs(frac.numerator) * 10**places // frac.denominator).rjust(places + 1, "0")
    whole, part = digits[: len(digits) - places], digits[len(digits) - places :]
    text = f"{whole}.{part}".rstrip("0").rstrip(".") if places else whole
    return ("-" if frac < 0 else "") + text


def floor_percent(score: Fraction, maximum: Fraction) -> int:
    """The percentage shown: rounded down, so it never suggests a band that was not reached."""
    if maximum <= 0:
        return 0
    return (score * 100 // maximum).__int__()

"""EDTF dates: calendar validity, the years a date names, and its bounds for ordering."""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

_FULL_DAY = re.compile(r"(?<![\dX])(\d{4})-(0[1-9]|1[0-2])-(\d{2})(?![\dX])")
_LEVEL_2 = {
    "PartialUncertainOrApproximate",
    "PartialUnspecified",
    "Level2Interval",
    "Level2Season",
    "ExponentialYear",
    "OneOfASet",
    "MultipleDates",
    "Consecutives",
    "EarlierConsecutives",
    "LaterConsecutives",
}


@lru_cache(maxsize=4096)
def parse_date(text: str) -> tuple[object | None, str]:
    """The parsed EDTF level 1 date and '' or None and what is wrong with it."""
    from edtf import EDTFParseException, parse_edtf

    try:
        parsed = parse_edtf(text)
    except EDTFParseException:
        return None, "not an EDTF level 1 date (its syntax or its calendar)"
    except Exception as exc:  # the parser raises plain errors on some impossible dates
        return None, str(exc) or type(exc).__name__
    if type(parsed).__name__ in _LEVEL_2:
        return None, "EDTF level 2 is not supported"
    for year, month, day in _FULL_DAY.findall(text):  # the parser takes 2019-02-29; the calendar does not
        if int(day) > calendar.monthrange(int(year), int(month))[1]:
            return None, f"{year}-{month} has no day {day}"
    try:
        parsed.lower_strict()
        parsed.upper_strict()
    except Exception as exc:  # an impossible calendar date such as 2009-02-30
        return None, str(exc) or "not a calendar date"
    return parsed, ""


@lru_cache(maxsize=4096)
def bounds(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """The earliest and latest (year, month, day) a date can mean, or None when it has no bound."""
    parsed = parse_date(text)[0]
    if parsed is None:
        return None
    try:
        low, high = parsed.lower_strict(), parsed.upper_strict()  # type: ignore[attr-defined]
    except Exception:
        return None
    return _day(low, -(10**9)), _day(high, 10**9)


def _day(moment: object, infinite: int) -> tuple[int, int, int]:
    """A struct_time as (year, month, day); an open end (the parser gives a float) as far away."""
    if isinstance(moment, float) or moment is None:
        return (infinite, 0, 0)
    return (moment.tm_year, moment.tm_mon, moment.tm_mday)  # type: ignore[attr-defined]


def sort_key(text: str | None) -> tuple[int, int, int]:
    """A key that orders dates by the earliest day each can mean: an open start ('../2004') before
    every other date, as it may mean any time up to its end; undated last."""
    span = bounds(text) if text else None
    return span[0] if span is not None else (10**9, 0, 0)


_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def unquoted_parts(date: str, quotes: str) -> list[str]:
    """The parts of a date its quotes do not hold: each year, and a month or day where one is given.

    A month may be quoted by name ('March', 'Mar') or in a numeric date; a day as a number.
    `unquoted_parts('1968-07-04', 'born in 1968') == ['the month 07', 'the day 04']`
    """
    missing = []
    folded = quotes.casefold()
    for match in re.finditer(r"(?<![\dX])(\d{2}[\dX]{2}|\d{5,})(?:-([\dX]{2}))?(?:-([\dX]{2}))?", date):
        year, month, day = match.groups()
        if year.rstrip("X") not in quotes:
            missing.append(f"the year {year.rstrip('X')}")
        if month and "X" not in month and int(month) <= 12:
            name = _MONTHS[int(month) - 1]
            numeric = re.search(rf"(?<!\d)0?{int(month)}[-/.]|[-/.]0?{int(month)}(?!\d)", quotes)
            if (
                name not in folded
                and name[:3] + "." not in folded
                and not re.search(rf"\b{name[:3]}\b", folded)
                and not numeric
            ):
                missing.append(f"the month {month}")
        if day and "X" not in day and not re.search(rf"(?<!\d)0?{int(day)}(?!\d)", quotes):
            missing.append(f"the day {day}")
    return missing

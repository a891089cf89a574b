"""EDTF dates: which parts of a date its quotes must hold (year, month, day), and the bounds used for order."""

from __future__ import annotations

import pytest

from spyglass.model.dates import bounds, parse_date, unquoted_parts


@pytest.mark.parametrize(
    ("date", "quotes", "missing"),
    [
        ("2009-03-19", "on March 19, 2009", []),
        ("2009-03-19", "on 2009-03-19", []),
        ("2009-03-19", "in 2009", ["the month 03", "the day 19"]),
        ("2009-03-19", "March 9, 2009", ["the day 19"]),  # 9 is not 19: days match as whole numbers
        ("2009-03-19", "on 19 Mars 2009", ["the month 03"]),  # month names are English, whole or 'Mar'
        ("2009-03", "in Mar. 2009", []),
        ("2009-03", "in 2009, mar", []),  # month names match in any case
        ("2009-03", "on 3/5/2009", []),  # a numeric date holds the month
        ("2009-03", "in 2009 and 13 others", ["the month 03"]),
        ("2009-XX-19", "in 2009, the 19th", []),  # an unspecified month asks nothing of the quote
        ("198X", "in the 1980s", []),
        ("1968", "in 1986", ["the year 1968"]),
        ("2003/2005", "from 2003 to 2005", []),
        ("2003/2005", "from 2003", ["the year 2005"]),
    ],
)
def test_unquoted_parts_checks_year_month_and_day_as_written(date: str, quotes: str, missing: list[str]) -> None:
    assert unquoted_parts(date, quotes) == missing


@pytest.mark.parametrize(
    ("date", "low", "high"),
    [
        ("2009-03-19", (2009, 3, 19), (2009, 3, 19)),
        ("1968", (1968, 1, 1), (1968, 12, 31)),
        ("2004?", (2004, 1, 1), (2004, 12, 31)),
        ("198X", (1980, 1, 1), (1989, 12, 31)),
        ("2003/2005", (2003, 1, 1), (2005, 12, 31)),
    ],
)
def test_bounds_are_the_earliest_and_latest_day_a_date_can_mean(
    date: str, low: tuple[int, int, int], high: tuple[int, int, int]
) -> None:
    assert bounds(date) == (low, high)


@pytest.mark.parametrize("date", ["2009-02-30", "2009-13", "19680704", "March 2009"])
def test_impossible_or_foreign_dates_are_refused(date: str) -> None:
    assert parse_date(date)[1] == "not an EDTF level 1 date (its syntax or its calendar)"
    assert bounds(date) is None


@pytest.mark.parametrize(
    ("date", "problem"),
    [("2019-02-29", "2019-02 has no day 29"), ("2019-02-29/2019-03-01", "2019-02 has no day 29")],
)
def test_a_day_the_calendar_lacks_is_refused(date: str, problem: str) -> None:
    assert parse_date(date)[1] == problem


def test_a_leap_day_is_a_day() -> None:
    assert parse_date("2020-02-29")[1] == ""

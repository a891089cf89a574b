"""The timeline's sort key: the earliest day a date can mean, an open start first, undated last."""

from __future__ import annotations

from spyglass.model.dates import sort_key


def test_dates_sort_by_the_earliest_day_they_can_mean() -> None:
    dates = ["2004-03", "2004", "198X", "2003/2005", "2004?", "../2004"]
    assert sorted(dates, key=lambda d: (sort_key(d), d)) == ["../2004", "198X", "2003/2005", "2004", "2004?", "2004-03"]


def test_an_open_start_sorts_before_every_dated_day_and_undated_last() -> None:
    assert sort_key("../2004") < sort_key("0001") < sort_key("2004")
    assert sort_key("2004") == sort_key("2004?") == (2004, 1, 1)
    assert sort_key(None) > sort_key("9999-12-31")
    assert sort_key("not a date") == sort_key(None)

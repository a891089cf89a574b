"""What the site writes out in words: dates with their uncertainty, claim statuses and Admiralty grades."""

from __future__ import annotations

from functools import lru_cache

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SEASONS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}
STATUS_WORDS = {
    "corroborated": "Corroborated: independent speakers support it",
    "contested": "Contested: some evidence disputes it",
    "single": "Single: one speaker supports it",
}
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    "1": "confirmed by other sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}


@lru_cache(maxsize=4096)  # a few dates recur on many pages
def date_in_words(text: str) -> str:
    """An EDTF date as words, its uncertainty written out: '2004?' -> 'possibly 2004'."""
    if "/" in text:
        start, end = text.split("/", 1)
        if start in ("", ".."):
            return f"until {date_in_words(end)}" + (" (start unknown)" if start == "" else "")
        if end in ("", ".."):
            return f"from {date_in_words(start)}" + (" (end unknown)" if end == "" else " on")
        return f"from {date_in_words(start)} to {date_in_words(end)}"
    qualifier = ""
    if text[-1:] in "?~%":
        qualifier = {"?": "possibly ", "~": "about ", "%": "possibly about "}[text[-1]]
        text = text[:-1]
    return qualifier + _single(text)


def _single(text: str) -> str:
    if text.startswith("Y"):
        return f"the year {text[1:]}"
    time = ""
    if "T" in text:
        text, clock = text.split("T", 1)
        time = f" at {clock}"
    negative = text.startswith("-")
    pieces = text.lstrip("-").split("-")
    year = pieces[0]
    if "X" in year:
        digits = year.rstrip("X")
        span = 10 ** (len(year) - len(digits))
        low = int(digits or "0") * span
        words = f"some year from {low} to {low + span - 1}"
    else:
        words = str(int(year))
    if negative:
        words += " BCE"
    if len(pieces) > 1:
        month = pieces[1]
        if month in SEASONS:
            words = f"{SEASONS[month]} {words}"
        elif month == "XX":
            words = f"some month of {words}"
        elif len(pieces) > 2:
            day = pieces[2]
            words = f"{'some day' if day == 'XX' else int(day)} {MONTHS[int(month) - 1]} {words}"
        else:
            words = f"{MONTHS[int(month) - 1]} {words}"
    return words + time


def grade_in_words(grade: str | None) -> str:
    """An Admiralty grade spelled out: 'B2' -> 'source usually reliable, information probably true'."""
    if not grade:
        return "not graded"
    reliability = RELIABILITY.get(grade[0], "reliability not given")
    credibility = CREDIBILITY.get(grade[1], "credibility not given")
    return f"source {reliability}, information {credibility}"

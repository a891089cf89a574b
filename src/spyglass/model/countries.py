"""Country values: ISO 3166-1 alpha-2 codes, checked against the table the iso3166 package keeps current."""

from __future__ import annotations


def is_country(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-2 country code."""
    from iso3166 import countries_by_alpha2  # imported on first use: only validation and imports need the table

    return code in countries_by_alpha2

"""The JSON shape of a claim in every answer (DESIGN section 5), built both from the records (exports)
and from the index (queries): one declaration, so that mypy checks the two builders agree."""

from __future__ import annotations

from typing import TypedDict


class EvidenceJSON(TypedDict):
    """One proved piece of evidence: the quote, where it lies, and who said it in which source."""

    source: str
    source_title: str | None
    source_published: str | None
    source_publisher: str | None
    quote: str
    start: int | None
    end: int | None
    speaker: str | None
    speaker_name: str | None
    speaker_description: str | None
    stance: str
    grade: str | None  # the Admiralty grade, reliability then credibility ('B2', '?2')
    locator: str | None


class ClaimJSON(TypedDict):
    """One claim with its evidence and its status (corroborated, contested or single)."""

    id: str
    subject: str
    subject_name: str | None
    predicate: str
    object: str | None
    object_name: str | None
    value: str | None
    statement: str
    when: str | None
    status: str
    evidence: list[EvidenceJSON]

"""The errors the library raises; the CLI alone turns them into messages and exit codes."""

from __future__ import annotations

# The exit codes, in one place: the CLI exits with the code of the error it reports.
OK, PROBLEMS, USAGE, INTERNAL, INTERRUPTED = 0, 1, 2, 70, 130


class SpyglassError(Exception):
    """Base of every error Spyglass reports to a user; `exit_code` is what the CLI exits with."""

    exit_code = PROBLEMS

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class KnowledgeBaseNotFound(SpyglassError):
    """The knowledge base folder does not exist or is not a folder."""

    exit_code = USAGE


class NotFound(SpyglassError):
    """A name, id or source that the knowledge base does not hold."""

    def __init__(self, message: str, hint: str = "", candidates: list[str] | None = None) -> None:
        super().__init__(message, hint)
        self.candidates = candidates or []


class Ambiguous(SpyglassError):
    """A name that fits more than one entity."""

    def __init__(self, message: str, candidates: list[tuple[str, str, str]]) -> None:
        super().__init__(message, "Name one of them by its id.")
        self.candidates = candidates  # (id, kind, name)


class UsageError(SpyglassError):
    """Arguments that cannot be acted on."""

    exit_code = USAGE


class QuoteTooComplex(SpyglassError):
    """A quote whose search would exceed its bound: too many '...' parts, or parts too common in the text."""

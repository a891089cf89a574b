"""The errors the library raises; the CLI alone turns them into messages and exit codes."""

from __future__ import annotations


class SpyglassError(Exception):
    """Base of every error Spyglass reports to a user."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class KnowledgeBaseNotFound(SpyglassError):
    """The knowledge base folder does not exist or is not a folder."""


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

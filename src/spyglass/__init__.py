"""Spyglass: a source-grounded knowledge base of intelligence services.

The library never prints and never exits; `spyglass.cli` is the command line on top of it.
Heavy modules are imported on first use, so that `import spyglass` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .kb import KnowledgeBase, load_kb
    from .model import Claim, Entity, Evidence, Source
    from .validate import Report, validate_kb

_LAZY = {
    "KnowledgeBase": "kb",
    "load_kb": "kb",
    "Claim": "model",
    "Entity": "model",
    "Evidence": "model",
    "Source": "model",
    "Report": "validate",
    "validate_kb": "validate",
}
__all__ = [
    "Claim",
    "Entity",
    "Evidence",
    "KnowledgeBase",
    "Report",
    "Source",
    "__version__",
    "load_kb",
    "validate_kb",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)

"""Spyglass: a source-grounded knowledge base of intelligence services.

The library never prints and never exits; `spyglass.cli` is the command line on top of it.
Heavy modules are imported on first use, so that `import spyglass` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase, load_kb
    from spyglass.model.records import Claim, Entity, Evidence, Source
    from spyglass.validate.run import Report, validate_kb

_LAZY = {
    "KnowledgeBase": "kb.knowledge_base",
    "load_kb": "kb.knowledge_base",
    "Claim": "model.records",
    "Entity": "model.records",
    "Evidence": "model.records",
    "Source": "model.records",
    "Report": "validate.run",
    "validate_kb": "validate.run",
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

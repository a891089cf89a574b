"""Forked worker processes, which the site and the index use for large builds: when forking is safe."""

from __future__ import annotations


def can_fork() -> bool:
    """Whether this process may fork workers: the platform forks, and no other thread runs (a fork copies only
    the calling thread, so a lock another thread held would stay held in the child for ever)."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1

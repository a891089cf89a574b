"""Answers from the index: resolving names, claims, profiles, search, sources and quotes."""

"""Exports other tools read: JSON Lines, STIX 2.1, SQLite and CSV, over shared rows of proved claims."""

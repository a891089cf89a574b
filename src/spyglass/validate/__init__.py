"""Validation: the checks that span files, the proof of every quote, and the report with its verdict cache."""

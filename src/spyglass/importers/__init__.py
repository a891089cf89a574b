"""Imports from upstream catalogues (MISP galaxies, ATT&CK): entries, records built from them, links to agencies, writing."""

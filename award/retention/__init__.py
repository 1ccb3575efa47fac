"""Keeping personal data no longer than needed: `award purge` and the work behind it."""

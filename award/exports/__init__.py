"""Exports for the secretariat: a cycle's nominations (with or without the nominators' and
contact persons' names, e-mails and phone numbers), its score sheets, and a closed round's
results, as CSV for Danish Excel or as XLSX.

services.py builds the tables and records every export in the audit log; formats.py writes a
table as CSV or XLSX; cli.py is `award export`. The secretariat's page is
award/secretariat/exports.py.
"""

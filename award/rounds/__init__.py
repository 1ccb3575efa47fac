"""Judging rounds: opening with a panel, the entries, and (soon) closing and results."""

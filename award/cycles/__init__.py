"""Cycles: one year of the award, its times, criteria and weights."""

"""Helpers of the example generator (examples/generate.py)."""

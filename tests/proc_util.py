"""Kept for older imports: the process helpers are in tests/helpers.py."""

from helpers import alive, state_of, wait_all_gone  # noqa: F401

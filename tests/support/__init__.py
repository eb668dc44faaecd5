"""Plain helpers for the tests and the load scripts; the fixtures live in conftest.py."""

"""Accounts: registration, signing in and out, settings."""

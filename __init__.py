"""Rapport: a keyboard-first terminal app for account managers."""

__version__ = "0.1.0"

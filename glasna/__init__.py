"""Glasna: a platform for survivors of technology-facilitated gender-based violence."""

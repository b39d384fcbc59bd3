"""Glasna's cryptography, isolated and boring: see DESIGN.md beside this file."""

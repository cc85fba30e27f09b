"""Writes: every change to the scheme's records goes through a function here."""

"""Reads: querysets and plain data for views, services and the matching glue."""

"""Reads of the matching app: engine input, suggestions, the review queue, runs and drafts."""

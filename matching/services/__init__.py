"""Writes of the matching app: a run's lifecycle (`runs`) and edits to its draft (`drafts`)."""

"""Reads for the coordinator's dashboard, reports and exports.

`figures`: headline figures, breakdowns, supply and demand, monthly series for a period.
`lists`: the filtered lists (requests, matches, session logs, feedback) and the action lists.
"""

"""The words for where a request or a match stands: one vocabulary for every page, email and
export (docs/glossary.md says what each means).

The models take their status labels from here (`MentoringRequest.Status`, `Match.Status`), so
`get_status_display`, the CSV exports and the data download all read the same words. A mentee
reads their request by its stage (`mentoring.selectors.requests.request_stage`): the request's
own word while nobody has been asked, the match's word once a mentor has been.
"""

REQUEST_OPEN = "Finding a mentor"
REQUEST_MATCHED = "Matched"
REQUEST_WITHDRAWN = "Withdrawn"
REQUEST_CLOSED = "Closed"

MATCH_PROPOSED = "Proposed"
MATCH_APPROVED = "Waiting for the mentor"
MATCH_ACCEPTED = "Introduced"
MATCH_ACTIVE = "Mentoring"
MATCH_COMPLETED = "Completed"
MATCH_DECLINED = "Declined by the mentor"
MATCH_ENDED = "Ended early"
MATCH_CANCELLED = "Cancelled"

# A shortlist: two or three mentors offered to the mentee, who picks one or asks for others.
# While one is offered the request stays open ("Finding a mentor") and pages say it is waiting.
SHORTLIST_OFFERED = "Shortlist offered"
SHORTLIST_PICKED = "Mentor chosen from the shortlist"
SHORTLIST_REFUSED = "Asked for other mentors"
SHORTLIST_RELEASED = "Shortlist taken back"
SHORTLIST_EXPIRED = "Shortlist expired"
# What the review queue and the request's pages say while the mentee decides.
SHORTLIST_WAITING = "Shortlist offered: waiting for {mentee} to choose"

# The same statuses as the mentor reads them on their own introductions: "your" and "you" where
# the general word names the mentor; otherwise the general word.
MATCH_FOR_MENTOR = {
    "proposed": MATCH_PROPOSED,
    "approved": "Waiting for your answer",
    "accepted": MATCH_ACCEPTED,
    "active": MATCH_ACTIVE,
    "completed": MATCH_COMPLETED,
    "declined": "You declined",
    "ended": MATCH_ENDED,
    "cancelled": "Cancelled by the scheme team",
}

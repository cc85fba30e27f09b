"""Demo vetting: the demo mentor approved, and new volunteers waiting in the coordinator's queue."""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.services import user_create_verified
from mentoring.demo.result import SeedResult
from mentoring.demo.sign_ins import DEMO_COORDINATOR, DEMO_MENTOR
from mentoring.models import MentorProfile, Need, Region, Sector, Stage
from mentoring.services.profiles import mentor_profile_complete, mentor_profile_update
from mentoring.services.vetting import (
    mentor_agreement_accept,
    mentor_approve,
    mentor_changes_request,
)

CHANGES_ASKED = (
    "Thank you for volunteering. Please say more in your bio about the organisations you have "
    "helped, and which stages of becoming a mutual you know from experience."
)

# email, name, answers, how many days ago they finished, what the coordinator asked (if anything)
NEW_VOLUNTEERS = (
    (
        "new-mentor-1@demo.test",
        "Priya Shah",
        {
            "headline": "Finance director of a leisure trust that spun out of a council",
            "roles": "Finance director, leisure trust\nTreasurer, community energy co-operative",
            "organisation": "Shah Finance Partners",
            "expertise": ["finance-and-investment", "business-planning"],
            "sectors": ["sports-and-leisure"],
            "stages": ["spun-out-in-the-last-2-years"],
            "region": "west-midlands",
            "bio": "I took a leisure service out of a council and through its first three "
            "years of contracts. I can help with cash flow, reserves and the business plan.",
        },
        9,
        "",
    ),
    (
        "new-mentor-2@demo.test",
        "Tom Okafor",
        {
            "headline": "Commissioning lead who has written and judged public service bids",
            "roles": "Head of commissioning, county council",
            "organisation": "Okafor Commissioning Advice",
            "expertise": ["bidding-contracts-and-commissioning"],
            "sectors": ["employment-and-skills", "education-youth-and-childrens-services"],
            "stages": ["established-2-years-and-growing"],
            "region": "east-of-england",
            "bio": "I have commissioned services from mutuals and helped them bid well.",
        },
        4,
        "",
    ),
    (
        "new-mentor-3@demo.test",
        "Grace Lin",
        {
            "headline": "Library service manager",
            "roles": "Library service manager",
            "organisation": "Lin Library Consulting",
            "expertise": ["leadership-and-culture"],
            "sectors": ["culture-media-and-libraries"],
            "stages": ["exploring-the-mutual-model"],
            "region": "south-west",
            "bio": "I would like to help.",
        },
        12,
        CHANGES_ASKED,
    ),
)


def _answers(raw: dict) -> dict:
    return {
        **raw,
        "expertise": Need.objects.filter(slug__in=raw["expertise"]),
        "sectors": Sector.objects.filter(slug__in=raw["sectors"]),
        "stages": Stage.objects.filter(slug__in=raw["stages"]),
        "region": Region.objects.get(slug=raw["region"]),
        "remote_ok": True,
        "capacity": 1,
    }


def demo_vetting(result: SeedResult) -> None:
    """Approve the demo mentor (vetted already); add two volunteers awaiting approval and one
    asked for changes, through the services. Safe to run twice."""
    coordinator = User.objects.get(email=DEMO_COORDINATOR)
    mentor = MentorProfile.objects.get(user__email=DEMO_MENTOR)
    mentor_agreement_accept(user=mentor.user)
    if mentor.approval == MentorProfile.Approval.AWAITING:
        mentor_approve(mentor=mentor, coordinator=coordinator)
    created = 0
    for email, name, raw, days_ago, changes in NEW_VOLUNTEERS:
        user = user_create_verified(email=email, password=None, full_name=name)
        if MentorProfile.objects.filter(user=user, completed_at__isnull=False).exists():
            continue
        mentor_profile_update(user=user, data=_answers(raw))
        mentor_agreement_accept(user=user)
        volunteer = mentor_profile_complete(user=user)
        finished = timezone.now() - datetime.timedelta(days=days_ago)
        MentorProfile.objects.filter(pk=volunteer.pk).update(completed_at=finished)
        if changes:
            mentor_changes_request(mentor=volunteer, coordinator=coordinator, message=changes)
        created += 1
    result.created["mentors awaiting vetting"] = created

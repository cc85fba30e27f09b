"""Demo mentor import: one spreadsheet the demo coordinator imported three weeks ago."""

import datetime
import hashlib

from django.utils import timezone

from accounts.models import User
from mentoring.demo.result import SeedResult
from mentoring.demo.sign_ins import DEMO_COORDINATOR
from mentoring.models import MentorImport
from mentoring.services.mentor_imports import (
    mentor_import_confirm,
    mentor_import_invite_rows,
    mentor_import_preview,
)

FILE_NAME = "regional-volunteers-autumn.csv"
# Three mentors to invite, and rows showing each kind of problem the preview names.
CONTENT = "\r\n".join(
    [
        "name,email,sectors,stages,expertise,region,capacity,headline",
        "Hannah Price,hannah.price@demo.test,Housing; Health and social care,"
        "Preparing to spin out,Governance and board; TUPE and HR,North East,2,"
        "Former chief executive of a housing mutual",
        "Marcus Reid,marcus.reid@demo.test,Employment and skills,Spun out in the last 2 years,"
        "bidding-contracts-and-commissioning,London,1,Bid writer for employment programmes",
        'Leila Haddad,leila.haddad@demo.test,"Culture, media and libraries",,'
        "Measuring social impact,Anywhere (remote),3,Evaluates social impact for arts charities",
        "Owen Hughes,owen.hughes@demo.test,Transport,,,,2,Bus service manager",
        "Alex Morgan,mentor@demo.test,,,,,,Already a mentor",
        ",no-name@demo.test,Housing,,,,,",
        "Sian Evans,sian.evans@demo.test,Housing,,,,9,",
        'Ravi Patel,ravi.patel@demo.test,=HYPERLINK("x"),,,,,',
    ]
).encode()
DAYS_AGO = 21


def demo_mentor_import(result: SeedResult) -> None:
    """Preview and confirm the demo file through the services, once; dated three weeks ago."""
    sha256 = hashlib.sha256(CONTENT).hexdigest()
    if MentorImport.objects.filter(sha256=sha256).exists():
        return
    coordinator = User.objects.get(email=DEMO_COORDINATOR)
    mentor_import = mentor_import_preview(
        coordinator=coordinator, file_name=FILE_NAME, content=CONTENT
    )
    mentor_import_confirm(mentor_import=mentor_import, coordinator=coordinator)
    # The task the confirmation queues, run now so the demo is complete when seeding ends.
    invited = mentor_import_invite_rows(mentor_import=mentor_import, coordinator=coordinator)
    when = timezone.now() - datetime.timedelta(days=DAYS_AGO)
    MentorImport.objects.filter(pk=mentor_import.pk).update(created_at=when, imported_at=when)
    mentor_import.rows.filter(invited_at__isnull=False).update(invited_at=when)
    result.created["mentors invited from a spreadsheet"] = invited

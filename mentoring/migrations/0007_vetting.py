from django.db import migrations, models


def approve_existing_mentors(apps, schema_editor):
    """Mentors already in the scheme were vetted before approval was recorded here."""
    MentorProfile = apps.get_model("mentoring", "MentorProfile")
    MentorProfile.objects.filter(completed_at__isnull=False).update(approval="approved")


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0006_pause_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorprofile",
            name="agreement_accepted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="agreement_version",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="approval",
            field=models.CharField(
                choices=[
                    ("awaiting", "Awaiting approval"),
                    ("changes_requested", "Changes requested"),
                    ("approved", "Approved"),
                    ("declined", "Declined"),
                ],
                db_index=True,
                default="awaiting",
                max_length=20,
                verbose_name="approval",
            ),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="approval_decided_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="approval_message",
            field=models.TextField(blank=True, editable=False, max_length=2000),
        ),
        migrations.AddField(
            model_name="mentorprofile",
            name="approval_requested_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="mentorprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approval__in", ["awaiting", "changes_requested", "approved", "declined"])
                ),
                name="mentor_approval_known",
            ),
        ),
        migrations.RunPython(approve_existing_mentors, migrations.RunPython.noop),
    ]

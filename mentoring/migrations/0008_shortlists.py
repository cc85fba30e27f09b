import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0007_vetting"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Shortlist",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("status", models.CharField(choices=[("offered", "Shortlist offered"), ("picked", "Mentor chosen from the shortlist"), ("refused", "Asked for other mentors"), ("released", "Shortlist taken back"), ("expired", "Shortlist expired")], default="offered", max_length=20)),
                ("offered_at", models.DateTimeField()),
                ("mentee_reminded_at", models.DateTimeField(blank=True, null=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("refuse_reason", models.TextField(blank=True, max_length=1000)),
                ("match", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="mentoring.match")),
                ("offered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("request", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="shortlists", to="mentoring.mentoringrequest")),
            ],
            options={
                "ordering": ["-offered_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ShortlistEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=1)),
                ("score", models.FloatField(blank=True, null=True)),
                ("explanation", models.JSONField(blank=True, default=dict)),
                ("mentor", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="shortlist_entries", to="mentoring.mentorprofile")),
                ("shortlist", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="entries", to="mentoring.shortlist")),
            ],
            options={
                "verbose_name_plural": "shortlist entries",
                "ordering": ["position", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="shortlist",
            index=models.Index(fields=["status", "offered_at"], name="mentoring_s_status_29084e_idx"),
        ),
        migrations.AddConstraint(
            model_name="shortlist",
            constraint=models.UniqueConstraint(condition=models.Q(("status", "offered")), fields=("request",), name="one_offered_shortlist_per_request"),
        ),
        migrations.AddIndex(
            model_name="shortlistentry",
            index=models.Index(fields=["mentor", "shortlist"], name="mentoring_s_mentor__255814_idx"),
        ),
        migrations.AddConstraint(
            model_name="shortlistentry",
            constraint=models.UniqueConstraint(fields=("shortlist", "mentor"), name="one_entry_per_mentor_per_shortlist"),
        ),
        migrations.AddConstraint(
            model_name="shortlistentry",
            constraint=models.CheckConstraint(condition=models.Q(("score__isnull", True), models.Q(("score__gte", 0), ("score__lte", 1)), _connector="OR"), name="shortlist_score_between_0_and_1"),
        ),
        migrations.AlterField(
            model_name="match",
            name="source",
            field=models.CharField(choices=[("suggestion", "Suggested by the matching engine"), ("manual", "Chosen by a coordinator"), ("cohort", "Whole-cohort matching run"), ("shortlist", "Chosen by the mentee from a shortlist")], default="suggestion", max_length=20),
        ),
    ]

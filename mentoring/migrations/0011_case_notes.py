import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0010_scheduled_sessions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="match",
            name="snoozed_until",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="mentoringrequest",
            name="snoozed_until",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="CaseNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("text", models.TextField(max_length=5000)),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "match",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="case_notes",
                        to="mentoring.match",
                    ),
                ),
                (
                    "mentor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="case_notes",
                        to="mentoring.mentorprofile",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="case_notes",
                        to="mentoring.mentoringrequest",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("match__isnull", True),
                                ("mentor__isnull", True),
                                ("request__isnull", False),
                            ),
                            models.Q(
                                ("match__isnull", False),
                                ("mentor__isnull", True),
                                ("request__isnull", True),
                            ),
                            models.Q(
                                ("match__isnull", True),
                                ("mentor__isnull", False),
                                ("request__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="case_note_about_exactly_one",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("text", ""), _negated=True),
                        name="case_note_text_not_empty",
                    ),
                ],
            },
        ),
    ]

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0009_goals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ScheduledSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("starts_at", models.DateTimeField()),
                ("duration_minutes", models.PositiveIntegerField(verbose_name="length in minutes")),
                (
                    "format",
                    models.CharField(
                        choices=[
                            ("in_person", "In person"),
                            ("video", "Video call"),
                            ("phone", "Phone call"),
                        ],
                        max_length=20,
                    ),
                ),
                ("place", models.CharField(blank=True, max_length=300)),
                (
                    "link",
                    models.URLField(blank=True, max_length=500, verbose_name="video call link"),
                ),
                ("sequence", models.PositiveIntegerField(default=0)),
                ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                ("reminded_at", models.DateTimeField(blank=True, null=True)),
                ("log_prompted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "match",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scheduled_sessions",
                        to="mentoring.match",
                    ),
                ),
                (
                    "scheduled_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["starts_at", "id"],
                "indexes": [
                    models.Index(
                        fields=["match", "starts_at"], name="mentoring_s_match_i_0be37a_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("duration_minutes__gte", 15), ("duration_minutes__lte", 480)
                        ),
                        name="scheduled_session_15_to_480_minutes",
                    )
                ],
            },
        ),
    ]

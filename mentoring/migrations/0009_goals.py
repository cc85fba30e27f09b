import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0008_shortlists"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="match",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("goals_met", "Finished as planned"),
                    ("no_longer_needed", "No longer needed"),
                    ("not_a_good_fit", "Not a good fit"),
                    ("other", "Other"),
                ],
                max_length=30,
            ),
        ),
        migrations.CreateModel(
            name="Goal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("position", models.PositiveSmallIntegerField()),
                ("text", models.CharField(max_length=300, verbose_name="goal")),
                (
                    "added_by",
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
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="goals",
                        to="mentoring.match",
                    ),
                ),
                (
                    "written_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["match", "position"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("position__gte", 1), ("position__lte", 3)),
                        name="goal_position_1_to_3",
                    ),
                    models.UniqueConstraint(
                        fields=("match", "position"), name="goal_position_per_match"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="GoalProgress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "note",
                    models.TextField(blank=True, max_length=2000, verbose_name="progress"),
                ),
                (
                    "goal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="progress",
                        to="mentoring.goal",
                    ),
                ),
                (
                    "session",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="goal_progress",
                        to="mentoring.sessionlog",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "goal progress",
                "ordering": ["-session__date", "-id"],
            },
        ),
        migrations.CreateModel(
            name="GoalRating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "author_role",
                    models.CharField(
                        choices=[("mentee", "Mentee"), ("mentor", "Mentor")], max_length=10
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("met", "Met"),
                            ("partly_met", "Partly met"),
                            ("not_met", "Not met"),
                        ],
                        max_length=20,
                    ),
                ),
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
                    "goal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to="mentoring.goal",
                    ),
                ),
            ],
            options={
                "ordering": ["goal", "author_role"],
                "indexes": [
                    models.Index(
                        fields=["created_at", "outcome"], name="goalrating_when_outcome"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("goal", "author_role"), name="one_goal_rating_per_side"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("outcome__in", ["met", "partly_met", "not_met"])),
                        name="goal_rating_outcome_known",
                    ),
                ],
            },
        ),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0011_case_notes"),
    ]

    operations = []

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0010_scheduled_sessions"),
    ]

    operations = []

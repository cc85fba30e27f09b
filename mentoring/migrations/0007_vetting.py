from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0006_pause_until"),
    ]

    operations = []

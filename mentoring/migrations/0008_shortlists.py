from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0007_vetting"),
    ]

    operations = []

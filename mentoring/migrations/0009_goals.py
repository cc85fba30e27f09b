from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0008_shortlists"),
    ]

    operations = []

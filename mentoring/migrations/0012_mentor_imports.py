import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0011_case_notes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MentorImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('file_name', models.CharField(max_length=255)),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256 of the file')),
                ('status', models.CharField(choices=[('previewed', 'Waiting for you to confirm'), ('inviting', 'Inviting mentors'), ('imported', 'Imported')], default='previewed', max_length=20)),
                ('imported_at', models.DateTimeField(blank=True, null=True)),
                ('coordinator', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'mentor import',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='MentorImportRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('email', models.CharField(blank=True, db_index=True, max_length=254)),
                ('name', models.CharField(blank=True, max_length=150)),
                ('values', models.JSONField(blank=True, default=dict)),
                ('problems', models.JSONField(blank=True, default=list)),
                ('outcome', models.CharField(choices=[('ready', 'Ready to invite'), ('problems', 'Not imported'), ('already_imported', 'Already imported'), ('invited', 'Invited')], max_length=20)),
                ('invited_at', models.DateTimeField(blank=True, null=True)),
                ('mentor_import', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='mentoring.mentorimport')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='mentor_import_rows', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'mentor import row',
                'ordering': ['mentor_import', 'number'],
                'indexes': [models.Index(fields=['mentor_import', 'outcome'], name='mentoring_m_mentor__8468de_idx')],
                'constraints': [models.UniqueConstraint(fields=('mentor_import', 'number'), name='mentor_import_row_number_unique'), models.UniqueConstraint(condition=models.Q(('outcome', 'invited')), fields=('email',), name='mentor_import_one_invitation_per_email')],
            },
        ),
    ]

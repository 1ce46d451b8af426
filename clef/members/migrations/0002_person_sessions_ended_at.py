from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="sessions_ended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sessions ended at"),
        ),
    ]

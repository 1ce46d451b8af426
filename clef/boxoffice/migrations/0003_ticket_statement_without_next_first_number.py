"""A ticket statement no longer keeps "the first number of the next screening": with one
yearly series numbered at booking, it could be lower than the screening's own first
number and said nothing. Its rows keep the numbers used per price instead."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("boxoffice", "0002_signed_journal_refunds_channels"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="ticketstatement",
            name="next_first_number",
        ),
    ]

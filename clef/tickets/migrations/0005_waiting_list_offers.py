from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0004_film_poster"),
        ("tickets", "0004_till_series_and_seat_blocks"),
    ]

    operations = [
        migrations.RenameField(
            model_name="waitinglistentry", old_name="notified_at", new_name="offered_at"
        ),
        migrations.AlterField(
            model_name="waitinglistentry",
            name="offered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="seat offered at"),
        ),
        migrations.AddField(
            model_name="waitinglistentry",
            name="offer_ends_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="seat held until"),
        ),
        migrations.AddField(
            model_name="waitinglistentry",
            name="booked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="booked at"),
        ),
        migrations.AddIndex(
            model_name="waitinglistentry",
            index=models.Index(fields=["screening", "offer_ends_at"], name="waiting_offers"),
        ),
    ]

"""Every entry records its OPRF suite. Entries made before are the first suite's (edwards25519);
new ones default to RFC 9497's ristretto255-SHA512 (docs/decisions/0008-oprf-ristretto255.md). Indexed:
every new entry asks whether any live entry of the first suite is left."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("networks", "0004_dossiers")]

    operations = [
        migrations.AddField(
            model_name="escrowentry",
            name="oprf_suite",
            field=models.CharField(db_index=True, default="edwards25519-SHA512-glasna", max_length=40),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="escrowentry",
            name="oprf_suite",
            field=models.CharField(db_index=True, default="ristretto255-SHA512", max_length=40),
        ),
    ]

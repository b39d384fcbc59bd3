from django.db import migrations


def create_head(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The row every append locks: created here so that two first appends cannot race to create it.
    apps.get_model("evidence", "CustodyHead").objects.get_or_create(pk=1, defaults={"size": 0})


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]

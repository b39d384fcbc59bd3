"""Key rotation must miss no record sealed to an organisation key: every model field that names a
key version (`*key_version`) is listed in accounts/sealed_records.py with its sealed field."""

from django.apps import apps

from glasna.accounts import sealed_records


def test_every_key_version_field_is_rotated() -> None:
    listed = {(kind.model.lower(), kind.version) for kind in sealed_records.KINDS}
    found = {
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.name.endswith("key_version") and model._meta.app_label != "accounts"
    }
    assert found == listed


def test_each_listed_kind_names_real_fields() -> None:
    for kind in sealed_records.KINDS:
        model = apps.get_model(kind.model)
        for name in (kind.sealed, kind.version):
            model._meta.get_field(name)  # raises FieldDoesNotExist
        # The owner may be a path through relations ("case__organisation").
        related = model
        for step in kind.owner.split("__"):
            related = related._meta.get_field(step).related_model
        assert related._meta.label == "accounts.Organisation"

from django.db import migrations

CODES = [
    "packaging", "assembly", "cleaning", "green", "catering", "logistics", "admin", "laundry",
    "textile", "recycling", "reception", "maintenance", "transport", "digital", "other",
]


def add_categories(apps, schema_editor):
    ActivityCategory = apps.get_model("core", "ActivityCategory")
    ActivityCategory.objects.bulk_create(
        [ActivityCategory(code=code) for code in CODES], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]

from django.db import migrations

TASK = "matching.tasks.matching_nightly_run"


def add_nightly_run(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="2", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/Brussels",
    )
    # Off until a coach switches it on in the admin.
    PeriodicTask.objects.get_or_create(
        name="Nightly matching run",
        defaults={"task": TASK, "crontab": schedule, "enabled": False},
    )


def remove_nightly_run(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_run_instance"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_nightly_run, remove_nightly_run)]

from django.db import migrations

TASK = "matching.tasks.matching_runs_watch"


def add_watchdog(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Matching runs watchdog",
        defaults={"task": TASK, "interval": every_minute, "enabled": True},
    )


def remove_watchdog(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_nightly_run")]
    operations = [migrations.RunPython(add_watchdog, remove_watchdog)]

"""Create one group per role (DESIGN.md). Their rights live in each app's policy, not in
Django's per-model permissions, so the groups carry no permissions themselves."""

from django.db import migrations

ROLES = ["administrator", "center_staff", "leader", "unit_reporter", "enterprise"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, remove_roles)]

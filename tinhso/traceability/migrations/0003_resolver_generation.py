"""The resolver's data generation: one row, changed by every write the resolver shows, read by
every web process to know whether its memo of answers still holds
(tinhso.traceability.resolver.freshness)."""

import secrets

from django.db import migrations, models


def first_generation(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The row the resolver reads (id 1), with a value no process can have seen."""
    generation = apps.get_model("traceability", "ResolverGeneration")
    generation.objects.using(schema_editor.connection.alias).create(
        id=1, value=secrets.randbits(63)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0002_registry"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResolverGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(first_generation, migrations.RunPython.noop),
    ]

"""The "default" category and option: the disaggregation of values that are not split."""

from django.db import migrations


def create_default(apps, schema_editor):
    Category = apps.get_model("monitoring", "Category")
    CategoryOption = apps.get_model("monitoring", "CategoryOption")
    category, _created = Category.objects.get_or_create(
        code="default", defaults={"name": "Không phân tổ", "name_en": "Not disaggregated"}
    )
    CategoryOption.objects.get_or_create(
        category=category, code="default", defaults={"name": "Tổng", "name_en": "Total"}
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]

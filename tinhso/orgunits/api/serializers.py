from typing import Any

from rest_framework import serializers

from tinhso.orgunits.models import OrgUnit, OrgUnitSuccession


class SuccessionSerializer(serializers.ModelSerializer[OrgUnitSuccession]):
    predecessor = serializers.SlugRelatedField[OrgUnit](slug_field="code", read_only=True)
    successor = serializers.SlugRelatedField[OrgUnit](slug_field="code", read_only=True)

    class Meta:
        model = OrgUnitSuccession
        fields = ["predecessor", "successor", "effective_date", "decision", "note"]


class OrgUnitSerializer(serializers.ModelSerializer[OrgUnit]):
    parent = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", queryset=OrgUnit.objects.all(), allow_null=True, required=False
    )
    successors = SuccessionSerializer(source="successions", many=True, read_only=True)
    predecessors = SuccessionSerializer(source="predecessions", many=True, read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "code", "name", "name_en", "short_name", "kind", "parent", "path", "depth",
            "valid_from", "valid_to", "source", "email", "phone", "address",
            "successors", "predecessors", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["path", "depth", "valid_to", "source", "created_at", "updated_at"]
        # Uniqueness and the rest are checked by the service, which names the field.
        extra_kwargs: dict[str, dict[str, Any]] = {"code": {"validators": []}}


class OrgUnitUpdateSerializer(OrgUnitSerializer):
    class Meta(OrgUnitSerializer.Meta):
        read_only_fields = [*OrgUnitSerializer.Meta.read_only_fields, "code"]


class SuccessionRequestSerializer(serializers.Serializer[None]):
    successor = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    effective_date = serializers.DateField()
    decision = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ProvinceLoadSerializer(serializers.Serializer[None]):
    province_codes = serializers.ListField(child=serializers.CharField(max_length=3), min_length=1)


class AgenciesImportSerializer(serializers.Serializer[None]):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class RowErrorSerializer(serializers.Serializer[None]):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class WriteSummarySerializer(serializers.Serializer[None]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    errors = RowErrorSerializer(many=True)  # type: ignore[assignment]

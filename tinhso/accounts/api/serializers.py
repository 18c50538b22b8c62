from typing import Any

from rest_framework import serializers

from tinhso.accounts.models import ApiToken, User
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit


class UserSerializer(serializers.ModelSerializer[User]):
    org_unit = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), allow_null=True, required=False
    )
    role = serializers.ChoiceField(choices=Role.choices)
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id", "username", "full_name", "email", "phone", "org_unit", "role", "is_active",
            "password", "last_login", "date_joined",
        ]  # fmt: skip
        read_only_fields = ["last_login", "date_joined"]
        extra_kwargs: dict[str, dict[str, Any]] = {"username": {"validators": []}}

    def to_representation(self, instance: User) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["role"] = instance.role.value if instance.role else None
        return data


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    days = serializers.IntegerField(write_only=True, required=False, min_value=1)
    user = serializers.SlugRelatedField[User](slug_field="username", read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "user",
            "days",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = ["prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret, shown this once only.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]

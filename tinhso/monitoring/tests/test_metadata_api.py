"""The metadata endpoints: who may do what (a matrix over all seven), the shapes, the error format,
and that writes go through the services (validation, fixed codes, the audit trail)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.monitoring import metadata
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.metadata import OptionSpec
from tinhso.monitoring.models import (
    Category,
    CategoryOption,
    DataElement,
    DataSet,
    Indicator,
    IndicatorGroup,
    Target,
    ValidationRule,
)
from tinhso.monitoring.services import import_data_values

API = "/api/v1"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def configured(users, catalogue, lai_chau):  # type: ignore[no-untyped-def]
    """The catalogue, a group with an indicator and its 2030 target, and one spare (unreferenced)
    object of each kind to delete."""
    staff = users[Role.CENTER_STAFF]
    group = metadata.create_indicator_group(actor=staff, code="NQ57", name="Nghị quyết 57")
    indicator = metadata.create_indicator(
        actor=staff, code="IND", name="Chỉ số", numerator="#{STARTUPS}", groups=[group]
    )
    target = metadata.create_target(
        actor=staff, indicator=indicator, org_unit=lai_chau, year=2030, value=Decimal(10)
    )
    metadata.create_category(
        actor=staff, code="SPARE", name="Dự phòng", options=[OptionSpec("A", "A")]
    )
    metadata.create_data_element(actor=staff, code="SPARE", name="Dự phòng", value_type="number")
    metadata.create_indicator_group(actor=staff, code="SPARE", name="Dự phòng")
    metadata.create_indicator(actor=staff, code="SPARE", name="Dự phòng", numerator="1")
    metadata.create_data_set(
        actor=staff, code="SPARE", name="Dự phòng", period_type="yearly",
        elements=[catalogue.startups],
    )  # fmt: skip
    spare_target = metadata.create_target(
        actor=staff, indicator=indicator, org_unit=lai_chau, year=2029, value=Decimal(9)
    )
    for code in ("FEMALE_LE_TOTAL", "SPARE"):
        metadata.create_validation_rule(
            actor=staff, code=code, name="Số nữ không vượt quá tổng số",
            left="#{TRAINEES.FEMALE}", operator="<=", right="#{TRAINEES}",
        )  # fmt: skip
    return {"target": target.pk, "spare_target": spare_target.pk}


def _everything() -> list:  # type: ignore[type-arg]
    return state_of(
        Category.objects.all(), CategoryOption.objects.all(), DataElement.objects.all(),
        IndicatorGroup.objects.all(), Indicator.objects.all(), DataSet.objects.all(),
        DataSet.elements.through.objects.all(), DataSet.org_units.through.objects.all(),
        Indicator.groups.through.objects.all(), Target.objects.all(),
        ValidationRule.objects.all(), AuditEntry.objects.all(),
    )  # fmt: skip


# The permission matrix. Columns: administrator, center staff, leader, unit reporter,
# enterprise, anonymous. Metadata is not scoped by unit, so there is no own/other target.

ENDPOINTS = [
    "categories", "dataElements", "indicatorGroups", "indicators", "dataSets", "targets",
    "validationRules",
]  # fmt: skip
STATUSES = {
    "list": (200, 200, 200, 200, 403, 401),
    "retrieve": (200, 200, 200, 200, 403, 401),
    "create": (201, 201, 403, 403, 403, 401),
    "update": (200, 200, 403, 403, 403, 401),
    "partial_update": (200, 200, 403, 403, 403, 401),
    "destroy": (204, 204, 403, 403, 403, 401),
}
MATRIX = {
    (action, endpoint): statuses for endpoint in ENDPOINTS for action, statuses in STATUSES.items()
}

CREATE = {
    "categories": {
        "code": "ETHNIC", "name": "Dân tộc", "options": [{"code": "KINH", "name": "Kinh"}],
    },
    "dataElements": {"code": "NEW", "name": "Mới", "value_type": "number"},
    "indicatorGroups": {"code": "NEW", "name": "Mới"},
    "indicators": {"code": "NEW", "name": "Mới", "numerator": "#{STARTUPS}", "groups": ["NQ57"]},
    "dataSets": {
        "code": "NEW", "name": "Mới", "period_type": "quarterly", "elements": ["STARTUPS"],
        "org_units": ["03388"],
    },
    "targets": {"indicator": "IND", "org_unit": "03388", "year": 2030, "value": "5"},
    "validationRules": {
        "code": "NEW", "name": "Mới", "left": "#{STARTUPS}", "operator": ">=", "right": "0",
    },
}  # fmt: skip
REPLACE = {
    "categories": {
        "code": "SEX", "name": "Giới",
        "options": [{"code": "FEMALE", "name": "Nữ"}, {"code": "MALE", "name": "Nam"}],
    },
    "dataElements": {"code": "STARTUPS", "name": "Khởi nghiệp", "value_type": "integer"},
    "indicatorGroups": {"code": "NQ57", "name": "NQ 57"},
    "indicators": {"code": "IND", "name": "Chỉ số", "numerator": "#{STARTUPS} * 2"},
    "dataSets": {
        "code": "MONTHLY", "name": "Tháng", "period_type": "monthly", "elements": ["STARTUPS"],
    },
    "targets": {"indicator": "IND", "org_unit": "12", "year": 2030, "value": "12"},
    "validationRules": {
        "code": "FEMALE_LE_TOTAL", "name": "Nữ ≤ tổng", "left": "#{TRAINEES.FEMALE}",
        "operator": "<", "right": "#{TRAINEES}",
    },
}  # fmt: skip
PATCH = {
    "categories": {"name": "Giới"},
    "dataElements": {"unit": "doanh nghiệp"},
    "indicatorGroups": {"name": "NQ 57"},
    "indicators": {"decimals": 2},
    "dataSets": {"deadline_days": 20},
    "targets": {"value": "11"},
    "validationRules": {"operator": "!="},
}
EXISTING = {
    "categories": "SEX", "dataElements": "STARTUPS", "indicatorGroups": "NQ57",
    "indicators": "IND", "dataSets": "MONTHLY", "validationRules": "FEMALE_LE_TOTAL",
}  # fmt: skip


def _api_request(client, action, endpoint, keys):  # type: ignore[no-untyped-def]
    collection = f"{API}/{endpoint}"
    existing = f"{collection}/{EXISTING.get(endpoint, keys['target'])}"
    spare = f"{collection}/{keys['spare_target'] if endpoint == 'targets' else 'SPARE'}"
    if action == "list":
        return client.get(collection)
    if action == "retrieve":
        return client.get(existing)
    if action == "create":
        return client.post(collection, CREATE[endpoint], format="json")
    if action == "update":
        return client.put(existing, REPLACE[endpoint], format="json")
    if action == "partial_update":
        return client.patch(existing, PATCH[endpoint], format="json")
    if action == "destroy":
        return client.delete(spare)
    raise AssertionError(action)


@pytest.mark.parametrize("case", expand(MATRIX), ids=str)
def test_metadata_api_matrix(case, users, api_client, configured):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    before, entries = _everything(), AuditEntry.objects.count()
    # when
    response = _api_request(api_client, case.action, case.target, configured)
    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert _everything() == before
    elif case.action not in {"list", "retrieve"}:
        assert AuditEntry.objects.count() == entries + 1


# Shapes


def test_a_data_element_reads_with_its_codes(api_client, users, configured):
    # given
    sign_in(api_client, users, Role.UNIT_REPORTER)
    # when
    body = api_client.get(f"{API}/dataElements/TRAINEES").json()
    # then
    del body["created_at"], body["updated_at"]
    assert body == {
        "code": "TRAINEES", "national_code": "", "name": "Người được tập huấn kỹ năng số",
        "name_en": "", "description": "", "value_type": "zero_or_positive_integer", "unit": "",
        "aggregation": "sum", "direction": "higher", "category": "SEX", "min_value": None,
        "max_value": None, "data_sets": ["MONTHLY"],
    }  # fmt: skip


def test_categories_list_their_options_and_hide_the_built_in_one(api_client, users, configured):
    sign_in(api_client, users, Role.LEADER)
    body = api_client.get(f"{API}/categories").json()
    assert [category["code"] for category in body["results"]] == ["SEX", "SPARE"]
    assert body["results"][0]["options"] == [
        {"code": "FEMALE", "name": "Nữ", "name_en": "", "sort_order": 1},
        {"code": "MALE", "name": "Nam", "name_en": "", "sort_order": 2},
    ]
    assert api_client.get(f"{API}/categories/default").status_code == 404


def test_data_sets_indicators_groups_and_targets_read_by_code(api_client, users, configured):
    sign_in(api_client, users, Role.LEADER)
    data_set = api_client.get(f"{API}/dataSets/MONTHLY").json()
    assert (data_set["elements"], len(data_set["org_units"])) == (["STARTUPS", "TRAINEES"], 38)
    indicator = api_client.get(f"{API}/indicators/IND").json()
    assert (indicator["numerator"], indicator["groups"]) == ("#{STARTUPS}", ["NQ57"])
    group = api_client.get(f"{API}/indicatorGroups/NQ57").json()
    assert group["indicators"] == ["IND"]
    target = api_client.get(f"{API}/targets/{configured['target']}").json()
    assert target == {
        "id": configured["target"], "indicator": "IND", "org_unit": "12", "year": 2030,
        "value": "10.000000", "baseline": None, "baseline_year": None,
    }  # fmt: skip


def test_a_validation_rule_reads_by_code(api_client, users, configured):
    # given
    sign_in(api_client, users, Role.UNIT_REPORTER)
    # when
    body = api_client.get(f"{API}/validationRules/FEMALE_LE_TOTAL").json()
    # then
    del body["created_at"], body["updated_at"]
    assert body == {
        "code": "FEMALE_LE_TOTAL", "national_code": "", "name": "Số nữ không vượt quá tổng số",
        "name_en": "", "description": "", "left": "#{TRAINEES.FEMALE}", "operator": "<=",
        "right": "#{TRAINEES}",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("dataElements?q=train", ["TRAINEES"]),
        ("dataElements?category=SEX", ["TRAINEES"]),
        ("dataElements?data_set=YEARLY", ["ONLINE_RATE"]),
        ("indicators?group=NQ57", ["IND"]),
        ("dataSets?org_unit=03388", ["MONTHLY", "YEARLY"]),
        ("dataSets?period_type=yearly", ["SPARE", "YEARLY"]),
        ("validationRules?q=female_le", ["FEMALE_LE_TOTAL"]),
        ("validationRules?q=TRAINEES.FEMALE", ["FEMALE_LE_TOTAL", "SPARE"]),
    ],
)
def test_lists_filter_by_code(api_client, users, configured, query, codes):
    sign_in(api_client, users, Role.CENTER_STAFF)
    body = api_client.get(f"{API}/{query}").json()
    assert [item["code"] for item in body["results"]] == codes


def test_targets_filter_by_indicator_unit_and_year(api_client, users, configured):
    sign_in(api_client, users, Role.CENTER_STAFF)
    body = api_client.get(f"{API}/targets?indicator=IND&org_unit=12&year=2030").json()
    assert [item["id"] for item in body["results"]] == [configured["target"]]


def test_a_list_costs_the_same_queries_however_long(api_client, users, configured, lai_chau):
    # given
    staff = users[Role.CENTER_STAFF]
    sign_in(api_client, users, Role.CENTER_STAFF)

    def queries() -> dict[str, int]:
        counts = {}
        for endpoint in ENDPOINTS:
            with CaptureQueriesContext(connection) as captured:
                assert api_client.get(f"{API}/{endpoint}").status_code == 200
            counts[endpoint] = len(captured)
        return counts

    few = queries()
    # when
    for number in range(5):
        code = f"MORE{number}"
        metadata.create_category(actor=staff, code=code, name=code, options=[OptionSpec("A", "A")])
        element = metadata.create_data_element(
            actor=staff, code=code, name=code, value_type="number"
        )
        group = metadata.create_indicator_group(actor=staff, code=code, name=code)
        indicator = metadata.create_indicator(
            actor=staff, code=code, name=code, numerator=f"#{{{code}}}", groups=[group]
        )
        metadata.create_data_set(
            actor=staff, code=code, name=code, period_type="yearly", elements=[element],
            org_units=[lai_chau],
        )  # fmt: skip
        metadata.create_target(
            actor=staff, indicator=indicator, org_unit=lai_chau, year=2030, value=Decimal(1)
        )
        metadata.create_validation_rule(
            actor=staff, code=code, name=code, left=f"#{{{code}}}", operator=">=", right="0"
        )
    # then
    assert queries() == few


# Writes and errors


def test_a_bad_expression_answers_the_error_format_naming_the_field(api_client, users, configured):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    before = _everything()
    body = {"code": "BAD", "name": "X", "numerator": "#{STARTUPS} / #{NOPE}", "denominator": "(1"}
    # when
    response = api_client.post(f"{API}/indicators", body, format="json", **EN)
    # then
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "Invalid input.",
        "errors": {
            "numerator": [
                {"code": "invalid", "message": "Unknown data element 'NOPE' at position 14"}
            ],
            "denominator": [
                {
                    "code": "invalid",
                    "message": "Unexpected end of expression at position 2; expected ')'",
                }
            ],
        },
    }
    assert _everything() == before


def test_a_rule_between_bad_or_constant_sides_answers_field_errors(api_client, users, configured):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    before = _everything()
    body = {"code": "BAD.RULE", "name": "X", "left": "#{TRAINEES.X}", "operator": "=", "right": "1"}
    # when
    bad = api_client.post(f"{API}/validationRules", body, format="json", **EN)
    constant = api_client.patch(
        f"{API}/validationRules/SPARE", {"left": "2", "right": "1"}, format="json", **EN
    )
    # then
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "operator": [{"code": "invalid_choice", "message": '"=" is not a valid choice.'}]
    }
    bad = api_client.post(f"{API}/validationRules", {**body, "operator": "=="}, format="json", **EN)
    assert bad.json()["errors"] == {
        "code": [
            {
                "code": "invalid",
                "message": "A code here cannot contain a dot: expressions read #{ELEMENT.OPTION}.",
            }
        ],
        "left": [
            {
                "code": "invalid",
                "message": "Data element 'TRAINEES' has no option 'X' at position 0",
            }
        ],
    }
    assert constant.status_code == 400
    assert constant.json()["errors"] == {
        "left": [{"code": "invalid", "message": "Name a data element on at least one side."}]
    }
    assert _everything() == before


def test_a_duplicate_code_and_an_unknown_related_code_are_field_errors(
    api_client, users, configured
):
    sign_in(api_client, users, Role.CENTER_STAFF)
    duplicate = api_client.post(
        f"{API}/dataElements", {"code": "STARTUPS", "name": "X", "value_type": "number"},
        format="json", **EN,
    )  # fmt: skip
    assert duplicate.json()["errors"] == {
        "code": [{"code": "invalid", "message": "Data element with this Code already exists."}]
    }
    unknown = api_client.post(
        f"{API}/dataSets",
        {"code": "Q", "name": "Q", "period_type": "quarterly", "elements": ["NOPE"]},
        format="json", **EN,
    )  # fmt: skip
    assert unknown.status_code == 400
    assert list(unknown.json()["errors"]) == ["elements"]


def test_put_replaces_a_categorys_options_and_is_audited(api_client, users, configured):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    body = {
        "code": "SEX", "name": "Giới tính",
        "options": [
            {"code": "MALE", "name": "Nam"}, {"code": "FEMALE", "name": "Nữ", "name_en": "Female"},
        ],
    }  # fmt: skip
    # when
    response = api_client.put(f"{API}/categories/SEX", body, format="json")
    # then
    assert response.status_code == 200
    assert [(o["code"], o["sort_order"]) for o in response.json()["options"]] == [
        ("MALE", 1), ("FEMALE", 2),
    ]  # fmt: skip
    entry = AuditEntry.objects.filter(content_type__model="category").latest("pk")
    assert entry.changes == {"options": [["FEMALE: Nữ", "MALE: Nam"], ["MALE: Nam", "FEMALE: Nữ"]]}


def test_a_fixed_code_cannot_change_and_a_referenced_object_is_not_deleted(
    api_client, users, configured
):
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    summary = import_data_values(
        actor=SYSTEM, values=[RawValue(1, "STARTUPS", "202601", "03388", "", "4")]
    )
    assert summary.conflicts == []
    before = _everything()
    # when
    renamed = api_client.patch(f"{API}/dataElements/STARTUPS", {"code": "SU"}, format="json", **EN)
    deleted = api_client.delete(f"{API}/dataElements/STARTUPS", **EN)
    # then
    assert renamed.json()["errors"] == {
        "code": [
            {
                "code": "invalid",
                "message": "Fixed: values have been reported for this data element.",
            }
        ]
    }
    assert deleted.status_code == 400
    assert deleted.json()["errors"] == {
        "non_field_errors": [
            {"code": "invalid", "message": "Values have been reported for it."},
            {"code": "invalid", "message": "It belongs to data sets: MONTHLY, SPARE."},
            {"code": "invalid", "message": "Indicators use it: IND."},
        ]
    }
    assert _everything() == before


def test_a_target_is_created_by_codes_and_a_second_for_the_same_year_refused(
    api_client, users, configured
):
    sign_in(api_client, users, Role.CENTER_STAFF)
    body = {
        "indicator": "IND",
        "org_unit": "03388",
        "year": 2030,
        "value": "3.5",
        "baseline": "1",
        "baseline_year": 2025,
    }
    created = api_client.post(f"{API}/targets", body, format="json", **EN)
    assert created.status_code == 201
    assert Target.objects.get(pk=created.json()["id"]).org_unit.code == "03388"
    again = api_client.post(f"{API}/targets", body, format="json", **EN)
    assert again.json()["errors"] == {
        "year": [
            {
                "code": "invalid",
                "message": "This indicator already has a target for this unit and year.",
            }
        ]
    }


def test_the_schema_describes_the_metadata_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    paths = schema["paths"]
    for endpoint in ENDPOINTS:
        assert f"/api/v1/{endpoint}" in paths
    assert set(paths["/api/v1/dataElements/{code}"]) >= {"get", "put", "patch", "delete"}
    assert "/api/v1/targets/{id}" in paths
    assert set(paths["/api/v1/validationRules/{code}"]) >= {"get", "put", "patch", "delete"}
    assert paths["/api/v1/indicators"]["get"]["tags"] == ["metadata"]

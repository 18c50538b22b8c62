"""The resolver's memo of answers and the data generation that keeps it fresh: a repeat is served
from memory with the same content, and a write the resolver shows (a step captured, a product
renamed, a link added, a batch registered) shows at once — in this process, and on PostgreSQL
in another one, told by NOTIFY."""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from tinhso.core.roles import Role
from tinhso.epcis.choices import JobStatus
from tinhso.epcis.services import capture_document
from tinhso.traceability import services
from tinhso.traceability.choices import LinkType, QuantityUnit
from tinhso.traceability.models import Product
from tinhso.traceability.resolver import freshness, memo, views
from tinhso.traceability.tests.conftest import Registry

pytestmark = pytest.mark.django_db
CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
_LINKSET = {"HTTP_ACCEPT": "application/linkset+json"}


@pytest.fixture(autouse=True)
def empty_memo() -> None:
    memo.MEMO.forget()


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["tinhso_language"] = "en"
    return client


def lot_path(registry: Registry) -> str:
    return registry.own.batch.digital_link_path


def steps(text: str) -> list[str]:
    """The timeline's step names."""
    return re.findall(r'consumer-step-number">\d+</span>\s*<div>\s*<p[^>]*>([^<]*)</p>', text)


def capture_step(registry: Registry, actor: Any, step: str, moment: str) -> None:
    side = registry.own
    event = {
        "type": "ObjectEvent", "eventTime": moment, "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE", "bizStep": step,
        "quantityList": [{"epcClass": f"https://id.gs1.org{side.batch.digital_link_path}"}],
    }  # fmt: skip
    doc = {
        "@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": moment, "epcisBody": {"eventList": [event]},
    }  # fmt: skip
    job = capture_document(actor=actor, doc=doc, owner=side.enterprise)
    assert job.status == JobStatus.SUCCESS, job.errors


def test_a_repeat_is_served_from_the_memo_with_one_lookup(
    registry: Registry, english: Client, django_assert_num_queries: Any
) -> None:
    # given a page and a linkset asked once
    path = lot_path(registry)
    first_page = english.get(path)
    first_linkset = english.get(path, **_LINKSET)
    # when they are asked again
    with django_assert_num_queries(1):  # the generation (inside the test's transaction)
        page = english.get(path)
    with django_assert_num_queries(1):
        linkset = english.get(path, **_LINKSET)
    # then the answers are the same
    assert len(memo.MEMO) == 2
    assert _TOKEN.sub("", page.text) == _TOKEN.sub("", first_page.text)
    assert linkset.content == first_linkset.content
    assert linkset["Content-Type"] == "application/linkset+json"


def test_a_kept_page_is_the_page_made_afresh(
    registry: Registry, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the page as made without the memo, for a visitor with no cookies
    path = lot_path(registry)
    with monkeypatch.context() as patched:
        patched.setattr(views, "_kept_as", lambda *args: "")
        fresh = client.get(path)
    assert len(memo.MEMO) == 0
    # when it is kept and served again (to new visitors, with no cookies)
    client.cookies.clear()
    client.get(path)
    client.cookies.clear()
    kept = client.get(path)
    # then only the CSRF token differs: each visitor gets a valid one of their own
    assert len(memo.MEMO) == 1
    assert _TOKEN.sub("", kept.text) == _TOKEN.sub("", fresh.text)
    assert _TOKEN.findall(kept.text) != _TOKEN.findall(fresh.text)
    assert sorted(kept.headers) == sorted(fresh.headers)
    for header in ("Content-Type", "Vary", "Link", "Content-Language", "Content-Security-Policy"):
        assert kept[header] == fresh[header], header
    assert sorted(kept.cookies) == sorted(fresh.cookies) == ["csrftoken"]


def test_the_token_of_a_kept_page_is_the_visitors_own(registry: Registry) -> None:
    # given a kept page, served to a visitor whose CSRF tokens are checked
    path = lot_path(registry)
    Client().get(path)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path)
    assert len(memo.MEMO) == 1
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    # when the visitor switches language with the page's form, then it works
    form = {"language": "en", "next": path, "csrfmiddlewaretoken": token[1]}
    assert visitor.post("/i18n/setlang/", form).status_code == 302
    assert Client(enforce_csrf_checks=True).post("/i18n/setlang/", form).status_code == 403


def test_a_captured_step_shows_at_once(
    registry: Registry, users: dict[Role, Any], english: Client
) -> None:
    # given a page with one step, kept
    path = lot_path(registry)
    capture_step(registry, users[Role.ADMINISTRATOR], "commissioning", "2025-04-01T07:30:00+07:00")
    assert steps(english.get(path).text) == ["Harvested or produced"]
    assert steps(english.get(path).text) == ["Harvested or produced"]
    before = freshness.current_generation()
    # when another step is captured
    capture_step(registry, users[Role.ADMINISTRATOR], "shipping", "2025-04-02T07:30:00+07:00")
    # then the generation changed and the page shows it
    assert freshness.current_generation() != before
    assert steps(english.get(path).text) == ["Harvested or produced", "Shipping"]


def test_a_renamed_product_shows_at_once(
    registry: Registry, users: dict[Role, Any], english: Client
) -> None:
    path = lot_path(registry)
    assert "Chè DK" in english.get(path).text
    services.update_product(
        actor=users[Role.ADMINISTRATOR], product=registry.own.product, name="Chè Shan tuyết DK"
    )
    assert "Chè Shan tuyết DK" in english.get(path).text
    assert "Chè Shan tuyết DK" in english.get(path, **_LINKSET).text


def test_a_new_link_shows_at_once_in_the_linkset(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    path = lot_path(registry)
    assert "example.vn" not in client.get(path, **_LINKSET).text
    services.create_product_link(
        actor=users[Role.ADMINISTRATOR], product=registry.own.product,
        link_type=LinkType.CERTIFICATION_INFO, href="https://example.vn/vietgap", title="VietGAP",
    )  # fmt: skip
    linkset = client.get(path, **_LINKSET).json()["linkset"][0]
    assert linkset["https://gs1.org/voc/certificationInfo"] == [
        {
            "href": "https://example.vn/vietgap",
            "title": "VietGAP",
            "hreflang": ["vi"],
            "type": "text/html",
        }
    ]


def test_unknown_codes_are_not_kept_and_a_new_batch_resolves_at_once(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    # given a lot the registry does not know
    product = registry.own.product
    path = f"/01/{product.gtin}/10/NEW-01"
    assert client.get(path).status_code == 404
    assert client.get(path).status_code == 404
    assert len(memo.MEMO) == 0
    # when it is registered, then it resolves
    services.create_batch(
        actor=users[Role.ADMINISTRATOR], product=product, lot="NEW-01",
        production_date=dt.date(2025, 5, 1), quantity=Decimal(10),
        quantity_unit=QuantityUnit.KILOGRAM,
    )  # fmt: skip
    assert client.get(path).status_code == 200


def test_signed_in_users_get_their_own_page(
    registry: Registry, users: dict[Role, Any], client: Client
) -> None:
    # given the page kept for anonymous visitors
    path = lot_path(registry)
    assert 'data-testid="user-menu"' not in client.get(path).text
    assert len(memo.MEMO) == 1
    # when a signed-in user asks, then the page has their menu, and nothing of it is kept
    client.force_login(users[Role.LEADER])
    assert 'data-testid="user-menu"' in client.get(path).text
    client.logout()
    client.cookies.clear()
    assert 'data-testid="user-menu"' not in client.get(path).text


def test_the_generation_changes_with_the_write_and_rolls_back_with_it(registry: Registry) -> None:
    product = Product.objects.get(pk=registry.own.product.pk)
    before = freshness.current_generation()
    assert before is not None
    with pytest.raises(RuntimeError), transaction.atomic():
        product.name = "Đổi tên"
        product.save()
        changed = freshness.current_generation()
        assert changed != before
        raise RuntimeError("roll back")
    assert freshness.current_generation() == before


def test_a_kept_answer_from_before_a_write_is_not_served(
    registry: Registry, client: Client
) -> None:
    """A memo that missed this process's write (as another process would) still finds out, by
    the generation it reads."""
    path = lot_path(registry)
    client.get(path)
    freshness._forgetters.remove(memo.MEMO.forget)
    try:
        Product.objects.filter(pk=registry.own.product.pk).update(name="Chè khác")
        freshness.data_changed()  # as a bulk write must
        assert len(memo.MEMO) == 1
        assert "Chè khác" in client.get(path).text
    finally:
        freshness.on_change(memo.MEMO.forget)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's")
def test_another_process_write_shows_at_once_without_a_query_per_answer(
    registry: Registry, client: Client, django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # given a page kept by this process, which keeps its connection and listens for changes
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    path = lot_path(registry)
    client.get(path)  # connects, reads the generation, keeps the page
    with django_assert_num_queries(2):  # LISTEN, then the generation
        client.get(path)
    with django_assert_num_queries(0):  # the kept page, the generation from the connection
        assert "Chè DK" in client.get(path).text
    # when another process renames the product and commits
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    try:
        with other.transaction(), other.cursor() as cursor:
            cursor.execute(
                "UPDATE traceability_product SET name = %s WHERE id = %s",
                ["Chè từ nơi khác", registry.own.product.pk],
            )
            cursor.execute(freshness._BUMP, [freshness.ROW_ID, 12345])
            cursor.execute("SELECT pg_notify(%s, %s)", [freshness.CHANNEL, "12345"])
    finally:
        other.close()
    # then this process shows the new name (the notification is on its socket by now)
    deadline = time.monotonic() + 2
    while "Chè từ nơi khác" not in (text := client.get(path).text):
        assert time.monotonic() < deadline, "the change never showed"
        time.sleep(0.01)
    assert "Chè DK" not in text

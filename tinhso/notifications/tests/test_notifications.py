"""In-app notifications: sending once per key, marking read, the page, the bell and the API;
and that nobody, whatever their role, reads or marks another's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.policies import CHANGE, VIEW
from tinhso.core.roles import Role
from tinhso.core.testing import COLUMNS, Case, expand, sign_in, state_of
from tinhso.notifications import selectors, services
from tinhso.notifications.models import Notification
from tinhso.notifications.permissions import NotificationPolicy

LIST = "/api/v1/notifications/"


def _note(user: Any, key: str, minutes: int = 0, **fields: Any) -> Notification:
    notification, _new = services.notify(
        recipient=user, key=key, title=fields.pop("title", f"Tin {key}"), **fields
    )
    moment = timezone.now() - dt.timedelta(minutes=minutes)
    Notification.objects.filter(pk=notification.pk).update(created_at=moment)
    notification.refresh_from_db()
    return notification


# Services --------------------------------------------------------------------------------------


def test_notify_is_idempotent_on_the_key(users: Any) -> None:
    # given
    user = users[Role.UNIT_REPORTER]
    # when
    first, created = services.notify(recipient=user, key="k1", title="Hạn chót", link="/steering/")
    again, created_again = services.notify(recipient=user, key="k1", title="Khác")
    _other, created_other = services.notify(recipient=users[Role.LEADER], key="k1", title="Hạn")
    # then: one per recipient and key; the first is kept as it was
    assert (created, created_again, created_other) == (True, False, True)
    assert again.pk == first.pk and again.title == "Hạn chót"
    assert Notification.objects.filter(recipient=user).count() == 1
    assert (first.body, first.link, first.read_at) == ("", "/steering/", None)


@pytest.mark.parametrize(
    "link", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "steering/"]
)
def test_a_link_must_be_a_path_on_this_site(users: Any, link: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.notify(recipient=users[Role.LEADER], key="k", title="T", link=link)
    assert caught.value.message_dict == {"link": ["A link must be a path on this site."]}
    assert Notification.objects.count() == 0


def test_a_key_is_required_and_a_long_title_is_cut(users: Any) -> None:
    with pytest.raises(ValidationError):
        services.notify(recipient=users[Role.LEADER], key="", title="T")
    note, _new = services.notify(recipient=users[Role.LEADER], key="k", title="x" * 400)
    assert len(note.title) == 300 and note.title.endswith("…")


def test_mark_read_keeps_the_first_reading(users: Any) -> None:
    user = users[Role.UNIT_REPORTER]
    note = _note(user, "a")
    services.mark_read(actor=user, notification=note)
    first = Notification.objects.get(pk=note.pk).read_at
    services.mark_read(actor=user, notification=Notification.objects.get(pk=note.pk))
    assert first is not None
    assert Notification.objects.get(pk=note.pk).read_at == first


def test_nobody_marks_anothers_notification_read(users: Any) -> None:
    note = _note(users[Role.UNIT_REPORTER], "a")
    for role in (Role.ADMINISTRATOR, Role.CENTER_STAFF, Role.LEADER, Role.ENTERPRISE):
        with pytest.raises(PermissionDenied):
            services.mark_read(actor=users[role], notification=note)
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_mark_all_read_touches_only_ones_own_unread(users: Any) -> None:
    # given
    user, other = users[Role.UNIT_REPORTER], users[Role.LEADER]
    _note(user, "a"), _note(user, "b"), _note(other, "c")
    services.mark_read(actor=user, notification=_note(user, "d"))
    # when
    marked = services.mark_all_read(actor=user)
    # then
    assert marked == 2
    assert (selectors.unread_count(user), selectors.unread_count(other)) == (0, 1)


def test_the_policy_gives_everyone_signed_in_their_own_and_only_theirs(users: Any) -> None:
    policy = NotificationPolicy()
    roleless = UserFactory()
    note = _note(roleless, "a")
    assert policy.can(roleless, VIEW, note) and policy.can(roleless, CHANGE, note)
    assert list(policy.scope(Notification.objects.all(), roleless, VIEW)) == [note]
    for user in users.values():
        assert not policy.can(user, VIEW, note)
        assert list(policy.scope(Notification.objects.all(), user, VIEW)) == []
    inactive = UserFactory(role=Role.ADMINISTRATOR, is_active=False)
    assert not policy.can(inactive, VIEW)


# The page and the bell ------------------------------------------------------------------------


def test_the_page_lists_ones_own_newest_first_unread_highlighted(users: Any, client: Any) -> None:
    # given
    user = users[Role.UNIT_REPORTER]
    _note(user, "old", minutes=30, title="Cũ")
    read = _note(user, "read", minutes=20, title="Đã đọc")
    services.mark_read(actor=user, notification=read)
    _note(user, "new", minutes=10, title="Mới", body="Dòng 1\nDòng 2")
    _note(users[Role.LEADER], "theirs", title="Của người khác")
    client.force_login(user)
    # when
    response = client.get("/notifications/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert [n.title for n in response.context["notifications"]] == ["Mới", "Đã đọc", "Cũ"]
    assert response.context["unread"] == 2
    assert html.count('data-unread="true"') == 2 and html.count('data-unread="false"') == 1
    assert "Của người khác" not in html
    assert "Dòng 1<br>Dòng 2" in html
    assert 'data-testid="read-all"' in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_link(users: Any, client: Any) -> None:
    user = users[Role.UNIT_REPORTER]
    linked = _note(user, "a", link="/steering/tasks/7/")
    plain = _note(user, "b")
    client.force_login(user)
    response = client.post(f"/notifications/{linked.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/steering/tasks/7/")
    response = client.post(f"/notifications/{plain.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert client.get(f"/notifications/{linked.pk}/open/").status_code == 405


def test_mark_all_read_from_the_page(users: Any, client: Any) -> None:
    user = users[Role.UNIT_REPORTER]
    _note(user, "a"), _note(user, "b")
    client.force_login(user)
    client.cookies["tinhso_language"] = "en"
    response = client.post("/notifications/read-all/", follow=True)
    assert response.redirect_chain == [("/notifications/", 302)]
    assert "2 notifications marked read." in response.content.decode()
    assert 'data-testid="read-all"' not in response.content.decode()
    assert selectors.unread_count(user) == 0


def test_the_bell_shows_the_unread_count(users: Any, client: Any) -> None:
    # given
    user = users[Role.CENTER_STAFF]
    client.force_login(user)
    client.cookies["tinhso_language"] = "en"
    _note(user, "a"), _note(user, "b"), _note(users[Role.LEADER], "c")
    # when
    page = client.get("/notifications/").content.decode()
    count = client.get("/notifications/unread-count/")
    # then: every page has the bell, whose count its script fetches after the page loaded
    assert 'data-testid="notification-bell"' in page
    assert 'data-notification-count="/notifications/unread-count/"' in page
    assert '<script src="/static/tinhso/js/notifications.js" defer></script>' in page
    assert count.json() == {"unread": 2, "label": "2 unread notifications"}
    services.mark_all_read(actor=user)
    assert client.get("/notifications/unread-count/").json() == {
        "unread": 0, "label": "0 unread notifications",
    }  # fmt: skip


def test_a_visitor_gets_no_bell_and_no_count(client: Any, db: Any) -> None:
    response = client.get("/notifications/unread-count/")
    assert (response.status_code, response.content) == (204, b"")
    assert 'data-testid="notification-bell"' not in client.get("/accounts/login/").content.decode()


def test_the_page_costs_a_fixed_number_of_queries(
    users: Any, client: Any, django_assert_num_queries: Any
) -> None:
    user = users[Role.UNIT_REPORTER]
    client.force_login(user)
    _note(user, "a")
    # session, user, count, unread count, the navbar's groups and unit, the page of notifications
    with django_assert_num_queries(7):
        client.get("/notifications/")
    for n in range(20):
        _note(user, f"n{n}", link="/steering/")
    with django_assert_num_queries(7):
        client.get("/notifications/")


# The permission matrix ------------------------------------------------------------------------

ALL_OWN = (200, 200, 200, 200, 200)
NOT_FOUND = (404, 404, 404, 404, 404)

API = {
    ("list", "-"): (*ALL_OWN, 401),
    ("retrieve", "own"): (*ALL_OWN, 401),
    ("retrieve", "other"): (*NOT_FOUND, 401),
    ("read", "own"): (*ALL_OWN, 401),
    ("read", "other"): (*NOT_FOUND, 401),
    ("readAll", "-"): (*ALL_OWN, 401),
}
PAGES = {
    ("list", "-"): (*ALL_OWN, 302),
    ("open", "own"): (302, 302, 302, 302, 302, 302),
    ("open", "other"): (*NOT_FOUND, 302),
    ("readAll", "-"): (302, 302, 302, 302, 302, 302),
    ("count", "-"): (*ALL_OWN, 204),
}


@pytest.fixture
def inbox(users: Any) -> dict[str, Any]:
    """One unread notification for each role's user, and one of someone else's."""
    stranger = UserFactory(username="nguoila", role=Role.CENTER_STAFF)
    mine = {role: _note(users[role], "mine") for role in users}
    return {"mine": mine, "other": _note(stranger, "theirs")}


def _api_request(client: APIClient, case: Case, target: Notification | None) -> Any:
    url = f"{LIST}{target.pk}/" if target else LIST
    if case.action in ("list", "retrieve"):
        return client.get(url)
    if case.action == "read":
        return client.post(f"{url}read/")
    return client.post(f"{LIST}readAll/")


@pytest.mark.parametrize("case", expand(API), ids=str)
def test_api_matrix(case: Case, users: Any, inbox: dict[str, Any]) -> None:
    # given
    client = APIClient()
    user = sign_in(client, users, case.role)
    target = _target(case, inbox)
    before = state_of(Notification.objects.all())
    # when
    response = _api_request(client, case, target)
    # then
    assert response.status_code == case.status, response.content
    if case.status >= 400:
        assert state_of(Notification.objects.all()) == before
        assert set(response.json()) == {"code", "message", "errors"}
        return
    assert inbox["other"].pk not in _ids(response.json())
    assert Notification.objects.get(pk=inbox["other"].pk).read_at is None
    if case.action == "list":
        assert _ids(response.json()) == [inbox["mine"][case.role].pk]
    if case.action in ("read", "readAll"):
        assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0
    if case.action == "readAll":
        assert response.json() == {"marked": 1}


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_page_matrix(case: Case, users: Any, inbox: dict[str, Any]) -> None:
    # given
    client = Client()
    sign_in(client, users, case.role)
    target = _target(case, inbox)
    before = state_of(Notification.objects.all())
    # when
    url = {
        "list": "/notifications/", "count": "/notifications/unread-count/",
        "readAll": "/notifications/read-all/",
        "open": f"/notifications/{target.pk if target else 0}/open/",
    }[case.action]  # fmt: skip
    response = client.get(url) if case.action in ("list", "count") else client.post(url)
    # then
    assert response.status_code == case.status
    if case.role is None and case.status == 302:
        assert response["Location"].startswith("/accounts/login/")
    if case.denied or case.action in ("list", "count"):
        assert state_of(Notification.objects.all()) == before
    else:
        assert Notification.objects.get(pk=inbox["other"].pk).read_at is None
        assert Notification.objects.get(pk=inbox["mine"][case.role].pk).read_at is not None


def _target(case: Case, inbox: dict[str, Any]) -> Notification | None:
    if case.target == "other":
        return inbox["other"]  # type: ignore[no-any-return]
    if case.target == "own":
        return inbox["mine"][case.role or Role.LEADER]  # type: ignore[no-any-return]
    return None


def _ids(body: Any) -> list[int]:
    rows = body.get("results", [body]) if isinstance(body, dict) else body
    return [row["id"] for row in rows if "id" in row]


def test_every_role_is_in_the_matrix() -> None:
    assert len(COLUMNS) == 6
    assert {case.role for case in expand(API)} == set(COLUMNS)


def test_the_api_lists_unread_only_on_request(users: Any, api_client: APIClient) -> None:
    # given
    user = users[Role.ENTERPRISE]
    read = _note(user, "read", minutes=5)
    services.mark_read(actor=user, notification=read)
    unread = _note(user, "unread", link="/traceability/")
    api_client.force_authenticate(user)
    # when
    everything = api_client.get(LIST).json()
    only_unread = api_client.get(LIST, {"unread": "true"}).json()
    only_read = api_client.get(LIST, {"unread": "false"}).json()
    # then
    assert _ids(everything) == [unread.pk, read.pk]
    assert _ids(only_unread) == [unread.pk]
    assert _ids(only_read) == [read.pk]
    assert set(only_unread["results"][0]) == {
        "id",
        "title",
        "body",
        "link",
        "created_at",
        "read_at",
    }
    assert only_unread["results"][0]["link"] == "/traceability/"

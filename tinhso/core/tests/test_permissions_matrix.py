"""Task progress and the home pages. Columns: administrator, center staff, leader, unit
reporter, enterprise, anonymous. "own" is a task the caller started, "other" someone else's."""

import pytest

from tinhso.core.models import TaskProgress
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in

TASKS = {
    ("api", "own"): (200, 200, 200, 200, 200, 401),
    ("api", "other"): (404, 404, 404, 404, 404, 401),
    ("page", "own"): (200, 200, 200, 200, 200, 302),
    ("page", "other"): (404, 404, 404, 404, 404, 302),
}


@pytest.mark.parametrize("case", expand(TASKS), ids=str)
def test_task_progress_matrix(case, users, client, api_client):  # type: ignore[no-untyped-def]
    # given
    http = api_client if case.action == "api" else client
    caller = sign_in(http, users, case.role)
    owner = (
        caller
        if case.target == "own" and caller
        else users[Role.LEADER if case.role != Role.LEADER else Role.ADMINISTRATOR]
    )
    progress = TaskProgress.objects.create(label="load", owner=owner)
    # when
    url = f"/api/v1/tasks/{progress.pk}/" if case.action == "api" else f"/tasks/{progress.pk}/"
    response = http.get(url)
    # then
    assert response.status_code == case.status


# A leader's home is the operations dashboard (tinhso/monitoring), so "/" sends them there.
HOME = {("home", "-"): (200, 200, 302, 200, 200, 302)}
TITLES = {
    Role.ADMINISTRATOR: "Administration",
    Role.CENTER_STAFF: "Center workspace",
    Role.UNIT_REPORTER: "My unit",
    Role.ENTERPRISE: "Enterprise services",
}


@pytest.mark.parametrize("case", expand(HOME), ids=str)
def test_each_role_lands_on_its_home_page(case, users, client):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    client.cookies["tinhso_language"] = "en"
    # when
    response = client.get("/")
    # then
    assert response.status_code == case.status
    if case.status == 200:
        assert f'data-testid="home-title">{TITLES[case.role]}</h1>' in response.text

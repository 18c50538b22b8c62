"""Long work runs as a task and its page shows the progress."""

from tinhso.core.models import TaskProgress
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit


def test_loading_a_province_from_the_page_runs_as_a_task_with_progress(
    client, users, django_capture_on_commit_callbacks
):
    # given
    client.force_login(users[Role.ADMINISTRATOR])
    client.cookies["tinhso_language"] = "en"
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/orgunits/load/", {"province": "11"})
    # then
    progress = TaskProgress.objects.get()
    assert response.url == f"/tasks/{progress.pk}/"
    assert (progress.status, progress.done, progress.total) == ("succeeded", 1, 1)
    assert progress.message == "46 units created, 0 updated, 0 unchanged."
    assert OrgUnit.objects.get(code="11").children.count() == 45
    page = client.get(response.url)
    assert 'data-status="succeeded"' in page.text
    assert "hx-trigger" not in page.text  # finished: the page stops polling


def test_a_running_task_page_polls_and_htmx_gets_only_the_bar(client, users):
    # given
    admin = users[Role.ADMINISTRATOR]
    progress = TaskProgress.objects.create(
        label="Load", owner=admin, status="running", done=3, total=34
    )
    client.force_login(admin)
    # when
    full = client.get(f"/tasks/{progress.pk}/")
    partial = client.get(f"/tasks/{progress.pk}/", HTTP_HX_REQUEST="true")
    # then
    assert 'hx-trigger="every 1s"' in full.text
    assert partial.text.lstrip().startswith('<div id="task-progress"')
    assert 'value="8"' in partial.text
    assert "<html" not in partial.text


def test_a_failed_task_shows_why(users):
    from tinhso.core.progress import tracked

    progress = TaskProgress.objects.create(label="Load", owner=users[Role.ADMINISTRATOR])
    try:
        with tracked(str(progress.pk)):
            raise RuntimeError("the database went away")
    except RuntimeError:
        pass
    progress.refresh_from_db()
    assert (progress.status, progress.message) == ("failed", "the database went away")

"""Every page works with no internet and under a strict Content-Security-Policy."""

import re

import pytest

from tinhso.core.roles import Role

PAGES = [
    "/",
    "/orgunits/",
    "/orgunits/03388/",
    "/orgunits/add/",
    "/orgunits/import/",
    "/orgunits/load/",
    "/accounts/users/",
    "/accounts/users/add/",
    "/accounts/tokens/",
    "/audit/",
    "/accounts/password/",
    "/monitoring/",
    "/monitoring/setup/",
    "/monitoring/setup/indicators/",
    "/monitoring/reports/",
    "/monitoring/approvals/",
    "/monitoring/import/",
    "/monitoring/export/",
    "/monitoring/review/",
]
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)
# JSON data blocks (Django's json_script) are not run, so the policy does not concern them.
INLINE_SCRIPT = re.compile(
    r"""<script(?![^>]*\b(?:src=|type=["']application/json["']))[^>]*>""", re.IGNORECASE
)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)


def test_the_policy_allows_nothing_from_outside_and_no_inline_code(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_outside_and_have_no_inline_code(client, users, path):
    # given
    client.force_login(users[Role.ADMINISTRATOR])
    # when
    html = client.get(path).content.decode()
    # then
    assert EXTERNAL.findall(html) == []
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []


def test_the_api_docs_work_offline(client):
    html = client.get("/api/docs/").content.decode()
    assert EXTERNAL.findall(html) == []
    assert INLINE_SCRIPT.findall(html) == []
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    init = client.get("/api/docs/?script=")
    assert init.status_code == 200
    assert b"SwaggerUIBundle" in init.content


def test_the_api_docs_have_no_inline_styles(client):
    html = client.get("/api/docs/").content.decode()
    assert "<style" not in html
    assert "/static/tinhso/css/api-docs.css" in html


def test_favicon_ico_leads_to_the_sites_own_icon(client):
    # when
    response = client.get("/favicon.ico")
    # then: to the local icon, for anyone, signed in or not
    assert response.status_code == 301
    assert response["Location"] == "/static/tinhso/favicon.svg"

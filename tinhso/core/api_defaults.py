"""The API defaults named in REST_FRAMEWORK settings, kept apart from DRF's views so the settings
can import them before the views exist (importing views here would be circular)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from tinhso.core.policies import ADD, CHANGE, DELETE, VIEW, Policy

ACTION_TO_POLICY = {
    "list": VIEW,
    "retrieve": VIEW,
    "create": ADD,
    "update": CHANGE,
    "partial_update": CHANGE,
    "destroy": DELETE,
}


class PolicyPermission(permissions.BasePermission):
    """Asks the view's policy; views without one are closed."""

    def has_permission(self, request: Request, view: Any) -> bool:
        policy: Policy | None = getattr(view, "policy", None)
        if policy is None:
            return False
        return policy.can(request.user, policy_action_of(view))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        policy: Policy = view.policy  # type: ignore[attr-defined]
        return policy.can(request.user, policy_action_of(view), obj)


def policy_action_of(view: Any) -> str:
    """The policy action a request is: an explicit ``policy_action`` or the DRF action's."""
    explicit: str | None = getattr(view, "policy_action", None)
    if explicit:
        return explicit
    action = getattr(view, "action", None)
    if action is None:
        return VIEW if view.request.method in permissions.SAFE_METHODS else CHANGE
    return ACTION_TO_POLICY.get(action, VIEW)


class Pagination(PageNumberPagination):
    """Page-number pagination with a client-chosen size, capped so no list is unbounded."""

    page_size_query_param = "page_size"
    max_page_size = 500

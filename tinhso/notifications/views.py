"""The notifications page, opening one (it is marked read), marking all read, and the unread
count the navbar bell shows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView

from tinhso.core.policies import CHANGE, VIEW
from tinhso.core.views import PolicyMixin, ScopedView
from tinhso.notifications import selectors, services
from tinhso.notifications.models import Notification
from tinhso.notifications.permissions import NotificationPolicy

policy = NotificationPolicy()


class NotificationListView(PolicyMixin, ListView):  # type: ignore[type-arg]
    """The user's own notifications, newest first, unread ones highlighted."""

    policy = policy
    policy_action = VIEW
    model = Notification
    paginate_by = 50
    context_object_name = "notifications"
    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["unread"] = selectors.unread_count(self.request.user)
        return context


class NotificationOpenView(ScopedView):
    """Open a notification: mark it read and go to what it is about (else back to the list)."""

    policy = policy
    policy_action = CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        scoped = policy.scope(Notification.objects.all(), request.user, CHANGE)
        notification = get_object_or_404(scoped, pk=pk)
        services.mark_read(actor=request.user, notification=notification)
        link = notification.link
        if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
            return redirect(link)
        return redirect("notifications:list")


class NotificationReadAllView(ScopedView):
    """Mark every notification of the user read."""

    policy = policy
    policy_action = CHANGE

    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.mark_all_read(actor=request.user)
        message = ngettext(
            "%(count)s notification marked read.", "%(count)s notifications marked read.", count
        )
        messages.success(request, message % {"count": count} if count else _("Nothing unread."))
        return redirect("notifications:list")


class NotificationUnreadCountView(View):
    """The bell's unread count as JSON, fetched by the page after it loaded (so pages pay no
    query for it); a visitor whose session ended gets 204 and the bell stays as it was."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return HttpResponse(status=204)
        unread = selectors.unread_count(request.user)
        label = ngettext(
            "%(count)s unread notification", "%(count)s unread notifications", unread
        ) % {"count": unread}
        return JsonResponse({"unread": unread, "label": label})

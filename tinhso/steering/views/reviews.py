"""The center's review queue: completions reported with their product and requests for a later
deadline, the longest waiting first; each accepted, or returned with a note."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from tinhso.core.views import ScopedObjectMixin, ScopedView, add_service_errors
from tinhso.steering import services
from tinhso.steering.choices import Review
from tinhso.steering.forms.progress import ACCEPT, RETURN, DecisionForm
from tinhso.steering.models import ExtensionRequest, ProgressReport
from tinhso.steering.permissions import DECIDE
from tinhso.steering.views.common import record_policy

PAGE_SIZE = 25
TEMPLATE = "steering/review_queue.html"
COMPLETION, EXTENSION = "completion", "extension"


def render_queue(
    request: HttpRequest, failed: tuple[str, int, DecisionForm] | None = None
) -> HttpResponse:
    """The queue; ``failed`` is a decision the service refused, shown on its row with why."""
    user = request.user
    completions = record_policy.scope(
        ProgressReport.objects.filter(marks_done=True, review=Review.PENDING), user, DECIDE
    ).select_related("task__lead_unit", "task__directive", "reported_by")
    extensions = record_policy.scope(
        ExtensionRequest.objects.filter(status=Review.PENDING), user, DECIDE
    ).select_related("task__lead_unit", "task__directive", "requested_by")
    context = {
        "completions": Paginator(completions.order_by("reported_at", "pk"), PAGE_SIZE).get_page(
            request.GET.get("completions_page")
        ),
        "extensions": Paginator(extensions.order_by("requested_at", "pk"), PAGE_SIZE).get_page(
            request.GET.get("extensions_page")
        ),
        "failed_kind": failed[0] if failed else "",
        "failed_pk": failed[1] if failed else None,
        "failed_form": failed[2] if failed else None,
    }
    return render(request, TEMPLATE, context)


class ReviewQueueView(ScopedView):
    policy = record_policy
    policy_action = DECIDE

    def get(self, request: HttpRequest) -> HttpResponse:
        return render_queue(request)


class DecideView(ScopedObjectMixin, ScopedView):
    """Accept (the note is optional) or return (the note is required) one waiting item."""

    policy = record_policy
    policy_action = DECIDE
    http_method_names = ["post"]
    kind: ClassVar[str]
    outcomes: ClassVar[dict[str, Promise]]
    note_field: ClassVar[str] = "note"  # the service's name for the note

    def decide(self, item: Any, accept: bool, note: str) -> Model:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.get_object()
        form = DecisionForm(request.POST)
        if not form.is_valid():
            if "decision" in form.errors:  # the buttons always send one
                return HttpResponseBadRequest()
            return render_queue(request, (self.kind, item.pk, form))
        accept = form.cleaned_data["decision"] == ACCEPT
        try:
            self.decide(item, accept, form.cleaned_data["note"])
        except ValidationError as exc:
            exc = self._renamed(exc)
            if "note" in getattr(exc, "error_dict", {}):  # still waiting: say why on its row
                add_service_errors(form, exc)
                return render_queue(request, (self.kind, item.pk, form))
            messages.error(request, " ".join(exc.messages))  # e.g. decided meanwhile
        else:
            messages.success(request, str(self.outcomes[ACCEPT if accept else RETURN]))
        return redirect("steering:reviews")

    def _renamed(self, exc: ValidationError) -> ValidationError:
        if not hasattr(exc, "error_dict") or self.note_field not in exc.error_dict:
            return exc
        errors = dict(exc.error_dict)
        errors["note"] = errors.pop(self.note_field)
        return ValidationError(errors)


class DecideCompletionView(DecideView):
    model = ProgressReport
    kind = COMPLETION
    outcomes = {
        ACCEPT: gettext_lazy("The completion was accepted."),
        RETURN: gettext_lazy("The completion was returned to the unit; the task is open again."),
    }

    def decide(self, item: Any, accept: bool, note: str) -> Model:
        return services.decide_completion(
            actor=self.request.user, report=item, accept=accept, note=note
        )


class DecideExtensionView(DecideView):
    model = ExtensionRequest
    kind = EXTENSION
    note_field = "decision_note"
    outcomes = {
        ACCEPT: gettext_lazy("The extension was accepted; the task's deadline moved."),
        RETURN: gettext_lazy("The extension request was returned to the unit."),
    }

    def decide(self, item: Any, accept: bool, note: str) -> Model:
        return services.decide_extension(
            actor=self.request.user, request=item, accept=accept, note=note
        )

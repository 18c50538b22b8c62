"""The periodic review report: choose a unit, a period range and the letterhead; download the
DOCX or the XLSX. The file is built in the request: at a province's scale it takes about a
second (a handful of aggregate queries and two charts), too little for a background task."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tinhso.core.dates import local_date
from tinhso.core.policies import VIEW
from tinhso.core.views import ScopedView
from tinhso.monitoring.forms.review import ReviewForm
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.monitoring.review.report import FORMATS, file_name, has_demo_data, review_report


class ReviewView(ScopedView):
    """The form (GET), and the file it asks for (POST with ``format`` docx or xlsx)."""

    policy = DataValuePolicy()
    policy_action = VIEW
    template_name = "monitoring/review/review.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, ReviewForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReviewForm(request.POST, user=request.user)
        file_format = request.POST.get("format", "")
        if not form.is_valid():
            return self._page(request, form)
        if file_format not in FORMATS:
            form.add_error(None, _("Choose DOCX or XLSX."))
            return self._page(request, form)
        data = form.cleaned_data
        body = review_report(
            actor=request.user, unit=data["org_unit"], periods=data["periods"],
            letterhead=form.letterhead(demo_data=has_demo_data()), file_format=file_format,
            today=local_date(), group=data["group"],
        )  # fmt: skip
        response = HttpResponse(body, content_type=FORMATS[file_format].content_type)
        name = file_name(data["org_unit"], data["periods"], file_format)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def _page(self, request: HttpRequest, form: ReviewForm) -> HttpResponse:
        return render(request, self.template_name, {"form": form})

"""Pages for signing in, accounts and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.accounts import services
from tinhso.accounts.filtersets import UserFilterSet
from tinhso.accounts.forms import ApiTokenForm, UserForm
from tinhso.accounts.models import ApiToken, User
from tinhso.accounts.permissions import ApiTokenPolicy, UserPolicy
from tinhso.accounts.tables import UserTable
from tinhso.audit.selectors import history_of
from tinhso.core.policies import ADD, CHANGE, DELETE, VIEW
from tinhso.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ScopedView,
    ServiceFormView,
    add_service_errors,
)

user_policy = UserPolicy()
token_policy = ApiTokenPolicy()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-control"
        return form


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: Any) -> HttpResponse:
        user = services.change_own_password(
            actor=self.request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.get_success_url())


class UserListView(ScopedListView):
    policy = user_policy
    model = User
    table_class = UserTable
    filterset_class = UserFilterSet
    queryset = User.objects.select_related("org_unit").prefetch_related("groups")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = user_policy.can(self.request.user, ADD)
        return context


class UserDetailView(ScopedDetailView):
    policy = user_policy
    model = User
    template_name = "accounts/user_detail.html"
    queryset = User.objects.select_related("org_unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["entries"] = history_of(self.object, self.request.user)
        context["can_change"] = user_policy.can(self.request.user, CHANGE, self.object)
        return context


class UserCreateView(ServiceFormView):
    policy = user_policy
    policy_action = ADD
    form_class = UserForm
    cancel_url_name = "accounts:user_list"
    success_message = gettext_lazy("The account was created.")
    extra_context = {"title": gettext_lazy("New user")}

    def perform(self, data: dict[str, Any]) -> User:
        return services.create_user(actor=self.request.user, **data)


class UserEditView(ScopedObjectMixin, ServiceFormView):
    policy = user_policy
    policy_action = CHANGE
    model = User
    form_class = UserForm
    cancel_url_name = "accounts:user_list"
    success_message = gettext_lazy("The account was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        user = self.get_object()
        kwargs["creating"] = False
        kwargs["initial"] = {
            "username": user.username, "full_name": user.full_name, "email": user.email,
            "phone": user.phone, "org_unit": user.org_unit, "is_active": user.is_active,
            "role": user.role.value if user.role else "",
        }  # fmt: skip
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit %(user)s") % {"user": self.get_object()}
        return context

    def perform(self, data: dict[str, Any]) -> User:
        return services.update_user(actor=self.request.user, user=self.get_object(), **data)


class ApiTokenListView(ScopedView):
    """The user's tokens and a form for a new one; a new secret is shown once, right here."""

    policy = token_policy
    policy_action = VIEW
    template_name = "accounts/token_list.html"

    def get(
        self, request: HttpRequest, form: ApiTokenForm | None = None, secret: str = ""
    ) -> HttpResponse:
        tokens = ApiToken.objects.filter(user=request.user)
        context = {"tokens": tokens, "form": form or ApiTokenForm(), "secret": secret}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        try:
            _token, secret = services.create_api_token(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.get(request, form=form)
        return self.get(request, secret=secret)


class ApiTokenRevokeView(ScopedView):
    policy = token_policy
    policy_action = DELETE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        queryset = token_policy.scope(ApiToken.objects.all(), request.user, DELETE)
        token = get_object_or_404(queryset, pk=pk)
        services.revoke_api_token(actor=request.user, token=token)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("accounts:token_list")

"""API authentication by ``Authorization: Bearer <token>``, checked against stored digests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tinhso.accounts.models import ApiToken
from tinhso.accounts.services import digest_of

# Recording every use would write on every request; once a minute is enough to know it is alive.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = _("This API token has expired. Create a new one.")
    default_code = "token_expired"


class TokenRevoked(exceptions.AuthenticationFailed):
    default_detail = _("This API token has been revoked.")
    default_code = "token_revoked"


class TokenInvalid(exceptions.AuthenticationFailed):
    default_detail = _("This API token is not valid.")
    default_code = "token_invalid"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise TokenInvalid
        token = (
            ApiToken.objects.select_related("user", "user__org_unit")
            .filter(digest=digest_of(parts[1].decode(errors="replace")))
            .first()
        )
        if token is None or not token.user.is_active:
            raise TokenInvalid
        if token.revoked_at is not None:
            raise TokenRevoked
        if token.is_expired():
            raise TokenExpired
        self._touch(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)

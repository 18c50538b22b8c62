"""Language selection: Vietnamese pages unless the person chose otherwise; the APIs (ours under
/api/ and the EPCIS interface under /epcis/) follow Accept-Language so that integrators get
messages in their language."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

MACHINE_PREFIXES = ("/api/", "/epcis/")


class LanguageMiddleware(LocaleMiddleware):
    """Pages: the language cookie, else Vietnamese. API: Accept-Language, else Vietnamese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith(MACHINE_PREFIXES):
            language = translation.get_language_from_request(request)
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            if not translation.check_for_language(language):
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    name = "tinhso.traceability"
    label = "traceability"
    verbose_name = _("Traceability")

    def ready(self) -> None:
        # The resolver's memo must learn of every write it shows (resolver.freshness).
        from tinhso.traceability.resolver import freshness

        freshness.connect_signals()

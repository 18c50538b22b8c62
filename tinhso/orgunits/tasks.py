"""Background work on the org tree."""

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.core.progress import tracked
from tinhso.orgunits.official import official_units
from tinhso.orgunits.services import load_province


@task
def load_provinces_task(
    *, progress_id: str, province_codes: list[str], actor_id: int
) -> dict[str, int]:
    """Load provinces one after another; each is all-or-nothing, and progress shows between them."""
    actor = User.objects.get(pk=actor_id)
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    with tracked(progress_id) as progress:
        for done, code in enumerate(province_codes, start=1):
            summary = load_province(actor=actor, province_code=code)
            for key in totals:
                totals[key] += getattr(summary, key)
            progress.step(done, len(province_codes), official_units(code)[0].name)
        progress.finish(
            _("%(created)s units created, %(updated)s updated, %(unchanged)s unchanged.") % totals,
            result_url=reverse("orgunits:list"),
        )
    return totals

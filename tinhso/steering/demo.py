"""The steering demo for Lai Châu: holidays, the 2025 programmes and budget, the 2026 programme,
steering committees, directives and a realistic set of tasks with their progress, so that a
newcomer opens a working steering board. For demonstrations only; the content is in
tinhso.steering.demo_content, which says what is real and what is illustrative.

Every row is written through the steering services, so each is audited as a user's write would
be. The services stamp progress reports, reviews and extension requests with the time of the
call; a board needs a history, so after each such call the demo moves the row's own moments
(reported_at, reviewed_at, requested_at, decided_at; created_at of directives, tasks and
committees) back to the dates of the content. The audit entries keep the time of the load, when
the rows were in fact written.

Running it again adds nothing: every row is looked up by its natural key first (a holiday by
date, a programme by name, an allocation by programme, year and unit or project, a disbursement
by document number, a committee by unit, a directive by number and date, a task by directive and
title); a task's story is told only when the task is created.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext_lazy

from tinhso.accounts.models import User
from tinhso.core.dates import PROVINCE_ZONE
from tinhso.monitoring.models import Indicator
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import committees, services
from tinhso.steering import demo_content as content
from tinhso.steering.choices import Review
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    Holiday,
    Programme,
    SteeringCommittee,
    Task,
)

DEMO_LABEL = gettext_lazy("Demo data")  # "Dữ liệu minh họa", as the monitoring demo says
PROVINCE = "12"
CENTER_USER = "canbo"
# The demo accounts of units (tinhso.accounts.demo) report their units' tasks; the center's
# officer reports the others' on their behalf.
REPORTERS = {"03388": "doanket", "12.SNV": "sonoivu"}
MILLION = Decimal(1_000_000)
FIRST_DOCUMENT = {2025: 112, 2026: 87}  # Sở Tài chính's decision numbers start the year here

NARRATIVES = (
    (30, "Đã xây dựng kế hoạch triển khai, phân công cán bộ phụ trách."),
    (60, "Đã làm được khoảng một nửa khối lượng; đang phối hợp với các đơn vị liên quan."),
    (90, "Cơ bản hoàn thành các nội dung chính; đang hoàn thiện hồ sơ, tài liệu."),
    (100, "Đang hoàn thiện sản phẩm để nghiệm thu."),
)
DONE_NARRATIVE = "Đã hoàn thành nhiệm vụ; gửi kèm sản phẩm."


def demo_label() -> str:
    """The label of illustrative content, in the site's language whoever runs the load."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(DEMO_LABEL)


def load() -> list[str]:
    """Load the steering demo; returns lines to print. Running it again changes nothing."""
    loader = _Loader()
    with transaction.atomic():
        loader.holidays()
        loader.programmes()
        loader.committees()
        loader.directives()
        loader.tasks()
    return loader.lines()


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PROVINCE_ZONE)


def _stamp(obj: Model, **moments: dt.datetime) -> None:
    """Move a row's own moments back to the story's dates (see the module's docstring)."""
    type(obj)._default_manager.filter(pk=obj.pk).update(**moments)
    for name, value in moments.items():
        setattr(obj, name, value)


def _pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (ASCII): the product file of a demo completion."""
    stream = f"BT /F1 16 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )  # fmt: skip
    return body


PRODUCT_PDF = _pdf("Tinh So - san pham minh hoa (demo data)")


class _Loader:
    """Writes the content through the services, counting what it created and what it found."""

    def __init__(self) -> None:
        self.center = _user(CENTER_USER)
        self.reporters = {code: _user(name) for code, name in REPORTERS.items()}
        self.label = demo_label()
        self.units = {unit.code: unit for unit in OrgUnit.objects.all()}
        # Without the monitoring catalogue, tasks are loaded without their indicators.
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.created: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        self.found_programmes: dict[str, Programme] = {}
        self.found_directives: dict[str, Directive] = {}
        self.found_tasks: dict[str, Task] = {}
        self.as_of = max(
            step.on for spec in content.TASKS for step in spec.steps
        )  # nothing in the story happens after its last step

    def labelled(self, text: str) -> str:
        return f"{text} ({self.label})" if text else ""

    def lines(self) -> list[str]:
        kinds = (
            "holidays", "programmes", "allocations", "disbursements", "committees",
            "directives", "tasks", "progress reports", "extension requests",
        )  # fmt: skip
        return [
            f"Steering {kind}: {self.created[kind]} created, {self.unchanged[kind]} unchanged"
            for kind in kinds
        ]

    # Holidays and money --------------------------------------------------------------------

    def holidays(self) -> None:
        known = set(Holiday.objects.values_list("date", flat=True))
        for day, name in content.HOLIDAYS:
            if day in known:
                self.unchanged["holidays"] += 1
                continue
            services.create_holiday(actor=self.center, date=day, name=name)
            self.created["holidays"] += 1

    def programmes(self) -> None:
        numbers = _document_numbers()
        for spec in content.PROGRAMMES:
            name = self.labelled(spec.name) if spec.illustrative else spec.name
            programme = Programme.objects.filter(name=name).first()
            if programme is None:
                programme = services.create_programme(
                    actor=self.center, name=name, first_year=spec.year, last_year=spec.year
                )
                self.created["programmes"] += 1
            else:
                self.unchanged["programmes"] += 1
            self.found_programmes[spec.key] = programme
            for index, allocation in enumerate(spec.allocations):
                self.allocation(programme, spec, allocation, numbers[spec.key, index])

    def allocation(
        self,
        programme: Programme,
        spec: content.ProgrammeSpec,
        allocation_spec: content.AllocationSpec,
        numbers: list[str],
    ) -> None:
        unit = self.units[allocation_spec.unit] if allocation_spec.unit else None
        allocation = Allocation.objects.filter(
            programme=programme, year=spec.year, org_unit=unit, project=allocation_spec.project
        ).first()
        if allocation is None:
            allocation = services.create_allocation(
                actor=self.center, programme=programme, year=spec.year, org_unit=unit,
                project=allocation_spec.project, amount=allocation_spec.amount,
            )  # fmt: skip
            self.created["allocations"] += 1
        else:
            self.unchanged["allocations"] += 1
        what = allocation_spec.project or (unit.name if unit else "")
        paid, share = Decimal(0), 0
        for wave, ((day, percent), number) in enumerate(
            zip(allocation_spec.paid, numbers, strict=True), start=1
        ):
            share += percent
            amount = _amount(allocation_spec.amount, share) - paid
            paid += amount
            if Disbursement.objects.filter(allocation=allocation, document_number=number).exists():
                self.unchanged["disbursements"] += 1
                continue
            services.record_disbursement(
                actor=self.center, allocation=allocation, date=day, document_number=number,
                amount=amount, note=self.labelled(f"Giải ngân đợt {wave}: {what}"),
            )  # fmt: skip
            self.created["disbursements"] += 1

    # Committees -----------------------------------------------------------------------------

    def committees(self) -> None:
        """The agencies' and the communes' committees, then the indicator counted once."""
        taken = set(SteeringCommittee.objects.values_list("org_unit__code", flat=True))
        with committees.deferred_sync(self.center):
            for code, head, decided in content.COMMITTEE_AGENCIES:
                abbreviation = code.split(".", 1)[1]
                number = f"{_seeded(10, 60, 'committee', code)}/QĐ-{abbreviation}"
                self.committee(taken, code, number, decided, head, content.AGENCY_MEMBERS)
            localities = self.localities()
            for index, unit in enumerate(localities):
                decided = _commune_decision_day(index, len(localities))
                number = f"{_seeded(15, 95, 'committee', unit.code)}/QĐ-UBND"
                head = f"Chủ tịch UBND {unit.name[0].lower()}{unit.name[1:]}"
                self.committee(taken, unit.code, number, decided, head, content.COMMUNE_MEMBERS)

    def localities(self) -> list[OrgUnit]:
        prefix = f"{PROVINCE}/"
        return sorted(
            (u for u in self.units.values() if u.kind in LOCAL_KINDS and u.path.startswith(prefix)),
            key=lambda unit: unit.path,
        )

    def committee(
        self, taken: set[str], code: str, number: str, decided: dt.date, head: str, members: str
    ) -> None:
        if code in taken:
            self.unchanged["committees"] += 1
            return
        committee = services.record_steering_committee(
            actor=self.center, org_unit=self.units[code], decision_number=number,
            decision_date=decided, head=head, members=self.labelled(members),
        )  # fmt: skip
        _stamp(committee, created_at=_moment(decided, 16))
        self.created["committees"] += 1

    # Directives and tasks -------------------------------------------------------------------

    def directives(self) -> None:
        for spec in content.DIRECTIVES:
            directive = Directive.objects.filter(number=spec.number, date=spec.date).first()
            if directive is None:
                summary = self.labelled(spec.summary) if spec.illustrative else spec.summary
                directive = services.create_directive(
                    actor=self.center, number=spec.number, date=spec.date,
                    issuing_body=spec.issuing_body, type=spec.type, summary=summary,
                )  # fmt: skip
                _stamp(directive, created_at=_moment(spec.date, 17))
                self.created["directives"] += 1
            else:
                self.unchanged["directives"] += 1
            self.found_directives[spec.key] = directive

    def tasks(self) -> None:
        for spec in content.TASKS:
            directive = self.found_directives[spec.directive]
            task = Task.objects.filter(directive=directive, title=spec.title).first()
            if task is None:
                task = self.task(spec, directive)
                self.created["tasks"] += 1
                for step in spec.steps:
                    self.step(task, step)
            else:
                self.unchanged["tasks"] += 1
                self.unchanged["progress reports"] += task.progress_reports.count()
                self.unchanged["extension requests"] += task.extension_requests.count()
            self.found_tasks[spec.key] = task

    def task(self, spec: content.TaskSpec, directive: Directive) -> Task:
        lead = self.units[spec.lead]
        task = services.create_task(
            actor=self.center, directive=directive,
            parent=self.found_tasks[spec.parent] if spec.parent else None, level=spec.level,
            title=spec.title, lead_unit=lead, deadline=spec.deadline, recurrence=spec.recurrence,
            first_due=spec.first_due, last_due=spec.last_due,
            expected_product=self.labelled(spec.product),
            programme=self.found_programmes[spec.programme] if spec.programme else None,
            co_units=[self.units[code] for code in spec.co],
            indicators=[self.indicators[c] for c in spec.indicators if c in self.indicators],
        )  # fmt: skip
        assigned = max(directive.date, lead.valid_from or directive.date) + dt.timedelta(days=7)
        if spec.steps:
            assigned = min(assigned, spec.steps[0].on - dt.timedelta(days=1))
        _stamp(task, created_at=_moment(assigned, 8))
        return task

    def step(self, task: Task, step: content.Step) -> None:
        if isinstance(step, content.Progress):
            self.progress(task, step)
        elif isinstance(step, content.Extension):
            self.extension(task, step)
        else:
            services.cancel_task(actor=self.center, task=task, on=step.on)

    def reporter(self, task: Task) -> User:
        return self.reporters.get(task.lead_unit.code) or self.center

    def progress(self, task: Task, step: content.Progress) -> None:
        reporter = self.reporter(task)
        text = step.text or (DONE_NARRATIVE if step.done else _narrative(step.percent))
        if reporter == self.center:
            unit = task.lead_unit
            text = f"Theo báo cáo của {unit.short_name or unit.name}: {text[0].lower()}{text[1:]}"
        product = ContentFile(PRODUCT_PDF, name=f"san-pham-{step.on:%Y%m%d}.pdf")
        report = services.post_progress(
            actor=reporter, task=task, percent=step.percent, narrative=self.labelled(text),
            marks_done=step.done, product=product if step.done else None,
        )  # fmt: skip
        _stamp(report, reported_at=_moment(step.on, 15, 30))
        self.created["progress reports"] += 1
        if step.done and step.review != Review.PENDING:
            services.decide_completion(
                actor=self.center, report=report, accept=step.review == Review.ACCEPTED,
                note=self.labelled(step.note),
            )  # fmt: skip
            reviewed = min(step.on + dt.timedelta(days=step.review_days), self.as_of)
            _stamp(report, reviewed_at=_moment(reviewed, 10))

    def extension(self, task: Task, step: content.Extension) -> None:
        request = services.request_extension(
            actor=self.reporter(task), task=task, requested_deadline=step.to,
            reason=self.labelled(step.reason),
        )  # fmt: skip
        _stamp(request, requested_at=_moment(step.on, 14))
        self.created["extension requests"] += 1
        if step.decision != Review.PENDING:
            services.decide_extension(
                actor=self.center, request=request, accept=step.decision == Review.ACCEPTED,
                note=self.labelled(step.note),
            )  # fmt: skip
            _stamp(request, decided_at=_moment(step.on + dt.timedelta(days=3), 9))
            task.refresh_from_db()


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ImproperlyConfigured(
            f"The steering demo needs the account {username!r}: load tinhso.accounts.demo first."
        )
    return user


def _narrative(percent: int) -> str:
    return next(text for below, text in NARRATIVES if percent < below or below == 100)


def _amount(allocated: Decimal, percent: int) -> Decimal:
    """``percent`` of an allocation, rounded to the million; the whole of it at 100 %."""
    if percent >= 100:
        return allocated
    share = allocated * percent / 100 / MILLION
    return share.quantize(Decimal(1), rounding=ROUND_HALF_UP) * MILLION


def _document_numbers() -> dict[tuple[str, int], list[str]]:
    """The Department of Finance's decision number of every disbursement, rising through each
    year in date order: {(programme key, allocation index): [numbers in payment order]}."""
    payments = sorted(
        (day, spec.key, index, wave)
        for spec in content.PROGRAMMES
        for index, allocation in enumerate(spec.allocations)
        for wave, (day, _percent) in enumerate(allocation.paid)
    )
    numbers: dict[tuple[str, int], list[str]] = {
        (spec.key, index): []
        for spec in content.PROGRAMMES
        for index in range(len(spec.allocations))
    }
    rng = random.Random("tinhso-steering-demo:documents")
    current: dict[int, int] = dict(FIRST_DOCUMENT)
    for day, key, index, _wave in payments:
        current[day.year] += rng.randint(6, 40)
        numbers[key, index].append(f"{current[day.year]}/QĐ-STC")
    return numbers


def _seeded(low: int, high: int, *parts: object) -> int:
    return random.Random(":".join(["tinhso-steering-demo", *map(str, parts)])).randint(low, high)


def _commune_decision_day(index: int, count: int) -> dt.date:
    """Spread the communes' decisions over the weeks after 1/7/2025, on working days."""
    day = content.COMMUNE_COMMITTEES_FROM + dt.timedelta(
        days=index * content.COMMUNE_COMMITTEES_DAYS // max(count, 1)
    )
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day

"""The task form of the center's pages. It only shapes the input; the services check the
deadline or recurrence, the parent and the units, and name the field that is wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import BootstrapMixin
from tinhso.monitoring.models import Indicator
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.choices import Recurrence, TaskLevel
from tinhso.steering.forms.directives import DATE_WIDGET
from tinhso.steering.models import Directive, Programme, Task


class DirectiveChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} ({obj.date:%d/%m/%Y})"


class TaskChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.directive.number} · {obj.title}"


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class IndicatorMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.name}"


MANY = _("Hold Ctrl (⌘ on a Mac) to choose several.")


def _units() -> Any:
    return OrgUnit.objects.active().order_by("path")


class TaskForm(BootstrapMixin, forms.Form):
    """A task: its directive and place in the tree, the units, the deadline or recurrence, the
    expected product, the indicators it moves and the programme that funds it."""

    directive = DirectiveChoiceField(label=_("Directive"), queryset=Directive.objects.all())
    parent = TaskChoiceField(
        label=_("Parent task"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("None (a top-level task)"),
        help_text=_("A task of the same directive, at the same level or above."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=TaskLevel.choices)
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=OrgUnit.objects.none())
    co_units = UnitMultipleChoiceField(
        label=_("Co-operating units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=MANY,
    )
    recurrence = forms.ChoiceField(
        label=_("Recurrence"),
        choices=Recurrence.choices,
        help_text=_("A one-off task has a deadline; a recurring one a first due date."),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE_WIDGET)
    first_due = forms.DateField(label=_("First due date"), required=False, widget=DATE_WIDGET)
    last_due = forms.DateField(
        label=_("Last due date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("A recurring task ends with the last occurrence due on or before this date."),
    )
    expected_product = forms.CharField(
        label=_("Expected product"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicators = IndicatorMultipleChoiceField(
        label=_("Monitoring indicators"),
        queryset=Indicator.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MANY,
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(
        self,
        *args: Any,
        task: Task | None = None,
        directive: Directive | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = _units()  # type: ignore[attr-defined]
        parents = Task.objects.select_related("directive").order_by("directive", "pk")
        directive = task.directive if task else directive
        if directive is not None:  # the service refuses a parent of another directive anyway
            parents = parents.filter(directive=directive)
        if task is not None:
            parents = parents.exclude(pk=task.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, task: Task) -> dict[str, Any]:
        """The form's values for an existing task; many-to-many fields as lists."""
        initial = {}
        for name in cls.base_fields:
            value = getattr(task, name)
            initial[name] = list(value.all()) if hasattr(value, "all") else value
        return initial

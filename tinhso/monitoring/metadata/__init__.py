"""Every write to monitoring metadata: disaggregation categories and their options, data
elements, indicator groups, indicators, validation rules, data sets and targets. Center staff and
administrators.

Codes are how everything else names metadata: dataValueSets files and the API address elements,
options and data sets by code, and the expressions of indicators and validation rules read
``#{ELEMENT.OPTION}``. So a code stays fixed once something refers to it: an element's once
values are reported for it or an expression names it; an option's likewise; a category's once
its options hold values; a data set's once a unit has a report of it; an indicator's once it has
targets. Group and rule codes stay free.
What stored values depend on is fixed with them: an element's category and value type, a data
set's period type. ``fixed_fields`` says which fields of an object are fixed and why.

Nothing that data refer to is ever deleted; unreferenced metadata may be, and that is audited.

The services live by room (``categories``, ``elements``, ``indicators``, ``rules``,
``data_sets``, ``targets``; ``fixed`` and ``common`` hold what they share); callers use them from
here.
"""

from tinhso.monitoring.metadata.categories import (
    CATEGORY_FIELDS,
    OptionSpec,
    create_category,
    delete_category,
    update_category,
)
from tinhso.monitoring.metadata.common import CODED, policy
from tinhso.monitoring.metadata.data_sets import (
    DATA_SET_FIELDS,
    create_data_set,
    delete_data_set,
    update_data_set,
)
from tinhso.monitoring.metadata.elements import (
    ELEMENT_FIELDS,
    create_data_element,
    delete_data_element,
    update_data_element,
)
from tinhso.monitoring.metadata.fixed import fixed_fields
from tinhso.monitoring.metadata.indicators import (
    GROUP_FIELDS,
    INDICATOR_FIELDS,
    create_indicator,
    create_indicator_group,
    delete_indicator,
    delete_indicator_group,
    update_indicator,
    update_indicator_group,
)
from tinhso.monitoring.metadata.rules import (
    RULE_FIELDS,
    create_validation_rule,
    delete_validation_rule,
    update_validation_rule,
)
from tinhso.monitoring.metadata.targets import (
    FIRST_YEAR,
    LAST_YEAR,
    TARGET_FIELDS,
    create_target,
    delete_target,
    update_target,
)

__all__ = [
    "CATEGORY_FIELDS",
    "CODED",
    "DATA_SET_FIELDS",
    "ELEMENT_FIELDS",
    "FIRST_YEAR",
    "GROUP_FIELDS",
    "INDICATOR_FIELDS",
    "LAST_YEAR",
    "RULE_FIELDS",
    "TARGET_FIELDS",
    "OptionSpec",
    "create_category",
    "create_data_element",
    "create_data_set",
    "create_indicator",
    "create_indicator_group",
    "create_target",
    "create_validation_rule",
    "delete_category",
    "delete_data_element",
    "delete_data_set",
    "delete_indicator",
    "delete_indicator_group",
    "delete_target",
    "delete_validation_rule",
    "fixed_fields",
    "policy",
    "update_category",
    "update_data_element",
    "update_data_set",
    "update_indicator",
    "update_indicator_group",
    "update_target",
    "update_validation_rule",
]

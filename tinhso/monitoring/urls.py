from django.urls import path

from tinhso.monitoring.views import dashboard, metadata, reporting, review, transfer

app_name = "monitoring"
urlpatterns: list = [
    # -- metadata: data elements, categories, indicators, groups, data sets, targets --
    path("setup/", metadata.SetupView.as_view(), name="setup"),
    path("setup/categories/", metadata.CategoryListView.as_view(), name="category_list"),
    path("setup/categories/add/", metadata.CategoryCreateView.as_view(), name="category_create"),
    path("setup/categories/<code>/", metadata.CategoryDetailView.as_view(), name="category_detail"),
    path(
        "setup/categories/<code>/edit/", metadata.CategoryEditView.as_view(), name="category_edit"
    ),
    path(
        "setup/categories/<code>/delete/",
        metadata.CategoryDeleteView.as_view(),
        name="category_delete",
    ),
    path("setup/elements/", metadata.DataElementListView.as_view(), name="element_list"),
    path("setup/elements/add/", metadata.DataElementCreateView.as_view(), name="element_create"),
    path("setup/elements/<code>/", metadata.DataElementDetailView.as_view(), name="element_detail"),
    path(
        "setup/elements/<code>/edit/", metadata.DataElementEditView.as_view(), name="element_edit"
    ),
    path(
        "setup/elements/<code>/delete/",
        metadata.DataElementDeleteView.as_view(),
        name="element_delete",
    ),
    path("setup/groups/", metadata.IndicatorGroupListView.as_view(), name="group_list"),
    path("setup/groups/add/", metadata.IndicatorGroupCreateView.as_view(), name="group_create"),
    path("setup/groups/<code>/", metadata.IndicatorGroupDetailView.as_view(), name="group_detail"),
    path("setup/groups/<code>/edit/", metadata.IndicatorGroupEditView.as_view(), name="group_edit"),
    path(
        "setup/groups/<code>/delete/",
        metadata.IndicatorGroupDeleteView.as_view(),
        name="group_delete",
    ),
    path("setup/indicators/", metadata.IndicatorListView.as_view(), name="indicator_list"),
    path("setup/indicators/add/", metadata.IndicatorCreateView.as_view(), name="indicator_create"),
    path(
        "setup/indicators/<code>/", metadata.IndicatorDetailView.as_view(), name="indicator_detail"
    ),
    path(
        "setup/indicators/<code>/edit/", metadata.IndicatorEditView.as_view(), name="indicator_edit"
    ),
    path(
        "setup/indicators/<code>/delete/",
        metadata.IndicatorDeleteView.as_view(),
        name="indicator_delete",
    ),
    path("setup/datasets/", metadata.DataSetListView.as_view(), name="dataset_list"),
    path("setup/datasets/add/", metadata.DataSetCreateView.as_view(), name="dataset_create"),
    path("setup/datasets/<code>/", metadata.DataSetDetailView.as_view(), name="dataset_detail"),
    path("setup/datasets/<code>/edit/", metadata.DataSetEditView.as_view(), name="dataset_edit"),
    path(
        "setup/datasets/<code>/delete/", metadata.DataSetDeleteView.as_view(), name="dataset_delete"
    ),
    path("setup/targets/", metadata.TargetListView.as_view(), name="target_list"),
    path("setup/targets/add/", metadata.TargetCreateView.as_view(), name="target_create"),
    path("setup/targets/<int:pk>/", metadata.TargetDetailView.as_view(), name="target_detail"),
    path("setup/targets/<int:pk>/edit/", metadata.TargetEditView.as_view(), name="target_edit"),
    path(
        "setup/targets/<int:pk>/delete/", metadata.TargetDeleteView.as_view(), name="target_delete"
    ),
    path("setup/rules/", metadata.ValidationRuleListView.as_view(), name="rule_list"),
    path("setup/rules/add/", metadata.ValidationRuleCreateView.as_view(), name="rule_create"),
    path("setup/rules/<code>/", metadata.ValidationRuleDetailView.as_view(), name="rule_detail"),
    path("setup/rules/<code>/edit/", metadata.ValidationRuleEditView.as_view(), name="rule_edit"),
    path(
        "setup/rules/<code>/delete/",
        metadata.ValidationRuleDeleteView.as_view(),
        name="rule_delete",
    ),
    # -- reporting: a unit's reports, the form, the approval queue --
    path("reports/", reporting.ReportListView.as_view(), name="report_list"),
    path("reports/evidence/<int:pk>/", reporting.EvidenceView.as_view(), name="evidence"),
    path(
        "reports/<str:data_set>/<str:unit>/<str:period>/",
        reporting.ReportFormView.as_view(),
        name="report_form",
    ),
    path("approvals/", reporting.ApprovalQueueView.as_view(), name="approval_queue"),
    # -- transfer: bulk import/export, Excel templates --
    path("import/", transfer.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", transfer.ImportResultView.as_view(), name="import_result"),
    path("export/", transfer.ExportView.as_view(), name="export"),
    path("template/", transfer.TemplateDownloadView.as_view(), name="template"),
    # -- review: the periodic report --
    path("review/", review.ReviewView.as_view(), name="review"),
    # -- dashboard: the IOC --
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
]

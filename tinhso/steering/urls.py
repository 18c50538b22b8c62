from django.urls import path

from tinhso.steering.views import board, directives, reviews, tasks
from tinhso.steering.views import committees as committee_views
from tinhso.steering.views import dashboard as dashboard_views
from tinhso.steering.views import holidays as holiday_views
from tinhso.steering.views import imports as task_import
from tinhso.steering.views import money as money_views

app_name = "steering"
urlpatterns: list = [
    # -- board, my tasks, directives, tasks, progress and the review queue --
    path("", board.BoardView.as_view(), name="board"),
    path("mine/", board.MyTasksView.as_view(), name="my_tasks"),
    path("directives/", directives.DirectiveListView.as_view(), name="directive_list"),
    path("directives/add/", directives.DirectiveCreateView.as_view(), name="directive_create"),
    path("directives/<int:pk>/", directives.DirectiveDetailView.as_view(), name="directive_detail"),
    path(
        "directives/<int:pk>/edit/", directives.DirectiveEditView.as_view(), name="directive_edit"
    ),
    path(
        "directives/<int:pk>/attachment/",
        directives.DirectiveAttachmentView.as_view(),
        name="directive_attachment",
    ),
    path("tasks/add/", tasks.TaskCreateView.as_view(), name="task_create"),
    path("tasks/<int:pk>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/cancel/", tasks.TaskCancelView.as_view(), name="task_cancel"),
    path("tasks/<int:pk>/progress/", tasks.ProgressView.as_view(), name="task_progress"),
    path("tasks/<int:pk>/done/", tasks.DoneView.as_view(), name="task_done"),
    path("tasks/<int:pk>/extension/", tasks.ExtensionView.as_view(), name="task_extension"),
    path("progress/<int:pk>/evidence/", tasks.EvidenceView.as_view(), name="progress_evidence"),
    path("progress/<int:pk>/product/", tasks.ProductView.as_view(), name="progress_product"),
    path("reviews/", reviews.ReviewQueueView.as_view(), name="reviews"),
    path(
        "reviews/completions/<int:pk>/",
        reviews.DecideCompletionView.as_view(),
        name="decide_completion",
    ),
    path(
        "reviews/extensions/<int:pk>/",
        reviews.DecideExtensionView.as_view(),
        name="decide_extension",
    ),
    # -- programmes, allocations and disbursements; steering committees; holidays --
    path("programmes/", money_views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/add/", money_views.ProgrammeCreateView.as_view(), name="programme_create"),
    path(
        "programmes/<int:pk>/", money_views.ProgrammeDetailView.as_view(), name="programme_detail"
    ),
    path(
        "programmes/<int:pk>/edit/", money_views.ProgrammeEditView.as_view(), name="programme_edit"
    ),
    path(
        "programmes/<int:pk>/allocations/add/",
        money_views.AllocationCreateView.as_view(),
        name="allocation_create",
    ),
    path(
        "allocations/<int:pk>/",
        money_views.AllocationDetailView.as_view(),
        name="allocation_detail",
    ),
    path(
        "allocations/<int:pk>/edit/",
        money_views.AllocationEditView.as_view(),
        name="allocation_edit",
    ),
    path(
        "allocations/<int:pk>/disburse/",
        money_views.DisbursementCreateView.as_view(),
        name="disbursement_create",
    ),
    path("committees/", committee_views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/add/", committee_views.CommitteeCreateView.as_view(), name="committee_create"),
    path(
        "committees/<int:pk>/",
        committee_views.CommitteeDetailView.as_view(),
        name="committee_detail",
    ),
    path(
        "committees/<int:pk>/edit/",
        committee_views.CommitteeEditView.as_view(),
        name="committee_edit",
    ),
    path("holidays/", holiday_views.HolidayListView.as_view(), name="holiday_list"),
    path("holidays/add/", holiday_views.HolidayCreateView.as_view(), name="holiday_create"),
    path("holidays/<int:pk>/edit/", holiday_views.HolidayEditView.as_view(), name="holiday_edit"),
    path(
        "holidays/<int:pk>/delete/",
        holiday_views.HolidayDeleteView.as_view(),
        name="holiday_delete",
    ),
    # -- task import from Excel --
    path("tasks/import/", task_import.TaskImportView.as_view(), name="import"),
    path(
        "tasks/import/template/",
        task_import.TemplateDownloadView.as_view(),
        name="import_template",
    ),
    path(
        "tasks/import/result/<uuid:pk>/",
        task_import.TaskImportResultView.as_view(),
        name="import_result",
    ),
    # -- dashboard, XLSX export and the Decree 30 progress report --
    path("dashboard/", dashboard_views.DashboardView.as_view(), name="dashboard"),
    path("report/", dashboard_views.ReportView.as_view(), name="report"),
]

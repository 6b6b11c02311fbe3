# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/findings/", views.findings_list, name="findings"),
    path("data/", views.data, name="data"),
    path("data/workbook.<str:fmt>", views.download, name="download"),
    path("data/import/", views.import_export, name="import_export"),
    path("report.<str:fmt>", views.report, name="report"),
    path("report/pdf/", views.report_pdf, name="report_pdf"),
    path("analyse/", views.analyse, name="analyse"),
    path("runs/<int:pk>/", views.run_status, name="run_status"),
    path("findings/dismiss/", views.dismiss, name="dismiss"),
    path("actions/", views.actions, name="actions"),
    path("actions/new/", views.create_action, name="create_action"),
    path("actions/<int:pk>/toggle/", views.toggle_action, name="toggle_action"),
    path("reviews/", views.reviews, name="reviews"),
]

# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.backtests import views

app_name = "backtests"
urlpatterns = [
    path("", views.page, name="page"),
    path("run/", views.start, name="start"),
    path("runs/<int:pk>/", views.status, name="status"),
]

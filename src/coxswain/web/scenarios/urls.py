# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.scenarios import views

app_name = "scenarios"
urlpatterns = [
    path("", views.page, name="page"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/changes/", views.add_change, name="add_change"),
    path("<int:pk>/changes/<int:index>/remove/", views.remove_change, name="remove_change"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("run/", views.start, name="start"),
    path("runs/<int:pk>/", views.status, name="status"),
]

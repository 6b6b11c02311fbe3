# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.checkins import views

app_name = "checkins"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("results/", views.results, name="results"),
    path("people/<slug:slug>/", views.person, name="person"),
]

# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.start, name="start"),
    path("strategy/", views.wizard, name="wizard"),
    path("first/", views.first, name="first"),
    path("sample.xlsx", views.sample_xlsx, name="sample_xlsx"),
    path("sample/", views.sample, name="sample"),
]

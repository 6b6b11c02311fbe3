# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.api.api import api

urlpatterns = [path("", api.urls)]

from django.urls import path

from coxswain.web.api.api import api

urlpatterns = [path("", api.urls)]

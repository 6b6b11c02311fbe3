# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("company/", views.profile, name="profile"),
    path("map/", views.strategy_map, name="map"),
    path("cascade/", views.cascade, name="cascade"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_edit, name="person_new"),
    path("people/<slug:slug>/", views.person_edit, name="person_edit"),
    path("people/<slug:slug>/forget/", views.person_forget, name="person_forget"),
    path("people/<slug:slug>/data.json", views.person_export, name="person_export"),
    path("audit/", views.audit, name="audit"),
    path("audit/<int:pk>/restore/", views.restore, name="restore"),
    path("<str:kind>/new/", views.edit, name="new"),
    path("<str:kind>/<slug:slug>/", views.edit, name="edit"),
    path("<str:kind>/<slug:slug>/delete/", views.delete, name="delete"),
]

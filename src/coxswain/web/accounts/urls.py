# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.contrib.auth.views import LogoutView
from django.urls import path

from coxswain.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.CoxswainLoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("two-factor/", views.two_factor_page, name="two_factor"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("invite/<str:token>/", views.accept_invitation, name="accept"),
    path("team/", views.team, name="team"),
    path("settings/", views.settings_page, name="settings"),
    path("switch/", views.switch_organisation, name="switch"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
]

# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.apps import AppConfig


class Config(AppConfig):
    name = "coxswain.web.scenarios"
    label = "scenarios"
    default_auto_field = "django.db.models.BigAutoField"

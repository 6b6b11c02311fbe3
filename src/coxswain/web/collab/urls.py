# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from django.urls import path

from coxswain.web.collab import views

app_name = "collab"
urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.open_notification, name="open_notification"),
    path("findings/<path:finding_id>/", views.finding, name="finding"),
    path("goals/<slug:goal_id>/", views.goal, name="goal"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/edit/", views.edit_action, name="edit_action"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("overdue-checkins/", views.overdue_checkins, name="overdue_checkins"),
    path("chat/", views.chat_settings, name="chat"),
    path("webhooks/", views.webhooks_page, name="webhooks"),
    path("webhooks/<int:pk>/", views.webhook, name="webhook"),
    path("export/findings.<str:fmt>", views.export_findings, name="export_findings"),
    path("export/actions.<str:fmt>", views.export_actions, name="export_actions"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]

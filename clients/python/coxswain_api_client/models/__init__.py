"""Contains all the data models used in inputs/outputs"""

from .action_in import ActionIn
from .action_out import ActionOut
from .action_update_in import ActionUpdateIn
from .automation import Automation
from .automation_effects import AutomationEffects
from .backtest_detail_out import BacktestDetailOut
from .backtest_detail_out_result_type_0 import BacktestDetailOutResultType0
from .backtest_in import BacktestIn
from .backtest_in_every import BacktestInEvery
from .backtest_out import BacktestOut
from .capability import Capability
from .check_in_in import CheckInIn
from .check_in_out import CheckInOut
from .comment_in import CommentIn
from .comment_out import CommentOut
from .comment_update_in import CommentUpdateIn
from .comments_query import CommentsQuery
from .direction import Direction
from .dismissal_in import DismissalIn
from .dismissal_out import DismissalOut
from .dismissed_out import DismissedOut
from .error_out import ErrorOut
from .finding_out import FindingOut
from .finding_out_evidence import FindingOutEvidence
from .goal import Goal
from .initiative import Initiative
from .initiative_effects import InitiativeEffects
from .initiative_status import InitiativeStatus
from .invalid_request import InvalidRequest
from .invalid_request_detail_item import InvalidRequestDetailItem
from .key_result import KeyResult
from .kpi import Kpi
from .kpi_kind import KpiKind
from .kpi_out import KpiOut
from .kpi_value_in import KpiValueIn
from .kpi_values_out import KpiValuesOut
from .kr_update_in import KrUpdateIn
from .list_comments_subject import ListCommentsSubject
from .mark_read_in import MarkReadIn
from .marked_out import MarkedOut
from .notification_out import NotificationOut
from .notifications_query import NotificationsQuery
from .objective import Objective
from .objective_out import ObjectiveOut
from .person_in import PersonIn
from .person_out import PersonOut
from .perspective import Perspective
from .placed_problems_out import PlacedProblemsOut
from .placed_problems_out_fields import PlacedProblemsOutFields
from .plan_step_out import PlanStepOut
from .posted_out import PostedOut
from .profile_in import ProfileIn
from .profile_out import ProfileOut
from .result_out import ResultOut
from .result_out_components import ResultOutComponents
from .review_in import ReviewIn
from .review_kind import ReviewKind
from .review_out import ReviewOut
from .run_in import RunIn
from .run_out import RunOut
from .scenario_in import ScenarioIn
from .scenario_in_changes_item import ScenarioInChangesItem
from .scenario_out import ScenarioOut
from .scenario_out_changes_item import ScenarioOutChangesItem
from .scenario_run_detail_out import ScenarioRunDetailOut
from .scenario_run_detail_out_result_type_0 import ScenarioRunDetailOutResultType0
from .scenario_run_in import ScenarioRunIn
from .scenario_run_out import ScenarioRunOut
from .stake_out import StakeOut
from .story_out import StoryOut
from .subject import Subject
from .team import Team
from .unauthorized import Unauthorized
from .value import Value
from .webhook_delivery_out import WebhookDeliveryOut
from .webhook_delivery_out_payload import WebhookDeliveryOutPayload
from .webhook_endpoint_in import WebhookEndpointIn
from .webhook_endpoint_out import WebhookEndpointOut
from .webhook_endpoint_patch import WebhookEndpointPatch

__all__ = (
    "ActionIn",
    "ActionOut",
    "ActionUpdateIn",
    "Automation",
    "AutomationEffects",
    "BacktestDetailOut",
    "BacktestDetailOutResultType0",
    "BacktestIn",
    "BacktestInEvery",
    "BacktestOut",
    "Capability",
    "CheckInIn",
    "CheckInOut",
    "CommentIn",
    "CommentOut",
    "CommentsQuery",
    "CommentUpdateIn",
    "Direction",
    "DismissalIn",
    "DismissalOut",
    "DismissedOut",
    "ErrorOut",
    "FindingOut",
    "FindingOutEvidence",
    "Goal",
    "Initiative",
    "InitiativeEffects",
    "InitiativeStatus",
    "InvalidRequest",
    "InvalidRequestDetailItem",
    "KeyResult",
    "Kpi",
    "KpiKind",
    "KpiOut",
    "KpiValueIn",
    "KpiValuesOut",
    "KrUpdateIn",
    "ListCommentsSubject",
    "MarkedOut",
    "MarkReadIn",
    "NotificationOut",
    "NotificationsQuery",
    "Objective",
    "ObjectiveOut",
    "PersonIn",
    "PersonOut",
    "Perspective",
    "PlacedProblemsOut",
    "PlacedProblemsOutFields",
    "PlanStepOut",
    "PostedOut",
    "ProfileIn",
    "ProfileOut",
    "ResultOut",
    "ResultOutComponents",
    "ReviewIn",
    "ReviewKind",
    "ReviewOut",
    "RunIn",
    "RunOut",
    "ScenarioIn",
    "ScenarioInChangesItem",
    "ScenarioOut",
    "ScenarioOutChangesItem",
    "ScenarioRunDetailOut",
    "ScenarioRunDetailOutResultType0",
    "ScenarioRunIn",
    "ScenarioRunOut",
    "StakeOut",
    "StoryOut",
    "Subject",
    "Team",
    "Unauthorized",
    "Value",
    "WebhookDeliveryOut",
    "WebhookDeliveryOutPayload",
    "WebhookEndpointIn",
    "WebhookEndpointOut",
    "WebhookEndpointPatch",
)

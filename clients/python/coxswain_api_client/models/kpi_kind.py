from enum import StrEnum


class KpiKind(StrEnum):
    ACQUISITION = "acquisition"
    CHURN = "churn"
    CLV = "clv"
    COST = "cost"
    EMPLOYEE_SATISFACTION = "employee_satisfaction"
    FEATURE_ADOPTION = "feature_adoption"
    LEAD_TIME = "lead_time"
    MARGIN = "margin"
    MARKETING_SPEND = "marketing_spend"
    NPS = "nps"
    OTHER = "other"
    QUALITY = "quality"
    RETENTION = "retention"
    REVENUE = "revenue"
    SATISFACTION = "satisfaction"

    def __str__(self) -> str:
        return str(self.value)

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.dismissed_out import DismissedOut
    from ..models.finding_out_evidence import FindingOutEvidence


T = TypeVar("T", bound="FindingOut")


@_attrs_define
class FindingOut:
    """
    Attributes:
        id (str):
        kind (str):
        kind_name (str): The kind's plain name, as the pages show it
        severity (str):
        subjects (list[str]):
        title (str):
        summary (str): One plain sentence with the number that matters, in the words of the dashboard, the report and
            the e-mail digest (coxswain.wording)
        evidence (FindingOutEvidence):
        recommendation (str):
        dismissed (DismissedOut | None):
    """

    id: str
    kind: str
    kind_name: str
    severity: str
    subjects: list[str]
    title: str
    summary: str
    evidence: FindingOutEvidence
    recommendation: str
    dismissed: DismissedOut | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.dismissed_out import DismissedOut  # noqa: PLC0415
        from ..models.finding_out_evidence import FindingOutEvidence  # noqa: PLC0415

        id = self.id

        kind = self.kind

        kind_name = self.kind_name

        severity = self.severity

        subjects = self.subjects

        title = self.title

        summary = self.summary

        evidence = self.evidence.to_dict()

        recommendation = self.recommendation

        dismissed: dict[str, Any] | None
        if isinstance(self.dismissed, DismissedOut):
            dismissed = self.dismissed.to_dict()
        else:
            dismissed = self.dismissed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "kind_name": kind_name,
                "severity": severity,
                "subjects": subjects,
                "title": title,
                "summary": summary,
                "evidence": evidence,
                "recommendation": recommendation,
                "dismissed": dismissed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dismissed_out import DismissedOut  # noqa: PLC0415
        from ..models.finding_out_evidence import FindingOutEvidence  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        kind_name = d.pop("kind_name")

        severity = d.pop("severity")

        subjects = cast(list[str], d.pop("subjects"))

        title = d.pop("title")

        summary = d.pop("summary")

        evidence = FindingOutEvidence.from_dict(d.pop("evidence"))

        recommendation = d.pop("recommendation")

        def _parse_dismissed(data: object) -> DismissedOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                dismissed_type_0 = DismissedOut.from_dict(data)

                return dismissed_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DismissedOut | None, data)

        dismissed = _parse_dismissed(d.pop("dismissed"))

        finding_out = cls(
            id=id,
            kind=kind,
            kind_name=kind_name,
            severity=severity,
            subjects=subjects,
            title=title,
            summary=summary,
            evidence=evidence,
            recommendation=recommendation,
            dismissed=dismissed,
        )

        finding_out.additional_properties = d
        return finding_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

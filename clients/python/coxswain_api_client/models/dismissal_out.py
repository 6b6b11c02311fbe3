from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime


T = TypeVar("T", bound="DismissalOut")


@_attrs_define
class DismissalOut:
    """
    Attributes:
        id (int):
        finding_id (str):
        kind (str):
        subjects (list[str]):
        severity (str):
        reason (str):
        by (None | str):
        at (datetime.datetime):
    """

    id: int
    finding_id: str
    kind: str
    subjects: list[str]
    severity: str
    reason: str
    by: None | str
    at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        finding_id = self.finding_id

        kind = self.kind

        subjects = self.subjects

        severity = self.severity

        reason = self.reason

        by: None | str
        by = self.by

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "finding_id": finding_id,
                "kind": kind,
                "subjects": subjects,
                "severity": severity,
                "reason": reason,
                "by": by,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        finding_id = d.pop("finding_id")

        kind = d.pop("kind")

        subjects = cast(list[str], d.pop("subjects"))

        severity = d.pop("severity")

        reason = d.pop("reason")

        def _parse_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        by = _parse_by(d.pop("by"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        dismissal_out = cls(
            id=id,
            finding_id=finding_id,
            kind=kind,
            subjects=subjects,
            severity=severity,
            reason=reason,
            by=by,
            at=at,
        )

        dismissal_out.additional_properties = d
        return dismissal_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime


T = TypeVar("T", bound="CheckInOut")


@_attrs_define
class CheckInOut:
    """
    Attributes:
        id (int):
        person (str):
        goal (str):
        key_result (int): the key result's position in the goal (from 0)
        date (datetime.date):
        value (float):
        confidence (int | None):
    """

    id: int
    person: str
    goal: str
    key_result: int
    date: datetime.date
    value: float
    confidence: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        person = self.person

        goal = self.goal

        key_result = self.key_result

        date = self.date.isoformat()

        value = self.value

        confidence: int | None
        confidence = self.confidence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "person": person,
                "goal": goal,
                "key_result": key_result,
                "date": date,
                "value": value,
                "confidence": confidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        person = d.pop("person")

        goal = d.pop("goal")

        key_result = d.pop("key_result")

        date = datetime.date.fromisoformat(d.pop("date"))

        value = d.pop("value")

        def _parse_confidence(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        confidence = _parse_confidence(d.pop("confidence"))

        check_in_out = cls(
            id=id,
            person=person,
            goal=goal,
            key_result=key_result,
            date=date,
            value=value,
            confidence=confidence,
        )

        check_in_out.additional_properties = d
        return check_in_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="PersonIn")


@_attrs_define
class PersonIn:
    """A row of people.csv.

    Attributes:
        id (str):
        name (str | Unset):  Default: ''.
        team (str | Unset):  Default: ''.
        role (str | Unset):  Default: ''.
        manager (str | Unset):  Default: ''.
        hired (datetime.date | None | Unset):
        skills (str | Unset): skill:level;… (levels 1–5) Default: ''.
        training_hours (float | None | Unset):
        email (str | Unset):  Default: ''.
        handles (str | Unset): chat handles, ;-separated Default: ''.
    """

    id: str
    name: str | Unset = ""
    team: str | Unset = ""
    role: str | Unset = ""
    manager: str | Unset = ""
    hired: datetime.date | None | Unset = UNSET
    skills: str | Unset = ""
    training_hours: float | None | Unset = UNSET
    email: str | Unset = ""
    handles: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        team = self.team

        role = self.role

        manager = self.manager

        hired: None | str | Unset
        if isinstance(self.hired, Unset):
            hired = UNSET
        elif isinstance(self.hired, datetime.date):
            hired = self.hired.isoformat()
        else:
            hired = self.hired

        skills = self.skills

        training_hours: float | None | Unset
        if isinstance(self.training_hours, Unset):
            training_hours = UNSET
        else:
            training_hours = self.training_hours

        email = self.email

        handles = self.handles

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if team is not UNSET:
            field_dict["team"] = team
        if role is not UNSET:
            field_dict["role"] = role
        if manager is not UNSET:
            field_dict["manager"] = manager
        if hired is not UNSET:
            field_dict["hired"] = hired
        if skills is not UNSET:
            field_dict["skills"] = skills
        if training_hours is not UNSET:
            field_dict["training_hours"] = training_hours
        if email is not UNSET:
            field_dict["email"] = email
        if handles is not UNSET:
            field_dict["handles"] = handles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name", UNSET)

        team = d.pop("team", UNSET)

        role = d.pop("role", UNSET)

        manager = d.pop("manager", UNSET)

        def _parse_hired(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hired_type_0 = datetime.date.fromisoformat(data)

                return hired_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        hired = _parse_hired(d.pop("hired", UNSET))

        skills = d.pop("skills", UNSET)

        def _parse_training_hours(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        training_hours = _parse_training_hours(d.pop("training_hours", UNSET))

        email = d.pop("email", UNSET)

        handles = d.pop("handles", UNSET)

        person_in = cls(
            id=id,
            name=name,
            team=team,
            role=role,
            manager=manager,
            hired=hired,
            skills=skills,
            training_hours=training_hours,
            email=email,
            handles=handles,
        )

        person_in.additional_properties = d
        return person_in

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

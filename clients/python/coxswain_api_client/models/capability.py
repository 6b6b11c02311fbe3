from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="Capability")


@_attrs_define
class Capability:
    """
    Attributes:
        id (str):
        name (str):
        objectives (list[str] | Unset):
        min_people (int | Unset):  Default: 1.
        description (None | str | Unset):
    """

    id: str
    name: str
    objectives: list[str] | Unset = UNSET
    min_people: int | Unset = 1
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        objectives: list[str] | Unset = UNSET
        if not isinstance(self.objectives, Unset):
            objectives = self.objectives

        min_people = self.min_people

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
            }
        )
        if objectives is not UNSET:
            field_dict["objectives"] = objectives
        if min_people is not UNSET:
            field_dict["min_people"] = min_people
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        objectives = cast(list[str], d.pop("objectives", UNSET))

        min_people = d.pop("min_people", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        capability = cls(
            id=id,
            name=name,
            objectives=objectives,
            min_people=min_people,
            description=description,
        )

        return capability

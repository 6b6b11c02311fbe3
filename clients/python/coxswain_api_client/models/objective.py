from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.perspective import Perspective
from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="Objective")


@_attrs_define
class Objective:
    """
    Attributes:
        id (str):
        name (str):
        perspective (None | Perspective | Unset):
        weight (float | Unset):  Default: 1.0.
        values (list[str] | Unset):
        drivers (list[str] | Unset):
        lag_months (int | Unset):  Default: 0.
        description (None | str | Unset):
    """

    id: str
    name: str
    perspective: None | Perspective | Unset = UNSET
    weight: float | Unset = 1.0
    values: list[str] | Unset = UNSET
    drivers: list[str] | Unset = UNSET
    lag_months: int | Unset = 0
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        perspective: None | str | Unset
        if isinstance(self.perspective, Unset):
            perspective = UNSET
        elif isinstance(self.perspective, Perspective):
            perspective = self.perspective.value
        else:
            perspective = self.perspective

        weight = self.weight

        values: list[str] | Unset = UNSET
        if not isinstance(self.values, Unset):
            values = self.values

        drivers: list[str] | Unset = UNSET
        if not isinstance(self.drivers, Unset):
            drivers = self.drivers

        lag_months = self.lag_months

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
        if perspective is not UNSET:
            field_dict["perspective"] = perspective
        if weight is not UNSET:
            field_dict["weight"] = weight
        if values is not UNSET:
            field_dict["values"] = values
        if drivers is not UNSET:
            field_dict["drivers"] = drivers
        if lag_months is not UNSET:
            field_dict["lag_months"] = lag_months
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_perspective(data: object) -> None | Perspective | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                perspective_type_0 = Perspective(data)

                return perspective_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Perspective | Unset, data)

        perspective = _parse_perspective(d.pop("perspective", UNSET))

        weight = d.pop("weight", UNSET)

        values = cast(list[str], d.pop("values", UNSET))

        drivers = cast(list[str], d.pop("drivers", UNSET))

        lag_months = d.pop("lag_months", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        objective = cls(
            id=id,
            name=name,
            perspective=perspective,
            weight=weight,
            values=values,
            drivers=drivers,
            lag_months=lag_months,
            description=description,
        )

        return objective

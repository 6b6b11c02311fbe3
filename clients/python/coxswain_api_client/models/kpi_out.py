from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="KpiOut")


@_attrs_define
class KpiOut:
    """
    Attributes:
        id (str):
        name (str):
        objective (str):
        status (str): on_target, amber, off_track, stale, no_data or no_target (with the deadline and staleness), as of
            the latest analysis or the newest value since
        colour (str): green, amber, red or grey
        unit (None | str | Unset):
        target (float | None | Unset):
        latest_date (datetime.date | None | Unset):
        latest_value (float | None | Unset):
    """

    id: str
    name: str
    objective: str
    status: str
    colour: str
    unit: None | str | Unset = UNSET
    target: float | None | Unset = UNSET
    latest_date: datetime.date | None | Unset = UNSET
    latest_value: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        objective = self.objective

        status = self.status

        colour = self.colour

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        target: float | None | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        else:
            target = self.target

        latest_date: None | str | Unset
        if isinstance(self.latest_date, Unset):
            latest_date = UNSET
        elif isinstance(self.latest_date, datetime.date):
            latest_date = self.latest_date.isoformat()
        else:
            latest_date = self.latest_date

        latest_value: float | None | Unset
        if isinstance(self.latest_value, Unset):
            latest_value = UNSET
        else:
            latest_value = self.latest_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "objective": objective,
                "status": status,
                "colour": colour,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if target is not UNSET:
            field_dict["target"] = target
        if latest_date is not UNSET:
            field_dict["latest_date"] = latest_date
        if latest_value is not UNSET:
            field_dict["latest_value"] = latest_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        objective = d.pop("objective")

        status = d.pop("status")

        colour = d.pop("colour")

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_target(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        def _parse_latest_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                latest_date_type_0 = datetime.date.fromisoformat(data)

                return latest_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        latest_date = _parse_latest_date(d.pop("latest_date", UNSET))

        def _parse_latest_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        latest_value = _parse_latest_value(d.pop("latest_value", UNSET))

        kpi_out = cls(
            id=id,
            name=name,
            objective=objective,
            status=status,
            colour=colour,
            unit=unit,
            target=target,
            latest_date=latest_date,
            latest_value=latest_value,
        )

        kpi_out.additional_properties = d
        return kpi_out

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

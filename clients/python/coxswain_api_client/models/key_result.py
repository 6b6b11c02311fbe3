from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="KeyResult")


@_attrs_define
class KeyResult:
    """
    Attributes:
        title (str):
        target (float):
        id (None | str | Unset):
        unit (None | str | Unset):
        start (float | Unset):  Default: 0.0.
        current (float | None | Unset):
        weight (float | Unset):  Default: 1.0.
        kpi (None | str | Unset):
    """

    title: str
    target: float
    id: None | str | Unset = UNSET
    unit: None | str | Unset = UNSET
    start: float | Unset = 0.0
    current: float | None | Unset = UNSET
    weight: float | Unset = 1.0
    kpi: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        target = self.target

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        start = self.start

        current: float | None | Unset
        if isinstance(self.current, Unset):
            current = UNSET
        else:
            current = self.current

        weight = self.weight

        kpi: None | str | Unset
        if isinstance(self.kpi, Unset):
            kpi = UNSET
        else:
            kpi = self.kpi

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "target": target,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if unit is not UNSET:
            field_dict["unit"] = unit
        if start is not UNSET:
            field_dict["start"] = start
        if current is not UNSET:
            field_dict["current"] = current
        if weight is not UNSET:
            field_dict["weight"] = weight
        if kpi is not UNSET:
            field_dict["kpi"] = kpi

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        target = d.pop("target")

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        start = d.pop("start", UNSET)

        def _parse_current(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        current = _parse_current(d.pop("current", UNSET))

        weight = d.pop("weight", UNSET)

        def _parse_kpi(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kpi = _parse_kpi(d.pop("kpi", UNSET))

        key_result = cls(
            title=title,
            target=target,
            id=id,
            unit=unit,
            start=start,
            current=current,
            weight=weight,
            kpi=kpi,
        )

        return key_result

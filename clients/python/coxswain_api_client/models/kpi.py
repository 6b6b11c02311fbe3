from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.direction import Direction
from ..models.kpi_kind import KpiKind
from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="Kpi")


@_attrs_define
class Kpi:
    """
    Attributes:
        id (str):
        name (str):
        objective (str):
        direction (Direction):
        unit (None | str | Unset):
        target (float | None | Unset):
        deadline (datetime.date | None | Unset):
        warning (float | None | Unset):
        kind (KpiKind | None | Unset):
        description (None | str | Unset):
    """

    id: str
    name: str
    objective: str
    direction: Direction
    unit: None | str | Unset = UNSET
    target: float | None | Unset = UNSET
    deadline: datetime.date | None | Unset = UNSET
    warning: float | None | Unset = UNSET
    kind: KpiKind | None | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        objective = self.objective

        direction = self.direction.value

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

        deadline: None | str | Unset
        if isinstance(self.deadline, Unset):
            deadline = UNSET
        elif isinstance(self.deadline, datetime.date):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        warning: float | None | Unset
        if isinstance(self.warning, Unset):
            warning = UNSET
        else:
            warning = self.warning

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, KpiKind):
            kind = self.kind.value
        else:
            kind = self.kind

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
                "objective": objective,
                "direction": direction,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if target is not UNSET:
            field_dict["target"] = target
        if deadline is not UNSET:
            field_dict["deadline"] = deadline
        if warning is not UNSET:
            field_dict["warning"] = warning
        if kind is not UNSET:
            field_dict["kind"] = kind
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        objective = d.pop("objective")

        direction = Direction(d.pop("direction"))

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

        def _parse_deadline(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.date.fromisoformat(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        deadline = _parse_deadline(d.pop("deadline", UNSET))

        def _parse_warning(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        warning = _parse_warning(d.pop("warning", UNSET))

        def _parse_kind(data: object) -> KpiKind | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = KpiKind(data)

                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KpiKind | None | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        kpi = cls(
            id=id,
            name=name,
            objective=objective,
            direction=direction,
            unit=unit,
            target=target,
            deadline=deadline,
            warning=warning,
            kind=kind,
            description=description,
        )

        return kpi

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.initiative_status import InitiativeStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.initiative_effects import InitiativeEffects


T = TypeVar("T", bound="Initiative")


@_attrs_define
class Initiative:
    """
    Attributes:
        id (str):
        name (str):
        owner (None | str | Unset):
        objectives (list[str] | Unset):
        effects (InitiativeEffects | Unset):
        budget (float | Unset):  Default: 0.0.
        hours_per_month (float | Unset):  Default: 0.0.
        status (InitiativeStatus | Unset):  Default: InitiativeStatus.ACTIVE.
        start (datetime.date | None | Unset):
        end (datetime.date | None | Unset):
        description (None | str | Unset):
    """

    id: str
    name: str
    owner: None | str | Unset = UNSET
    objectives: list[str] | Unset = UNSET
    effects: InitiativeEffects | Unset = UNSET
    budget: float | Unset = 0.0
    hours_per_month: float | Unset = 0.0
    status: InitiativeStatus | Unset = InitiativeStatus.ACTIVE
    start: datetime.date | None | Unset = UNSET
    end: datetime.date | None | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.initiative_effects import InitiativeEffects  # noqa: PLC0415

        id = self.id

        name = self.name

        owner: None | str | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        else:
            owner = self.owner

        objectives: list[str] | Unset = UNSET
        if not isinstance(self.objectives, Unset):
            objectives = self.objectives

        effects: dict[str, Any] | Unset = UNSET
        if not isinstance(self.effects, Unset):
            effects = self.effects.to_dict()

        budget = self.budget

        hours_per_month = self.hours_per_month

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.date):
            start = self.start.isoformat()
        else:
            start = self.start

        end: None | str | Unset
        if isinstance(self.end, Unset):
            end = UNSET
        elif isinstance(self.end, datetime.date):
            end = self.end.isoformat()
        else:
            end = self.end

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
        if owner is not UNSET:
            field_dict["owner"] = owner
        if objectives is not UNSET:
            field_dict["objectives"] = objectives
        if effects is not UNSET:
            field_dict["effects"] = effects
        if budget is not UNSET:
            field_dict["budget"] = budget
        if hours_per_month is not UNSET:
            field_dict["hours_per_month"] = hours_per_month
        if status is not UNSET:
            field_dict["status"] = status
        if start is not UNSET:
            field_dict["start"] = start
        if end is not UNSET:
            field_dict["end"] = end
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.initiative_effects import InitiativeEffects  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_owner(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        owner = _parse_owner(d.pop("owner", UNSET))

        objectives = cast(list[str], d.pop("objectives", UNSET))

        _effects = d.pop("effects", UNSET)
        effects: InitiativeEffects | Unset
        if isinstance(_effects, Unset):
            effects = UNSET
        else:
            effects = InitiativeEffects.from_dict(_effects)

        budget = d.pop("budget", UNSET)

        hours_per_month = d.pop("hours_per_month", UNSET)

        _status = d.pop("status", UNSET)
        status: InitiativeStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = InitiativeStatus(_status)

        def _parse_start(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.date.fromisoformat(data)

                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        start = _parse_start(d.pop("start", UNSET))

        def _parse_end(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.date.fromisoformat(data)

                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end = _parse_end(d.pop("end", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        initiative = cls(
            id=id,
            name=name,
            owner=owner,
            objectives=objectives,
            effects=effects,
            budget=budget,
            hours_per_month=hours_per_month,
            status=status,
            start=start,
            end=end,
            description=description,
        )

        return initiative

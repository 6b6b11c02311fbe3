from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.automation_effects import AutomationEffects


T = TypeVar("T", bound="Automation")


@_attrs_define
class Automation:
    """
    Attributes:
        id (str):
        name (str):
        touchpoint (None | str | Unset):
        replaces_human (bool | Unset):  Default: False.
        human_fallback (bool | Unset):  Default: True.
        values (list[str] | Unset):
        objectives (list[str] | Unset):
        effects (AutomationEffects | Unset):
        start (datetime.date | None | Unset):
        description (None | str | Unset):
    """

    id: str
    name: str
    touchpoint: None | str | Unset = UNSET
    replaces_human: bool | Unset = False
    human_fallback: bool | Unset = True
    values: list[str] | Unset = UNSET
    objectives: list[str] | Unset = UNSET
    effects: AutomationEffects | Unset = UNSET
    start: datetime.date | None | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.automation_effects import AutomationEffects  # noqa: PLC0415

        id = self.id

        name = self.name

        touchpoint: None | str | Unset
        if isinstance(self.touchpoint, Unset):
            touchpoint = UNSET
        else:
            touchpoint = self.touchpoint

        replaces_human = self.replaces_human

        human_fallback = self.human_fallback

        values: list[str] | Unset = UNSET
        if not isinstance(self.values, Unset):
            values = self.values

        objectives: list[str] | Unset = UNSET
        if not isinstance(self.objectives, Unset):
            objectives = self.objectives

        effects: dict[str, Any] | Unset = UNSET
        if not isinstance(self.effects, Unset):
            effects = self.effects.to_dict()

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.date):
            start = self.start.isoformat()
        else:
            start = self.start

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
        if touchpoint is not UNSET:
            field_dict["touchpoint"] = touchpoint
        if replaces_human is not UNSET:
            field_dict["replaces_human"] = replaces_human
        if human_fallback is not UNSET:
            field_dict["human_fallback"] = human_fallback
        if values is not UNSET:
            field_dict["values"] = values
        if objectives is not UNSET:
            field_dict["objectives"] = objectives
        if effects is not UNSET:
            field_dict["effects"] = effects
        if start is not UNSET:
            field_dict["start"] = start
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.automation_effects import AutomationEffects  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_touchpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        touchpoint = _parse_touchpoint(d.pop("touchpoint", UNSET))

        replaces_human = d.pop("replaces_human", UNSET)

        human_fallback = d.pop("human_fallback", UNSET)

        values = cast(list[str], d.pop("values", UNSET))

        objectives = cast(list[str], d.pop("objectives", UNSET))

        _effects = d.pop("effects", UNSET)
        effects: AutomationEffects | Unset
        if isinstance(_effects, Unset):
            effects = UNSET
        else:
            effects = AutomationEffects.from_dict(_effects)

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

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        automation = cls(
            id=id,
            name=name,
            touchpoint=touchpoint,
            replaces_human=replaces_human,
            human_fallback=human_fallback,
            values=values,
            objectives=objectives,
            effects=effects,
            start=start,
            description=description,
        )

        return automation

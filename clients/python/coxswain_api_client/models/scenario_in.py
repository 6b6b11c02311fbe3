from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.scenario_in_changes_item import ScenarioInChangesItem


T = TypeVar("T", bound="ScenarioIn")


@_attrs_define
class ScenarioIn:
    """
    Attributes:
        name (str):
        description (str | Unset):  Default: ''.
        changes (list[ScenarioInChangesItem] | Unset):
    """

    name: str
    description: str | Unset = ""
    changes: list[ScenarioInChangesItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.scenario_in_changes_item import ScenarioInChangesItem  # noqa: PLC0415

        name = self.name

        description = self.description

        changes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.changes, Unset):
            changes = []
            for changes_item_data in self.changes:
                changes_item = changes_item_data.to_dict()
                changes.append(changes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if changes is not UNSET:
            field_dict["changes"] = changes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scenario_in_changes_item import ScenarioInChangesItem  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        _changes = d.pop("changes", UNSET)
        changes: list[ScenarioInChangesItem] | Unset = UNSET
        if _changes is not UNSET:
            changes = []
            for changes_item_data in _changes:
                changes_item = ScenarioInChangesItem.from_dict(changes_item_data)

                changes.append(changes_item)

        scenario_in = cls(
            name=name,
            description=description,
            changes=changes,
        )

        scenario_in.additional_properties = d
        return scenario_in

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

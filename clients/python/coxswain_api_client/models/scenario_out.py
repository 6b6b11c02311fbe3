from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.scenario_out_changes_item import ScenarioOutChangesItem


T = TypeVar("T", bound="ScenarioOut")


@_attrs_define
class ScenarioOut:
    """
    Attributes:
        id (int):
        name (str):
        description (str):
        changes (list[ScenarioOutChangesItem]):
        created (datetime.datetime):
        updated (datetime.datetime):
    """

    id: int
    name: str
    description: str
    changes: list[ScenarioOutChangesItem]
    created: datetime.datetime
    updated: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.scenario_out_changes_item import ScenarioOutChangesItem  # noqa: PLC0415

        id = self.id

        name = self.name

        description = self.description

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        created = self.created.isoformat()

        updated = self.updated.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "changes": changes,
                "created": created,
                "updated": updated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scenario_out_changes_item import ScenarioOutChangesItem  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = ScenarioOutChangesItem.from_dict(changes_item_data)

            changes.append(changes_item)

        created = datetime.datetime.fromisoformat(d.pop("created"))

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        scenario_out = cls(
            id=id,
            name=name,
            description=description,
            changes=changes,
            created=created,
            updated=updated,
        )

        scenario_out.additional_properties = d
        return scenario_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime


T = TypeVar("T", bound="ReviewOut")


@_attrs_define
class ReviewOut:
    """
    Attributes:
        id (int):
        date (datetime.date):
        kind (str): weekly, monthly, quarterly or annual
        decisions (int):
        actions_open (int): open actions when it was recorded
        actions_closed (int): closed actions when it was recorded
        notes (str):
    """

    id: int
    date: datetime.date
    kind: str
    decisions: int
    actions_open: int
    actions_closed: int
    notes: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        date = self.date.isoformat()

        kind = self.kind

        decisions = self.decisions

        actions_open = self.actions_open

        actions_closed = self.actions_closed

        notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "date": date,
                "kind": kind,
                "decisions": decisions,
                "actions_open": actions_open,
                "actions_closed": actions_closed,
                "notes": notes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        date = datetime.date.fromisoformat(d.pop("date"))

        kind = d.pop("kind")

        decisions = d.pop("decisions")

        actions_open = d.pop("actions_open")

        actions_closed = d.pop("actions_closed")

        notes = d.pop("notes")

        review_out = cls(
            id=id,
            date=date,
            kind=kind,
            decisions=decisions,
            actions_open=actions_open,
            actions_closed=actions_closed,
            notes=notes,
        )

        review_out.additional_properties = d
        return review_out

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

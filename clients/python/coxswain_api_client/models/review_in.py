from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.review_kind import ReviewKind
from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="ReviewIn")


@_attrs_define
class ReviewIn:
    """
    Attributes:
        date (datetime.date):
        kind (ReviewKind):
        decisions (int | Unset):  Default: 0.
        notes (str | Unset):  Default: ''.
    """

    date: datetime.date
    kind: ReviewKind
    decisions: int | Unset = 0
    notes: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        kind = self.kind.value

        decisions = self.decisions

        notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "kind": kind,
            }
        )
        if decisions is not UNSET:
            field_dict["decisions"] = decisions
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        kind = ReviewKind(d.pop("kind"))

        decisions = d.pop("decisions", UNSET)

        notes = d.pop("notes", UNSET)

        review_in = cls(
            date=date,
            kind=kind,
            decisions=decisions,
            notes=notes,
        )

        review_in.additional_properties = d
        return review_in

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

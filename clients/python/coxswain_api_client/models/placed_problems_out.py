from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.placed_problems_out_fields import PlacedProblemsOutFields


T = TypeVar("T", bound="PlacedProblemsOut")


@_attrs_define
class PlacedProblemsOut:
    """A refused write: nothing was stored. ``problems`` are every problem in words, each
    after the field it is about (``weight: …``); ``fields`` the same by field name (``""``:
    the whole object, ``key_results.0.target``: a key result's field).

        Attributes:
            detail (str):
            problems (list[str] | Unset):
            fields (PlacedProblemsOutFields | Unset):
    """

    detail: str
    problems: list[str] | Unset = UNSET
    fields: PlacedProblemsOutFields | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.placed_problems_out_fields import PlacedProblemsOutFields  # noqa: PLC0415

        detail = self.detail

        problems: list[str] | Unset = UNSET
        if not isinstance(self.problems, Unset):
            problems = self.problems

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
            }
        )
        if problems is not UNSET:
            field_dict["problems"] = problems
        if fields is not UNSET:
            field_dict["fields"] = fields

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.placed_problems_out_fields import PlacedProblemsOutFields  # noqa: PLC0415

        d = dict(src_dict)
        detail = d.pop("detail")

        problems = cast(list[str], d.pop("problems", UNSET))

        _fields = d.pop("fields", UNSET)
        fields: PlacedProblemsOutFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = PlacedProblemsOutFields.from_dict(_fields)

        placed_problems_out = cls(
            detail=detail,
            problems=problems,
            fields=fields,
        )

        placed_problems_out.additional_properties = d
        return placed_problems_out

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

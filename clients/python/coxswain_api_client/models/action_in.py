from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="ActionIn")


@_attrs_define
class ActionIn:
    """
    Attributes:
        title (str):
        due (datetime.date):
        person (None | str | Unset): a person of the workbook
        owner (int | None | Unset): a member, where no person is given
        finding_id (str | Unset):  Default: ''.
    """

    title: str
    due: datetime.date
    person: None | str | Unset = UNSET
    owner: int | None | Unset = UNSET
    finding_id: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        due = self.due.isoformat()

        person: None | str | Unset
        if isinstance(self.person, Unset):
            person = UNSET
        else:
            person = self.person

        owner: int | None | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        else:
            owner = self.owner

        finding_id = self.finding_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "due": due,
            }
        )
        if person is not UNSET:
            field_dict["person"] = person
        if owner is not UNSET:
            field_dict["owner"] = owner
        if finding_id is not UNSET:
            field_dict["finding_id"] = finding_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        due = datetime.date.fromisoformat(d.pop("due"))

        def _parse_person(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        person = _parse_person(d.pop("person", UNSET))

        def _parse_owner(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        owner = _parse_owner(d.pop("owner", UNSET))

        finding_id = d.pop("finding_id", UNSET)

        action_in = cls(
            title=title,
            due=due,
            person=person,
            owner=owner,
            finding_id=finding_id,
        )

        action_in.additional_properties = d
        return action_in

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

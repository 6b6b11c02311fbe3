from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime


T = TypeVar("T", bound="ActionOut")


@_attrs_define
class ActionOut:
    """
    Attributes:
        id (int):
        title (str):
        finding_id (str): the finding it answers ('' for none)
        person (None | str): the assignee, a person of the workbook
        owner (int | None): the member who owns it (their id)
        due (datetime.date):
        status (str): open or done
    """

    id: int
    title: str
    finding_id: str
    person: None | str
    owner: int | None
    due: datetime.date
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        finding_id = self.finding_id

        person: None | str
        person = self.person

        owner: int | None
        owner = self.owner

        due = self.due.isoformat()

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "finding_id": finding_id,
                "person": person,
                "owner": owner,
                "due": due,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        finding_id = d.pop("finding_id")

        def _parse_person(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        person = _parse_person(d.pop("person"))

        def _parse_owner(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        owner = _parse_owner(d.pop("owner"))

        due = datetime.date.fromisoformat(d.pop("due"))

        status = d.pop("status")

        action_out = cls(
            id=id,
            title=title,
            finding_id=finding_id,
            person=person,
            owner=owner,
            due=due,
            status=status,
        )

        action_out.additional_properties = d
        return action_out

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

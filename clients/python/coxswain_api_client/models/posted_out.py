from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.subject import Subject
from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="PostedOut")


@_attrs_define
class PostedOut:
    """
    Attributes:
        id (int):
        subject (Subject): What a comment is on; ``ref`` names the object of that kind.
        ref (str): The finding's or story's id, the goal's id or the action's id
        author (None | str): The author's user name (null: a removed member)
        body (str):
        created (datetime.datetime):
        told (list[str]): Mentioned members who were notified (user names)
        not_told (list[str]): Mentioned members who were not notified: the subject is not theirs to see
        unknown (list[str]): @names that are no member's
        edited (datetime.datetime | None | Unset): When its author last edited it (null: never)
    """

    id: int
    subject: Subject
    ref: str
    author: None | str
    body: str
    created: datetime.datetime
    told: list[str]
    not_told: list[str]
    unknown: list[str]
    edited: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        subject = self.subject.value

        ref = self.ref

        author: None | str
        author = self.author

        body = self.body

        created = self.created.isoformat()

        told = self.told

        not_told = self.not_told

        unknown = self.unknown

        edited: None | str | Unset
        if isinstance(self.edited, Unset):
            edited = UNSET
        elif isinstance(self.edited, datetime.datetime):
            edited = self.edited.isoformat()
        else:
            edited = self.edited

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "subject": subject,
                "ref": ref,
                "author": author,
                "body": body,
                "created": created,
                "told": told,
                "not_told": not_told,
                "unknown": unknown,
            }
        )
        if edited is not UNSET:
            field_dict["edited"] = edited

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        subject = Subject(d.pop("subject"))

        ref = d.pop("ref")

        def _parse_author(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        author = _parse_author(d.pop("author"))

        body = d.pop("body")

        created = datetime.datetime.fromisoformat(d.pop("created"))

        told = cast(list[str], d.pop("told"))

        not_told = cast(list[str], d.pop("not_told"))

        unknown = cast(list[str], d.pop("unknown"))

        def _parse_edited(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                edited_type_0 = datetime.datetime.fromisoformat(data)

                return edited_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        edited = _parse_edited(d.pop("edited", UNSET))

        posted_out = cls(
            id=id,
            subject=subject,
            ref=ref,
            author=author,
            body=body,
            created=created,
            told=told,
            not_told=not_told,
            unknown=unknown,
            edited=edited,
        )

        posted_out.additional_properties = d
        return posted_out

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

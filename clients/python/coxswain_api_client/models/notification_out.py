from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime


T = TypeVar("T", bound="NotificationOut")


@_attrs_define
class NotificationOut:
    """
    Attributes:
        id (int):
        kind (str): mention or assignment
        text (str):
        link (str): The page it is about: a path inside the app
        created (datetime.datetime):
        read (datetime.datetime | None):
    """

    id: int
    kind: str
    text: str
    link: str
    created: datetime.datetime
    read: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        text = self.text

        link = self.link

        created = self.created.isoformat()

        read: None | str
        if isinstance(self.read, datetime.datetime):
            read = self.read.isoformat()
        else:
            read = self.read

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "text": text,
                "link": link,
                "created": created,
                "read": read,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        text = d.pop("text")

        link = d.pop("link")

        created = datetime.datetime.fromisoformat(d.pop("created"))

        def _parse_read(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_type_0 = datetime.datetime.fromisoformat(data)

                return read_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        read = _parse_read(d.pop("read"))

        notification_out = cls(
            id=id,
            kind=kind,
            text=text,
            link=link,
            created=created,
            read=read,
        )

        notification_out.additional_properties = d
        return notification_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="ProfileIn")


@_attrs_define
class ProfileIn:
    """
    Attributes:
        name (str):
        currency (str):
        min_group (int):
        mission (str | Unset):  Default: ''.
        vision (str | Unset):  Default: ''.
        locale (str | Unset):  Default: ''.
        employees (int | None | Unset):
        stage (str | Unset):  Default: ''.
        show_names (bool | Unset):  Default: False.
        keep_message_text (bool | Unset):  Default: False.
    """

    name: str
    currency: str
    min_group: int
    mission: str | Unset = ""
    vision: str | Unset = ""
    locale: str | Unset = ""
    employees: int | None | Unset = UNSET
    stage: str | Unset = ""
    show_names: bool | Unset = False
    keep_message_text: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        currency = self.currency

        min_group = self.min_group

        mission = self.mission

        vision = self.vision

        locale = self.locale

        employees: int | None | Unset
        if isinstance(self.employees, Unset):
            employees = UNSET
        else:
            employees = self.employees

        stage = self.stage

        show_names = self.show_names

        keep_message_text = self.keep_message_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "currency": currency,
                "min_group": min_group,
            }
        )
        if mission is not UNSET:
            field_dict["mission"] = mission
        if vision is not UNSET:
            field_dict["vision"] = vision
        if locale is not UNSET:
            field_dict["locale"] = locale
        if employees is not UNSET:
            field_dict["employees"] = employees
        if stage is not UNSET:
            field_dict["stage"] = stage
        if show_names is not UNSET:
            field_dict["show_names"] = show_names
        if keep_message_text is not UNSET:
            field_dict["keep_message_text"] = keep_message_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        currency = d.pop("currency")

        min_group = d.pop("min_group")

        mission = d.pop("mission", UNSET)

        vision = d.pop("vision", UNSET)

        locale = d.pop("locale", UNSET)

        def _parse_employees(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        employees = _parse_employees(d.pop("employees", UNSET))

        stage = d.pop("stage", UNSET)

        show_names = d.pop("show_names", UNSET)

        keep_message_text = d.pop("keep_message_text", UNSET)

        profile_in = cls(
            name=name,
            currency=currency,
            min_group=min_group,
            mission=mission,
            vision=vision,
            locale=locale,
            employees=employees,
            stage=stage,
            show_names=show_names,
            keep_message_text=keep_message_text,
        )

        profile_in.additional_properties = d
        return profile_in

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="StakeOut")


@_attrs_define
class StakeOut:
    """
    Attributes:
        index_points (float):
        money (float | None | Unset):
        currency (None | str | Unset):
        money_basis (None | str | Unset):
    """

    index_points: float
    money: float | None | Unset = UNSET
    currency: None | str | Unset = UNSET
    money_basis: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index_points = self.index_points

        money: float | None | Unset
        if isinstance(self.money, Unset):
            money = UNSET
        else:
            money = self.money

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        money_basis: None | str | Unset
        if isinstance(self.money_basis, Unset):
            money_basis = UNSET
        else:
            money_basis = self.money_basis

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index_points": index_points,
            }
        )
        if money is not UNSET:
            field_dict["money"] = money
        if currency is not UNSET:
            field_dict["currency"] = currency
        if money_basis is not UNSET:
            field_dict["money_basis"] = money_basis

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index_points = d.pop("index_points")

        def _parse_money(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        money = _parse_money(d.pop("money", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_money_basis(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        money_basis = _parse_money_basis(d.pop("money_basis", UNSET))

        stake_out = cls(
            index_points=index_points,
            money=money,
            currency=currency,
            money_basis=money_basis,
        )

        stake_out.additional_properties = d
        return stake_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.backtest_in_every import BacktestInEvery
from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="BacktestIn")


@_attrs_define
class BacktestIn:
    """
    Attributes:
        every (BacktestInEvery | Unset):  Default: BacktestInEvery.QUARTER.
        start (datetime.date | None | Unset):
    """

    every: BacktestInEvery | Unset = BacktestInEvery.QUARTER
    start: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        every: str | Unset = UNSET
        if not isinstance(self.every, Unset):
            every = self.every.value

        start: None | str | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        elif isinstance(self.start, datetime.date):
            start = self.start.isoformat()
        else:
            start = self.start

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if every is not UNSET:
            field_dict["every"] = every
        if start is not UNSET:
            field_dict["start"] = start

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _every = d.pop("every", UNSET)
        every: BacktestInEvery | Unset
        if isinstance(_every, Unset):
            every = UNSET
        else:
            every = BacktestInEvery(_every)

        def _parse_start(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.date.fromisoformat(data)

                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        start = _parse_start(d.pop("start", UNSET))

        backtest_in = cls(
            every=every,
            start=start,
        )

        backtest_in.additional_properties = d
        return backtest_in

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

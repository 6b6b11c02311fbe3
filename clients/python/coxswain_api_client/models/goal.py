from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.key_result import KeyResult


T = TypeVar("T", bound="Goal")


@_attrs_define
class Goal:
    """
    Attributes:
        id (str):
        owner (str):
        title (str):
        parent (None | str | Unset):
        period (None | str | Unset):
        weight (float | Unset):  Default: 1.0.
        key_results (list[KeyResult] | Unset):
    """

    id: str
    owner: str
    title: str
    parent: None | str | Unset = UNSET
    period: None | str | Unset = UNSET
    weight: float | Unset = 1.0
    key_results: list[KeyResult] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.key_result import KeyResult  # noqa: PLC0415

        id = self.id

        owner = self.owner

        title = self.title

        parent: None | str | Unset
        if isinstance(self.parent, Unset):
            parent = UNSET
        else:
            parent = self.parent

        period: None | str | Unset
        if isinstance(self.period, Unset):
            period = UNSET
        else:
            period = self.period

        weight = self.weight

        key_results: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.key_results, Unset):
            key_results = []
            for key_results_item_data in self.key_results:
                key_results_item = key_results_item_data.to_dict()
                key_results.append(key_results_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "owner": owner,
                "title": title,
            }
        )
        if parent is not UNSET:
            field_dict["parent"] = parent
        if period is not UNSET:
            field_dict["period"] = period
        if weight is not UNSET:
            field_dict["weight"] = weight
        if key_results is not UNSET:
            field_dict["key_results"] = key_results

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_result import KeyResult  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        owner = d.pop("owner")

        title = d.pop("title")

        def _parse_parent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent = _parse_parent(d.pop("parent", UNSET))

        def _parse_period(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        period = _parse_period(d.pop("period", UNSET))

        weight = d.pop("weight", UNSET)

        _key_results = d.pop("key_results", UNSET)
        key_results: list[KeyResult] | Unset = UNSET
        if _key_results is not UNSET:
            key_results = []
            for key_results_item_data in _key_results:
                key_results_item = KeyResult.from_dict(key_results_item_data)

                key_results.append(key_results_item)

        goal = cls(
            id=id,
            owner=owner,
            title=title,
            parent=parent,
            period=period,
            weight=weight,
            key_results=key_results,
        )

        return goal

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="ScenarioRunIn")


@_attrs_define
class ScenarioRunIn:
    """
    Attributes:
        scenarios (list[int] | Unset):
        seed (int | Unset):  Default: 0.
        paths (int | None | Unset):
    """

    scenarios: list[int] | Unset = UNSET
    seed: int | Unset = 0
    paths: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scenarios: list[int] | Unset = UNSET
        if not isinstance(self.scenarios, Unset):
            scenarios = self.scenarios

        seed = self.seed

        paths: int | None | Unset
        if isinstance(self.paths, Unset):
            paths = UNSET
        else:
            paths = self.paths

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if scenarios is not UNSET:
            field_dict["scenarios"] = scenarios
        if seed is not UNSET:
            field_dict["seed"] = seed
        if paths is not UNSET:
            field_dict["paths"] = paths

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scenarios = cast(list[int], d.pop("scenarios", UNSET))

        seed = d.pop("seed", UNSET)

        def _parse_paths(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        paths = _parse_paths(d.pop("paths", UNSET))

        scenario_run_in = cls(
            scenarios=scenarios,
            seed=seed,
            paths=paths,
        )

        scenario_run_in.additional_properties = d
        return scenario_run_in

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime


T = TypeVar("T", bound="ScenarioRunOut")


@_attrs_define
class ScenarioRunOut:
    """
    Attributes:
        id (int):
        status (str):
        progress (int):
        stage (str):
        seed (int):
        paths (int):
        names (list[str]):
        created (datetime.datetime):
        finished (datetime.datetime | None):
    """

    id: int
    status: str
    progress: int
    stage: str
    seed: int
    paths: int
    names: list[str]
    created: datetime.datetime
    finished: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        progress = self.progress

        stage = self.stage

        seed = self.seed

        paths = self.paths

        names = self.names

        created = self.created.isoformat()

        finished: None | str
        if isinstance(self.finished, datetime.datetime):
            finished = self.finished.isoformat()
        else:
            finished = self.finished

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "progress": progress,
                "stage": stage,
                "seed": seed,
                "paths": paths,
                "names": names,
                "created": created,
                "finished": finished,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        progress = d.pop("progress")

        stage = d.pop("stage")

        seed = d.pop("seed")

        paths = d.pop("paths")

        names = cast(list[str], d.pop("names"))

        created = datetime.datetime.fromisoformat(d.pop("created"))

        def _parse_finished(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_type_0 = datetime.datetime.fromisoformat(data)

                return finished_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished = _parse_finished(d.pop("finished"))

        scenario_run_out = cls(
            id=id,
            status=status,
            progress=progress,
            stage=stage,
            seed=seed,
            paths=paths,
            names=names,
            created=created,
            finished=finished,
        )

        scenario_run_out.additional_properties = d
        return scenario_run_out

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

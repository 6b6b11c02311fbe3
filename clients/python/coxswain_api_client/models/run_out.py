from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="RunOut")


@_attrs_define
class RunOut:
    """
    Attributes:
        id (int):
        status (str):
        progress (int):
        stage (str):
        as_of (datetime.date | None):
        alignment_index (float | None):
        alignment_band (None | str | Unset):
    """

    id: int
    status: str
    progress: int
    stage: str
    as_of: datetime.date | None
    alignment_index: float | None
    alignment_band: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        progress = self.progress

        stage = self.stage

        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        alignment_index: float | None
        alignment_index = self.alignment_index

        alignment_band: None | str | Unset
        if isinstance(self.alignment_band, Unset):
            alignment_band = UNSET
        else:
            alignment_band = self.alignment_band

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "progress": progress,
                "stage": stage,
                "as_of": as_of,
                "alignment_index": alignment_index,
            }
        )
        if alignment_band is not UNSET:
            field_dict["alignment_band"] = alignment_band

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        progress = d.pop("progress")

        stage = d.pop("stage")

        def _parse_as_of(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        def _parse_alignment_index(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        alignment_index = _parse_alignment_index(d.pop("alignment_index"))

        def _parse_alignment_band(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        alignment_band = _parse_alignment_band(d.pop("alignment_band", UNSET))

        run_out = cls(
            id=id,
            status=status,
            progress=progress,
            stage=stage,
            as_of=as_of,
            alignment_index=alignment_index,
            alignment_band=alignment_band,
        )

        run_out.additional_properties = d
        return run_out

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

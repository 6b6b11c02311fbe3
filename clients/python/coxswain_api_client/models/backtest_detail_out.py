from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.backtest_detail_out_result_type_0 import BacktestDetailOutResultType0


T = TypeVar("T", bound="BacktestDetailOut")


@_attrs_define
class BacktestDetailOut:
    """
    Attributes:
        id (int):
        status (str):
        progress (int):
        stage (str):
        every (str):
        start (datetime.date | None):
        created (datetime.datetime):
        finished (datetime.datetime | None):
        headline (str):
        error (str):
        result (BacktestDetailOutResultType0 | None):
    """

    id: int
    status: str
    progress: int
    stage: str
    every: str
    start: datetime.date | None
    created: datetime.datetime
    finished: datetime.datetime | None
    headline: str
    error: str
    result: BacktestDetailOutResultType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.backtest_detail_out_result_type_0 import BacktestDetailOutResultType0  # noqa: PLC0415

        id = self.id

        status = self.status

        progress = self.progress

        stage = self.stage

        every = self.every

        start: None | str
        if isinstance(self.start, datetime.date):
            start = self.start.isoformat()
        else:
            start = self.start

        created = self.created.isoformat()

        finished: None | str
        if isinstance(self.finished, datetime.datetime):
            finished = self.finished.isoformat()
        else:
            finished = self.finished

        headline = self.headline

        error = self.error

        result: dict[str, Any] | None
        if isinstance(self.result, BacktestDetailOutResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "progress": progress,
                "stage": stage,
                "every": every,
                "start": start,
                "created": created,
                "finished": finished,
                "headline": headline,
                "error": error,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backtest_detail_out_result_type_0 import BacktestDetailOutResultType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        progress = d.pop("progress")

        stage = d.pop("stage")

        every = d.pop("every")

        def _parse_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.date.fromisoformat(data)

                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        start = _parse_start(d.pop("start"))

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

        headline = d.pop("headline")

        error = d.pop("error")

        def _parse_result(data: object) -> BacktestDetailOutResultType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = BacktestDetailOutResultType0.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BacktestDetailOutResultType0 | None, data)

        result = _parse_result(d.pop("result"))

        backtest_detail_out = cls(
            id=id,
            status=status,
            progress=progress,
            stage=stage,
            every=every,
            start=start,
            created=created,
            finished=finished,
            headline=headline,
            error=error,
            result=result,
        )

        backtest_detail_out.additional_properties = d
        return backtest_detail_out

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

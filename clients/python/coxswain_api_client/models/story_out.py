from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.stake_out import StakeOut


T = TypeVar("T", bound="StoryOut")


@_attrs_define
class StoryOut:
    """
    Attributes:
        id (str):
        title (str):
        cause (list[str]):
        findings (list[str]):
        stake (StakeOut):
        confidence (str):
        recommendation (str):
        first_step (str):
    """

    id: str
    title: str
    cause: list[str]
    findings: list[str]
    stake: StakeOut
    confidence: str
    recommendation: str
    first_step: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.stake_out import StakeOut  # noqa: PLC0415

        id = self.id

        title = self.title

        cause = self.cause

        findings = self.findings

        stake = self.stake.to_dict()

        confidence = self.confidence

        recommendation = self.recommendation

        first_step = self.first_step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "cause": cause,
                "findings": findings,
                "stake": stake,
                "confidence": confidence,
                "recommendation": recommendation,
                "first_step": first_step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stake_out import StakeOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        cause = cast(list[str], d.pop("cause"))

        findings = cast(list[str], d.pop("findings"))

        stake = StakeOut.from_dict(d.pop("stake"))

        confidence = d.pop("confidence")

        recommendation = d.pop("recommendation")

        first_step = d.pop("first_step")

        story_out = cls(
            id=id,
            title=title,
            cause=cause,
            findings=findings,
            stake=stake,
            confidence=confidence,
            recommendation=recommendation,
            first_step=first_step,
        )

        story_out.additional_properties = d
        return story_out

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

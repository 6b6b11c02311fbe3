from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.finding_out import FindingOut
    from ..models.plan_step_out import PlanStepOut
    from ..models.result_out_components import ResultOutComponents
    from ..models.story_out import StoryOut


T = TypeVar("T", bound="ResultOut")


@_attrs_define
class ResultOut:
    """
    Attributes:
        as_of (datetime.date | None):
        alignment_index (float | None):
        components (ResultOutComponents):
        findings (list[FindingOut]):
        alignment_band (None | str | Unset):
        alignment_range (list[float] | None | Unset):
        plan (list[PlanStepOut] | Unset):
        stories (list[StoryOut] | Unset):
    """

    as_of: datetime.date | None
    alignment_index: float | None
    components: ResultOutComponents
    findings: list[FindingOut]
    alignment_band: None | str | Unset = UNSET
    alignment_range: list[float] | None | Unset = UNSET
    plan: list[PlanStepOut] | Unset = UNSET
    stories: list[StoryOut] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.finding_out import FindingOut  # noqa: PLC0415
        from ..models.plan_step_out import PlanStepOut  # noqa: PLC0415
        from ..models.result_out_components import ResultOutComponents  # noqa: PLC0415
        from ..models.story_out import StoryOut  # noqa: PLC0415

        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        alignment_index: float | None
        alignment_index = self.alignment_index

        components = self.components.to_dict()

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        alignment_band: None | str | Unset
        if isinstance(self.alignment_band, Unset):
            alignment_band = UNSET
        else:
            alignment_band = self.alignment_band

        alignment_range: list[float] | None | Unset
        if isinstance(self.alignment_range, Unset):
            alignment_range = UNSET
        elif isinstance(self.alignment_range, list):
            alignment_range = []
            for alignment_range_type_0_item_data in self.alignment_range:
                alignment_range_type_0_item: float
                alignment_range_type_0_item = alignment_range_type_0_item_data
                alignment_range.append(alignment_range_type_0_item)

        else:
            alignment_range = self.alignment_range

        plan: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = []
            for plan_item_data in self.plan:
                plan_item = plan_item_data.to_dict()
                plan.append(plan_item)

        stories: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.stories, Unset):
            stories = []
            for stories_item_data in self.stories:
                stories_item = stories_item_data.to_dict()
                stories.append(stories_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "alignment_index": alignment_index,
                "components": components,
                "findings": findings,
            }
        )
        if alignment_band is not UNSET:
            field_dict["alignment_band"] = alignment_band
        if alignment_range is not UNSET:
            field_dict["alignment_range"] = alignment_range
        if plan is not UNSET:
            field_dict["plan"] = plan
        if stories is not UNSET:
            field_dict["stories"] = stories

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finding_out import FindingOut  # noqa: PLC0415
        from ..models.plan_step_out import PlanStepOut  # noqa: PLC0415
        from ..models.result_out_components import ResultOutComponents  # noqa: PLC0415
        from ..models.story_out import StoryOut  # noqa: PLC0415

        d = dict(src_dict)

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

        components = ResultOutComponents.from_dict(d.pop("components"))

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = FindingOut.from_dict(findings_item_data)

            findings.append(findings_item)

        def _parse_alignment_band(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        alignment_band = _parse_alignment_band(d.pop("alignment_band", UNSET))

        def _parse_alignment_range(data: object) -> list[float] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                alignment_range_type_0 = []
                _alignment_range_type_0 = data
                for alignment_range_type_0_item_data in _alignment_range_type_0:

                    def _parse_alignment_range_type_0_item(data: object) -> float:
                        return cast(float, data)

                    alignment_range_type_0_item = _parse_alignment_range_type_0_item(
                        alignment_range_type_0_item_data
                    )

                    alignment_range_type_0.append(alignment_range_type_0_item)

                return alignment_range_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None | Unset, data)

        alignment_range = _parse_alignment_range(d.pop("alignment_range", UNSET))

        _plan = d.pop("plan", UNSET)
        plan: list[PlanStepOut] | Unset = UNSET
        if _plan is not UNSET:
            plan = []
            for plan_item_data in _plan:
                plan_item = PlanStepOut.from_dict(plan_item_data)

                plan.append(plan_item)

        _stories = d.pop("stories", UNSET)
        stories: list[StoryOut] | Unset = UNSET
        if _stories is not UNSET:
            stories = []
            for stories_item_data in _stories:
                stories_item = StoryOut.from_dict(stories_item_data)

                stories.append(stories_item)

        result_out = cls(
            as_of=as_of,
            alignment_index=alignment_index,
            components=components,
            findings=findings,
            alignment_band=alignment_band,
            alignment_range=alignment_range,
            plan=plan,
            stories=stories,
        )

        result_out.additional_properties = d
        return result_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime


T = TypeVar("T", bound="WebhookEndpointOut")


@_attrs_define
class WebhookEndpointOut:
    """
    Attributes:
        id (int):
        url (str):
        description (str):
        events (list[str]): The event types it receives: finding.created, checkin.created, action.created,
            action.updated
        enabled (bool): Whether events are sent to it
        secret (str): The Standard Webhooks signing secret (whsec_…) that signs every request
        failing (bool): Turned off after failures, or its latest delivery failed or waits to be retried
        failures (int): Deliveries given up in a row (turned off at 5)
        disabled_reason (str): Why it was turned off ('' if it was not)
        created (datetime.datetime):
    """

    id: int
    url: str
    description: str
    events: list[str]
    enabled: bool
    secret: str
    failing: bool
    failures: int
    disabled_reason: str
    created: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        description = self.description

        events = self.events

        enabled = self.enabled

        secret = self.secret

        failing = self.failing

        failures = self.failures

        disabled_reason = self.disabled_reason

        created = self.created.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "description": description,
                "events": events,
                "enabled": enabled,
                "secret": secret,
                "failing": failing,
                "failures": failures,
                "disabled_reason": disabled_reason,
                "created": created,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        description = d.pop("description")

        events = cast(list[str], d.pop("events"))

        enabled = d.pop("enabled")

        secret = d.pop("secret")

        failing = d.pop("failing")

        failures = d.pop("failures")

        disabled_reason = d.pop("disabled_reason")

        created = datetime.datetime.fromisoformat(d.pop("created"))

        webhook_endpoint_out = cls(
            id=id,
            url=url,
            description=description,
            events=events,
            enabled=enabled,
            secret=secret,
            failing=failing,
            failures=failures,
            disabled_reason=disabled_reason,
            created=created,
        )

        webhook_endpoint_out.additional_properties = d
        return webhook_endpoint_out

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

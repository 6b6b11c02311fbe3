from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.webhook_delivery_out_payload import WebhookDeliveryOutPayload


T = TypeVar("T", bound="WebhookDeliveryOut")


@_attrs_define
class WebhookDeliveryOut:
    """
    Attributes:
        id (int):
        event_id (str): The event's id: the webhook-id header, the same on every try
        event (str): The event type (webhook.test for a test)
        status (str): pending, retrying, sent or failed (given up)
        attempts (int):
        response (int | None): The HTTP status of the last try (null: no answer)
        last_error (str):
        next_try (datetime.datetime | None):
        created (datetime.datetime):
        sent (datetime.datetime | None):
        payload (WebhookDeliveryOutPayload): The JSON body sent
    """

    id: int
    event_id: str
    event: str
    status: str
    attempts: int
    response: int | None
    last_error: str
    next_try: datetime.datetime | None
    created: datetime.datetime
    sent: datetime.datetime | None
    payload: WebhookDeliveryOutPayload
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_delivery_out_payload import WebhookDeliveryOutPayload  # noqa: PLC0415

        id = self.id

        event_id = self.event_id

        event = self.event

        status = self.status

        attempts = self.attempts

        response: int | None
        response = self.response

        last_error = self.last_error

        next_try: None | str
        if isinstance(self.next_try, datetime.datetime):
            next_try = self.next_try.isoformat()
        else:
            next_try = self.next_try

        created = self.created.isoformat()

        sent: None | str
        if isinstance(self.sent, datetime.datetime):
            sent = self.sent.isoformat()
        else:
            sent = self.sent

        payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event_id": event_id,
                "event": event,
                "status": status,
                "attempts": attempts,
                "response": response,
                "last_error": last_error,
                "next_try": next_try,
                "created": created,
                "sent": sent,
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_delivery_out_payload import WebhookDeliveryOutPayload  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("event_id")

        event = d.pop("event")

        status = d.pop("status")

        attempts = d.pop("attempts")

        def _parse_response(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response = _parse_response(d.pop("response"))

        last_error = d.pop("last_error")

        def _parse_next_try(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_try_type_0 = datetime.datetime.fromisoformat(data)

                return next_try_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_try = _parse_next_try(d.pop("next_try"))

        created = datetime.datetime.fromisoformat(d.pop("created"))

        def _parse_sent(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_type_0 = datetime.datetime.fromisoformat(data)

                return sent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent = _parse_sent(d.pop("sent"))

        payload = WebhookDeliveryOutPayload.from_dict(d.pop("payload"))

        webhook_delivery_out = cls(
            id=id,
            event_id=event_id,
            event=event,
            status=status,
            attempts=attempts,
            response=response,
            last_error=last_error,
            next_try=next_try,
            created=created,
            sent=sent,
            payload=payload,
        )

        webhook_delivery_out.additional_properties = d
        return webhook_delivery_out

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

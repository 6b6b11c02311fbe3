from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invalid_request import InvalidRequest
from ...models.notification_out import NotificationOut
from ...models.unauthorized import Unauthorized
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    *,
    unread: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["unread"] = unread

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/notifications",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InvalidRequest | Unauthorized | list[NotificationOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = NotificationOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 401:
        response_401 = Unauthorized.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = InvalidRequest.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InvalidRequest | Unauthorized | list[NotificationOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    unread: bool | Unset = False,
) -> Response[InvalidRequest | Unauthorized | list[NotificationOut]]:
    """The caller's notifications, newest first (at most 100)

    Args:
        unread (bool | Unset): Only the ones not yet read Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvalidRequest | Unauthorized | list[NotificationOut]]
    """

    kwargs = _get_kwargs(
        unread=unread,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    unread: bool | Unset = False,
) -> InvalidRequest | Unauthorized | list[NotificationOut] | None:
    """The caller's notifications, newest first (at most 100)

    Args:
        unread (bool | Unset): Only the ones not yet read Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvalidRequest | Unauthorized | list[NotificationOut]
    """

    return sync_detailed(
        client=client,
        unread=unread,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    unread: bool | Unset = False,
) -> Response[InvalidRequest | Unauthorized | list[NotificationOut]]:
    """The caller's notifications, newest first (at most 100)

    Args:
        unread (bool | Unset): Only the ones not yet read Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvalidRequest | Unauthorized | list[NotificationOut]]
    """

    kwargs = _get_kwargs(
        unread=unread,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    unread: bool | Unset = False,
) -> InvalidRequest | Unauthorized | list[NotificationOut] | None:
    """The caller's notifications, newest first (at most 100)

    Args:
        unread (bool | Unset): Only the ones not yet read Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvalidRequest | Unauthorized | list[NotificationOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            unread=unread,
        )
    ).parsed

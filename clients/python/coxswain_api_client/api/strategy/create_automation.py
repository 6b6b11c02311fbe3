from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.automation import Automation
from ...models.error_out import ErrorOut
from ...models.invalid_request import InvalidRequest
from ...models.placed_problems_out import PlacedProblemsOut
from ...models.unauthorized import Unauthorized
from typing import cast


def _get_kwargs(
    *,
    body: Automation,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/strategy/automations",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized | None:
    if response.status_code == 201:
        response_201 = Automation.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = PlacedProblemsOut.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Unauthorized.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorOut.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorOut.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = InvalidRequest.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Automation,
) -> Response[Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]:
    """Add a automation (validated as the whole workbook; 400: nothing stored)

    Args:
        body (Automation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: Automation,
) -> Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized | None:
    """Add a automation (validated as the whole workbook; 400: nothing stored)

    Args:
        body (Automation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Automation,
) -> Response[Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]:
    """Add a automation (validated as the whole workbook; 400: nothing stored)

    Args:
        body (Automation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Automation,
) -> Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized | None:
    """Add a automation (validated as the whole workbook; 400: nothing stored)

    Args:
        body (Automation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Automation | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

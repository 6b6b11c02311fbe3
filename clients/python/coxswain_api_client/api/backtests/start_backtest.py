from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.backtest_in import BacktestIn
from ...models.backtest_out import BacktestOut
from ...models.error_out import ErrorOut
from ...models.invalid_request import InvalidRequest
from ...models.unauthorized import Unauthorized
from typing import cast


def _get_kwargs(
    *,
    body: BacktestIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/backtests",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BacktestOut | ErrorOut | InvalidRequest | Unauthorized | None:
    if response.status_code == 202:
        response_202 = BacktestOut.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Unauthorized.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Unauthorized.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorOut.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = InvalidRequest.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorOut.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BacktestOut | ErrorOut | InvalidRequest | Unauthorized]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BacktestIn,
) -> Response[BacktestOut | ErrorOut | InvalidRequest | Unauthorized]:
    """Start a backtest

     Replays the analysis at every month or quarter end from ``start`` (default: twelve
    months into the history) as a background task. Refused with 429 while a backtest is
    queued or running, with 400 for a ``start`` outside the data.

    Args:
        body (BacktestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BacktestOut | ErrorOut | InvalidRequest | Unauthorized]
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
    body: BacktestIn,
) -> BacktestOut | ErrorOut | InvalidRequest | Unauthorized | None:
    """Start a backtest

     Replays the analysis at every month or quarter end from ``start`` (default: twelve
    months into the history) as a background task. Refused with 429 while a backtest is
    queued or running, with 400 for a ``start`` outside the data.

    Args:
        body (BacktestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BacktestOut | ErrorOut | InvalidRequest | Unauthorized
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BacktestIn,
) -> Response[BacktestOut | ErrorOut | InvalidRequest | Unauthorized]:
    """Start a backtest

     Replays the analysis at every month or quarter end from ``start`` (default: twelve
    months into the history) as a background task. Refused with 429 while a backtest is
    queued or running, with 400 for a ``start`` outside the data.

    Args:
        body (BacktestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BacktestOut | ErrorOut | InvalidRequest | Unauthorized]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BacktestIn,
) -> BacktestOut | ErrorOut | InvalidRequest | Unauthorized | None:
    """Start a backtest

     Replays the analysis at every month or quarter end from ``start`` (default: twelve
    months into the history) as a background task. Refused with 429 while a backtest is
    queued or running, with 400 for a ``start`` outside the data.

    Args:
        body (BacktestIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BacktestOut | ErrorOut | InvalidRequest | Unauthorized
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

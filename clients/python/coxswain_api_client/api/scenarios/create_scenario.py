from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_out import ErrorOut
from ...models.invalid_request import InvalidRequest
from ...models.scenario_in import ScenarioIn
from ...models.scenario_out import ScenarioOut
from ...models.unauthorized import Unauthorized
from typing import cast


def _get_kwargs(
    *,
    body: ScenarioIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/scenarios",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InvalidRequest | ScenarioOut | Unauthorized | None:
    if response.status_code == 201:
        response_201 = ScenarioOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorOut.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorOut | InvalidRequest | ScenarioOut | Unauthorized]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ScenarioIn,
) -> Response[ErrorOut | InvalidRequest | ScenarioOut | Unauthorized]:
    """Save a scenario

     Checked against the workbook as the scenario file is: refused with 400 and every
    problem placed (``scenario: changes[1].amount: ...``), nothing stored.

    Args:
        body (ScenarioIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InvalidRequest | ScenarioOut | Unauthorized]
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
    body: ScenarioIn,
) -> ErrorOut | InvalidRequest | ScenarioOut | Unauthorized | None:
    """Save a scenario

     Checked against the workbook as the scenario file is: refused with 400 and every
    problem placed (``scenario: changes[1].amount: ...``), nothing stored.

    Args:
        body (ScenarioIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InvalidRequest | ScenarioOut | Unauthorized
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ScenarioIn,
) -> Response[ErrorOut | InvalidRequest | ScenarioOut | Unauthorized]:
    """Save a scenario

     Checked against the workbook as the scenario file is: refused with 400 and every
    problem placed (``scenario: changes[1].amount: ...``), nothing stored.

    Args:
        body (ScenarioIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InvalidRequest | ScenarioOut | Unauthorized]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ScenarioIn,
) -> ErrorOut | InvalidRequest | ScenarioOut | Unauthorized | None:
    """Save a scenario

     Checked against the workbook as the scenario file is: refused with 400 and every
    problem placed (``scenario: changes[1].amount: ...``), nothing stored.

    Args:
        body (ScenarioIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InvalidRequest | ScenarioOut | Unauthorized
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

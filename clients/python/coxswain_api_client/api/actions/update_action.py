from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.action_out import ActionOut
from ...models.action_update_in import ActionUpdateIn
from ...models.error_out import ErrorOut
from ...models.invalid_request import InvalidRequest
from ...models.placed_problems_out import PlacedProblemsOut
from ...models.unauthorized import Unauthorized
from typing import cast


def _get_kwargs(
    action_id: int,
    *,
    body: ActionUpdateIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/actions/{action_id}".format(
            action_id=quote(str(action_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized | None:
    if response.status_code == 200:
        response_200 = ActionOut.from_dict(response.json())

        return response_200

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
) -> Response[ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    action_id: int,
    *,
    client: AuthenticatedClient,
    body: ActionUpdateIn,
) -> Response[ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]:
    """Change an action: mark it done or open again (its owner or a manager); its title, who does it or its
    due date (managers; 400: nothing changed)

     Give only the fields to change. A new assignee is told (in the app and by e-mail,
    where linked to a member); any change sends one ``action.updated`` webhook event with
    the fields that changed.

    Args:
        action_id (int):
        body (ActionUpdateIn): The fields to change; those left out stay as they are. ``done`` is
            for the action's
            owner and managers; the others for managers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]
    """

    kwargs = _get_kwargs(
        action_id=action_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    action_id: int,
    *,
    client: AuthenticatedClient,
    body: ActionUpdateIn,
) -> ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized | None:
    """Change an action: mark it done or open again (its owner or a manager); its title, who does it or its
    due date (managers; 400: nothing changed)

     Give only the fields to change. A new assignee is told (in the app and by e-mail,
    where linked to a member); any change sends one ``action.updated`` webhook event with
    the fields that changed.

    Args:
        action_id (int):
        body (ActionUpdateIn): The fields to change; those left out stay as they are. ``done`` is
            for the action's
            owner and managers; the others for managers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized
    """

    return sync_detailed(
        action_id=action_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    action_id: int,
    *,
    client: AuthenticatedClient,
    body: ActionUpdateIn,
) -> Response[ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]:
    """Change an action: mark it done or open again (its owner or a manager); its title, who does it or its
    due date (managers; 400: nothing changed)

     Give only the fields to change. A new assignee is told (in the app and by e-mail,
    where linked to a member); any change sends one ``action.updated`` webhook event with
    the fields that changed.

    Args:
        action_id (int):
        body (ActionUpdateIn): The fields to change; those left out stay as they are. ``done`` is
            for the action's
            owner and managers; the others for managers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized]
    """

    kwargs = _get_kwargs(
        action_id=action_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    action_id: int,
    *,
    client: AuthenticatedClient,
    body: ActionUpdateIn,
) -> ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized | None:
    """Change an action: mark it done or open again (its owner or a manager); its title, who does it or its
    due date (managers; 400: nothing changed)

     Give only the fields to change. A new assignee is told (in the app and by e-mail,
    where linked to a member); any change sends one ``action.updated`` webhook event with
    the fields that changed.

    Args:
        action_id (int):
        body (ActionUpdateIn): The fields to change; those left out stay as they are. ``done`` is
            for the action's
            owner and managers; the others for managers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ActionOut | ErrorOut | InvalidRequest | PlacedProblemsOut | Unauthorized
    """

    return (
        await asyncio_detailed(
            action_id=action_id,
            client=client,
            body=body,
        )
    ).parsed

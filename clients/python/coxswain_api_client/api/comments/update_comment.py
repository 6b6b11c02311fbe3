from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.comment_update_in import CommentUpdateIn
from ...models.error_out import ErrorOut
from ...models.invalid_request import InvalidRequest
from ...models.placed_problems_out import PlacedProblemsOut
from ...models.posted_out import PostedOut
from ...models.unauthorized import Unauthorized
from typing import cast


def _get_kwargs(
    comment_id: int,
    *,
    body: CommentUpdateIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/comments/{comment_id}".format(
            comment_id=quote(str(comment_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized | None:
    if response.status_code == 200:
        response_200 = PostedOut.from_dict(response.json())

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
) -> Response[ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    comment_id: int,
    *,
    client: AuthenticatedClient,
    body: CommentUpdateIn,
) -> Response[ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized]:
    """Change one's own comment (its author only); it is marked edited

     Only members @mentioned anew are notified (``told``); one mentioned before is not
    told again. Another member's comment is a 403; one on a page the caller may not see, or
    another organisation's, a 404.

    Args:
        comment_id (int):
        body (CommentUpdateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized]
    """

    kwargs = _get_kwargs(
        comment_id=comment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    comment_id: int,
    *,
    client: AuthenticatedClient,
    body: CommentUpdateIn,
) -> ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized | None:
    """Change one's own comment (its author only); it is marked edited

     Only members @mentioned anew are notified (``told``); one mentioned before is not
    told again. Another member's comment is a 403; one on a page the caller may not see, or
    another organisation's, a 404.

    Args:
        comment_id (int):
        body (CommentUpdateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized
    """

    return sync_detailed(
        comment_id=comment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    comment_id: int,
    *,
    client: AuthenticatedClient,
    body: CommentUpdateIn,
) -> Response[ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized]:
    """Change one's own comment (its author only); it is marked edited

     Only members @mentioned anew are notified (``told``); one mentioned before is not
    told again. Another member's comment is a 403; one on a page the caller may not see, or
    another organisation's, a 404.

    Args:
        comment_id (int):
        body (CommentUpdateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized]
    """

    kwargs = _get_kwargs(
        comment_id=comment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    comment_id: int,
    *,
    client: AuthenticatedClient,
    body: CommentUpdateIn,
) -> ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized | None:
    """Change one's own comment (its author only); it is marked edited

     Only members @mentioned anew are notified (``told``); one mentioned before is not
    told again. Another member's comment is a 403; one on a page the caller may not see, or
    another organisation's, a 404.

    Args:
        comment_id (int):
        body (CommentUpdateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InvalidRequest | PlacedProblemsOut | PostedOut | Unauthorized
    """

    return (
        await asyncio_detailed(
            comment_id=comment_id,
            client=client,
            body=body,
        )
    ).parsed

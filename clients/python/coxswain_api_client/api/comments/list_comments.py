from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.comment_out import CommentOut
from ...models.error_out import ErrorOut
from ...models.invalid_request import InvalidRequest
from ...models.list_comments_subject import ListCommentsSubject
from ...models.unauthorized import Unauthorized
from typing import cast


def _get_kwargs(
    *,
    subject: ListCommentsSubject,
    ref: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_subject = subject.value
    params["subject"] = json_subject

    params["ref"] = ref

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/comments",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InvalidRequest | Unauthorized | list[CommentOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = CommentOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = Unauthorized.from_dict(response.json())

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
) -> Response[ErrorOut | InvalidRequest | Unauthorized | list[CommentOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    subject: ListCommentsSubject,
    ref: str,
) -> Response[ErrorOut | InvalidRequest | Unauthorized | list[CommentOut]]:
    """The comments on a finding, story, goal or action, oldest first

     Findings and stories: managers; goals: every member; actions: managers, and the
    employee who owns one.

    Args:
        subject (ListCommentsSubject): What a comment is on; ``ref`` names the object of that
            kind.
        ref (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InvalidRequest | Unauthorized | list[CommentOut]]
    """

    kwargs = _get_kwargs(
        subject=subject,
        ref=ref,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    subject: ListCommentsSubject,
    ref: str,
) -> ErrorOut | InvalidRequest | Unauthorized | list[CommentOut] | None:
    """The comments on a finding, story, goal or action, oldest first

     Findings and stories: managers; goals: every member; actions: managers, and the
    employee who owns one.

    Args:
        subject (ListCommentsSubject): What a comment is on; ``ref`` names the object of that
            kind.
        ref (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InvalidRequest | Unauthorized | list[CommentOut]
    """

    return sync_detailed(
        client=client,
        subject=subject,
        ref=ref,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    subject: ListCommentsSubject,
    ref: str,
) -> Response[ErrorOut | InvalidRequest | Unauthorized | list[CommentOut]]:
    """The comments on a finding, story, goal or action, oldest first

     Findings and stories: managers; goals: every member; actions: managers, and the
    employee who owns one.

    Args:
        subject (ListCommentsSubject): What a comment is on; ``ref`` names the object of that
            kind.
        ref (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InvalidRequest | Unauthorized | list[CommentOut]]
    """

    kwargs = _get_kwargs(
        subject=subject,
        ref=ref,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    subject: ListCommentsSubject,
    ref: str,
) -> ErrorOut | InvalidRequest | Unauthorized | list[CommentOut] | None:
    """The comments on a finding, story, goal or action, oldest first

     Findings and stories: managers; goals: every member; actions: managers, and the
    employee who owns one.

    Args:
        subject (ListCommentsSubject): What a comment is on; ``ref`` names the object of that
            kind.
        ref (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InvalidRequest | Unauthorized | list[CommentOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            subject=subject,
            ref=ref,
        )
    ).parsed

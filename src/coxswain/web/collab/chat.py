"""Chat messages as Slack Block Kit and Microsoft Teams Adaptive Card payloads.

A message carries titles and links only: the caller never puts people's names or people
analytics in it (coxswain.web.collab.services builds every message from kind names, goal and
action counts and links into the app)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChatMessage:
    """A heading, lines (text, optional link) and one button into the app."""

    title: str
    link: str
    link_text: str = "Open Coxswain"
    lines: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def fallback(self) -> str:
        """The plain text of the message (notifications, screen readers)."""
        return "\n".join([self.title, *(text for text, _ in self.lines), self.link])


def _slack_escape(text: str) -> str:
    # Slack's mrkdwn needs only these three escaped (docs: "Escaping text").
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(message: ChatMessage) -> dict[str, Any]:
    """An incoming-webhook body in Block Kit: header, one section per line, a button."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": message.title[:150]}}
    ]
    for text, url in message.lines:
        shown = f"<{url}|{_slack_escape(text)}>" if url else _slack_escape(text)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": shown[:3000]}})
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": message.link_text},
                    "url": message.link,
                }
            ],
        }
    )
    return {"text": message.fallback, "blocks": blocks}


def _teams_escape(text: str) -> str:
    # Adaptive Card TextBlocks read a subset of Markdown: keep brackets literal.
    return text.replace("[", "\\[").replace("]", "\\]")


def teams_payload(message: ChatMessage) -> dict[str, Any]:
    """A Teams Workflows webhook body ("When a Teams webhook request is received"): a
    message with one Adaptive Card attachment."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": _teams_escape(message.title),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        }
    ]
    for text, url in message.lines:
        shown = f"[{_teams_escape(text)}]({url})" if url else _teams_escape(text)
        body.append({"type": "TextBlock", "text": shown, "wrap": True})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": message.link_text, "url": message.link}],
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


PAYLOADS = {"slack": slack_payload, "teams": teams_payload}

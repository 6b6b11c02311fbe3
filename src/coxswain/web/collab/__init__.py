"""Working together: comments with @mentions, notifications, chat, exports and calendar feeds."""

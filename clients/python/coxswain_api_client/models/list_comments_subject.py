from enum import StrEnum


class ListCommentsSubject(StrEnum):
    ACTION = "action"
    FINDING = "finding"
    GOAL = "goal"
    STORY = "story"

    def __str__(self) -> str:
        return str(self.value)

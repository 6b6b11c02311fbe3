from enum import StrEnum


class Subject(StrEnum):
    ACTION = "action"
    FINDING = "finding"
    GOAL = "goal"
    STORY = "story"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class InitiativeStatus(StrEnum):
    ACTIVE = "active"
    DONE = "done"
    IDEA = "idea"
    PLANNED = "planned"
    STOPPED = "stopped"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class Perspective(StrEnum):
    CUSTOMER = "customer"
    FINANCIAL = "financial"
    INTERNAL = "internal"
    LEARNING = "learning"

    def __str__(self) -> str:
        return str(self.value)

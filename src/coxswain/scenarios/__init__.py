"""Scenario planning, wargaming and stress tests on the strategy map (docs/scenarios.md).

A scenario file (:mod:`coxswain.scenarios.load`) names scenarios, each a list of changes
(:mod:`coxswain.scenarios.model`); the engine (:mod:`coxswain.scenarios.engine`) simulates
every KPI's forecast with the changes propagated along the strategy map, and the faces
render the comparison (:mod:`coxswain.scenarios.render`).
"""

from coxswain.scenarios.model import (
    AutomationChange,
    BudgetMove,
    CapabilityChange,
    Change,
    EffectRange,
    Move,
    Scenario,
    ScenarioFile,
    Shock,
    StartInitiative,
    StopInitiative,
    TargetChange,
    Wargame,
)

__all__ = [
    "AutomationChange",
    "BudgetMove",
    "CapabilityChange",
    "Change",
    "EffectRange",
    "Move",
    "Scenario",
    "ScenarioFile",
    "Shock",
    "StartInitiative",
    "StopInitiative",
    "TargetChange",
    "Wargame",
]

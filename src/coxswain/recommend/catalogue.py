"""The recommendation catalogue: one template per finding kind and growth stage.

Read it top to bottom to review what Coxswain will tell an owner. Placeholders in
``{braces}`` are filled with the *names* of the finding's subjects (never bare ids):

* ``{first}``: the most specific subject; ``{others}``: the rest, joined with "and";
  ``{subjects}``: all of them; ``{role}`` placeholders per kind as named in
  :data:`ROLES` (a leading ``*`` collects the remaining subjects);
* a few kinds add facts from the evidence (see ``coxswain.recommend.extra_fields``).

Stages: *early* companies get owner-led, low-cost steps; *intermediate* ones a named
owner, a routine and a KPI; *advanced* ones a programme with measurement. No early
business is told to found an innovation lab.
"""

from __future__ import annotations

from coxswain.analysis.kinds import KINDS

ROLES: dict[str, tuple[str, ...]] = {k: spec.roles for k, spec in KINDS.items()}
"""The roles of each kind's subjects, from the one registry of finding kinds."""

CATALOGUE: dict[str, dict[str, str]] = {
    "value_conflict": {
        "early": (
            "Sit down with whoever runs {work} this week and decide together whether what "
            "it brings is worth losing ground on {objective}{values_clause}; if it stays, "
            "set a simple check (a weekly spot check, one question to customers) that tells "
            "you within a month whether {objective} is slipping."
        ),
        "intermediate": (
            "Put {work} on the next leadership agenda as a trade-off against {objective}"
            "{values_clause}: name an owner, write down the limit of harm you accept, and "
            "track one KPI of {objective} monthly until it is clear the harm stays inside it."
        ),
        "advanced": (
            "Run a formal trade-off review of {work} against {objective}{values_clause}: "
            "model the effect on the objective's KPIs, agree a guardrail metric with an "
            "automatic stop, and report it in the quarterly strategy review."
        ),
    },
    "resource_misallocation": {
        "early": (
            "Move some of the money and hours now going to {over} towards {under}: pick "
            "one concrete task for {under} and fund it from the budget of {over} next month."
        ),
        "intermediate": (
            "Rebalance next quarter's budget and team hours: {over} receives more than its "
            "weight, {under} less. Give each objective a resource envelope in line with "
            "its weight and review the split monthly."
        ),
        "advanced": (
            "Tie the budgeting cycle to the strategy weights: set envelopes per objective, "
            "shift funding from {over} to {under}, and report share versus weight in every "
            "quarterly review."
        ),
    },
    "orphan_work": {
        "early": (
            "Ask yourself what {work} is for: link it to the objective it serves, or stop "
            "it and give the time back to work that moves an objective."
        ),
        "intermediate": (
            "Have {owner} state which objective {work} serves and with what expected "
            "effect; if none, stop or park it at the next planning meeting."
        ),
        "advanced": (
            "Require every initiative and goal, including {work}, to name the objective "
            "it serves in the portfolio review; unlinked work gets no budget next cycle."
        ),
    },
    "uncovered_objective": {
        "early": "Give {objective} what it lacks: {lacking_early}.",
        "intermediate": (
            "Complete the cascade for {objective}: add {lacking}, each with a named owner, so "
            "that its progress can be seen and steered."
        ),
        "advanced": (
            "Close the cascade gap of {objective} ({lacking}) and add it to the strategy "
            "map's quarterly coverage check."
        ),
    },
    "kpi_off_track": {
        "early": (
            "Look at {kpi} with the people who move it this week: find the one cause you "
            "can fix yourself and check the number again in two weeks."
        ),
        "intermediate": (
            "Give {kpi} a recovery plan: an owner, the cause, two corrective actions and a "
            "date by which it is back above its warning level; review it monthly."
        ),
        "advanced": (
            "Trigger a root-cause review of {kpi} for {objective}, agree corrective actions "
            "with an owner and a re-forecast, and escalate if the next reading misses."
        ),
    },
    "kpi_at_risk": {
        "early": (
            "{kpi} is heading to miss its target: decide now whether to push harder on "
            "it or to move the target, and tell the team which."
        ),
        "intermediate": (
            "Act before the deadline of {kpi}: name the owner, agree what extra effort "
            "would reach the target, or reset the target openly at the next review."
        ),
        "advanced": (
            "Re-forecast {kpi} with its owner, fund the gap-closing actions or revise the "
            "target through the planning process, and watch the forecast monthly."
        ),
    },
    "kpi_shift": {
        "early": (
            "Something changed in {kpi}: ask the team what happened around the date of "
            "the change and decide whether to keep or undo it."
        ),
        "intermediate": (
            "Investigate the shift in {kpi}: match it to decisions, launches or market "
            "events of that time and record the cause at the next review."
        ),
        "advanced": (
            "Attribute the shift in {kpi} to its cause with the analytics owner and feed "
            "it into the next forecast and planning round."
        ),
    },
    "kpi_anomaly": {
        "early": (
            "Check the unusual readings of {kpi}: a typing mistake, a one-off or a real "
            "event? Fix the data or note what happened."
        ),
        "intermediate": (
            "Have the owner of {kpi} explain the outlying readings and correct the data "
            "source if they are errors."
        ),
        "advanced": (
            "Add a data-quality check for {kpi} and a short incident note for each "
            "confirmed anomaly."
        ),
    },
    "expectation_gap": {
        "early": (
            "Call five customers who left and ask what they expected; make what you "
            "promise in marketing match what you deliver ({kpis})."
        ),
        "intermediate": (
            "Compare what marketing promises with what customers get: run exit interviews, "
            "align the message with delivery, and track {kpis} together monthly."
        ),
        "advanced": (
            "Set up a closed loop between marketing, product and service: churn reasons "
            "feed the message and the roadmap; report {kpis} side by side."
        ),
    },
    "kpi_tension": {
        "early": (
            "{kpi} and {other_kpi} pull against each other: decide which matters more this "
            "quarter and set a floor for the other."
        ),
        "intermediate": (
            "Make the trade-off between {kpi} and {other_kpi} explicit: one owner for both "
            "and a guardrail level for each, checked monthly."
        ),
        "advanced": (
            "Model the trade-off between {kpi} and {other_kpi}, set paired targets and "
            "review them together in the strategy review."
        ),
    },
    "initiative_harm": {
        "early": (
            "Since {work} started, {affected} got worse: pause or adjust it for a month "
            "and see whether {affected} recovers."
        ),
        "intermediate": (
            "Review {work} with its owner: {affected} worsened after it started; adjust or "
            "stop it unless the cause clearly lies elsewhere."
        ),
        "advanced": (
            "Run a post-launch review of {work}, test the harm to {affected} (for example "
            "with a holdout), and decide to adjust, roll back or accept it openly."
        ),
    },
    "initiative_win": {
        "early": (
            "{affected} improved after {work} started: keep it going, and tell the people "
            "who run it what it is worth."
        ),
        "intermediate": (
            "Keep {work} going and write down what made it work for {affected}, so that "
            "the next initiative can copy it."
        ),
        "advanced": (
            "Make {work} part of the plan: give it a budget line, keep measuring {affected}, "
            "and share how it was done in the strategy review."
        ),
    },
    "strategy_link_unsupported": {
        "early": (
            "Your data does not show that {link} go together; keep an eye on both for a "
            "few more months before you invest more on that belief."
        ),
        "intermediate": (
            "Re-examine the link {link} in the strategy map: either find the missing "
            "step between them or stop relying on it when planning."
        ),
        "advanced": (
            "Test the link {link} deliberately (a pilot, a lagged analysis) and update the "
            "strategy map with what you learn."
        ),
    },
    "silo": {
        "early": (
            "Get {team} to share a weekly coffee or stand-up with the people they hand work to."
        ),
        "intermediate": (
            "Connect {team} with the other teams: a shared channel, a joint goal, and a "
            "monthly cross-team review."
        ),
        "advanced": (
            "Build cross-functional routines around {team}: rotations, shared OKRs and a "
            "regular check of cross-team communication."
        ),
    },
    "bottleneck": {
        "early": (
            "Too much passes through {person}: let others talk directly and write down "
            "what only {person} knows."
        ),
        "intermediate": (
            "Reduce the load on {person}: give a deputy the routine decisions, and set up "
            "direct links between the teams that now go through {person}."
        ),
        "advanced": (
            "Plan succession and delegation around {person}: documented decisions, "
            "deputies, and a check that cross-team flows no longer depend on one person."
        ),
    },
    "low_understanding": {
        "early": (
            "Tell the whole team the top priorities in one sentence each at the next "
            "meeting, and ask everyone how their work helps{group_clause}."
        ),
        "intermediate": (
            "Run a priorities session{group_clause}: each manager explains how their "
            "team's goals connect to the objectives, and repeat the survey in a quarter."
        ),
        "advanced": (
            "Build line of sight into the goal-setting routine{group_clause}: every goal "
            "names its objective, and understanding is surveyed every quarter."
        ),
    },
    "sentiment_decline": {
        "early": (
            "Talk one to one with the people concerned{group_clause}: ask what has got "
            "harder lately and fix one thing quickly."
        ),
        "intermediate": (
            "Find the cause of the falling mood{group_clause}: short interviews or a pulse "
            "survey, then two visible actions within a month."
        ),
        "advanced": (
            "Run a structured listening round{group_clause}, report the themes to the "
            "leadership team and track sentiment monthly against the actions taken."
        ),
    },
    "slow_innovation": {
        "early": (
            "Decide on the ideas waiting{area_clause}: take ten minutes every week to say "
            "yes, no or later to each."
        ),
        "intermediate": (
            "Set a decision deadline for new ideas{area_clause}: an owner reviews the "
            "pipeline monthly and every idea gets an answer within 30 days."
        ),
        "advanced": (
            "Give the innovation pipeline{area_clause} stage gates with time limits, a "
            "budget for experiments and a quarterly portfolio review."
        ),
    },
    "talent_gap": {
        "early": (
            "Close the gap in {capability}: let an experienced person teach one more on the "
            "job, set aside a few training hours a month, or hire for it when someone joins."
        ),
        "intermediate": (
            "Make a skills plan for {capability}: training hours, a mentor and a hiring "
            "profile, reviewed each quarter."
        ),
        "advanced": (
            "Build a development path for {capability}: certification, leadership and "
            "succession planning, measured against the people the strategy needs."
        ),
    },
    "automation_risk": {
        "early": (
            "Give customers a way to reach a person from {automation}: a phone number or "
            "a 'talk to us' button, so that the touchpoint still expresses {values}."
        ),
        "intermediate": (
            "Add a human fallback to {automation} and check monthly a sample of its "
            "conversations against {values}."
        ),
        "advanced": (
            "Redesign {automation} with human escalation, quality monitoring against "
            "{values} and a customer-effort KPI."
        ),
    },
    "review_lapsed": {
        "early": (
            "Block two hours this month to look at your objectives and numbers, decide "
            "what to change, and close or drop the open actions."
        ),
        "intermediate": (
            "Put a quarterly strategy review in the calendar for the year, with an "
            "action list that has owners and dates, and start the next one by closing the "
            "open actions."
        ),
        "advanced": (
            "Restore the monthly strategy rhythm with a standing agenda, an action log "
            "reviewed at every meeting, and an annual strategy refresh."
        ),
    },
    "goal_behind": {
        "early": (
            "Check in with {owner} on {goal}: what blocks it, and what would you stop "
            "doing to make room for it?"
        ),
        "intermediate": (
            "Hold a check-in on {goal} with {owner}: agree the one key result to push, "
            "remove a blocker, or rescope the goal openly."
        ),
        "advanced": (
            "Escalate {goal} in the OKR review: re-plan its key results with {owner} and "
            "rebalance the dependent goals."
        ),
    },
}

DEFAULT = {
    "early": "Look into {subjects} with the people involved and decide one step for this month.",
    "intermediate": "Give {subjects} an owner and a plan, and review progress monthly.",
    "advanced": "Address {subjects} through the strategy review with an owner and a measure.",
}

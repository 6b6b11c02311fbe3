"""Privacy helpers: group-size thresholds, stable pseudonyms, and forgetting a person.

Pseudonyms
    Reports and pages name people by a pseudonym unless the workbook's
    ``privacy.show_names`` is true. A pseudonym is derived from a keyed hash
    (HMAC-SHA256) of the person id with a per-organisation *salt*, so the same person
    gets the same pseudonym in every report, page and run, and different
    organisations get unrelated pseudonyms. Only the salt is stored (a random token
    per workbook folder in ``.coxswain/salt``, or per organisation in the database),
    never a table of pseudonyms. A pseudonym is ``Person 4821`` or, where the
    person's role is held by at least ``privacy.min_group`` people, ``Baker 48``: the
    role then says no more than a group of that size.

Groups
    :func:`suppress` is the one rule for showing aggregates of groups (teams, channels,
    months of a team): primary suppression of groups under ``privacy.min_group``
    (default 5, never below 3) and secondary suppression of further groups so that the
    total minus the groups shown never leaves fewer than ``min_group`` people.
    :func:`allowed_group` is the same rule for a single aggregate. See docs/privacy.md.

Forgetting
    :func:`forget_person` erases one person from a workbook (a pure function; the
    ``coxswain forget`` command writes the result back).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import polars as pl

from coxswain.workbook import Workbook

ABSOLUTE_MIN_GROUP = 3
SALT_FILE = Path(".coxswain") / "salt"


# --------------------------------------------------------------------------- groups


def min_group(workbook: Workbook) -> int:
    """The smallest group whose aggregate may be shown (never below 3)."""
    return max(ABSOLUTE_MIN_GROUP, workbook.company.privacy.min_group)


def threshold(value: int) -> int:
    """A configured ``min_group`` as the rule applies it (never below 3)."""
    return max(ABSOLUTE_MIN_GROUP, value)


def allowed_group(size: int, workbook: Workbook) -> bool:
    """Whether an aggregate over ``size`` people may be reported (one group alone: the
    rule of :func:`suppress` with no other group beside it)."""
    return suppress(sizes={}, total=size, min_group=min_group(workbook)).total_shown


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Suppression(Generic[K]):
    """Which aggregates of a set of groups may be shown (see :func:`suppress`)."""

    min_group: int
    total: int  # people in the population
    total_shown: bool
    shown: frozenset[K]
    hidden_people: int  # people in no group shown: 0 or >= min_group when the total is shown
    primary: tuple[K, ...]  # hidden because smaller than min_group (or hidden by the caller)
    secondary: tuple[K, ...]  # hidden so that the hidden rest is not a small group

    @property
    def hidden(self) -> tuple[K, ...]:
        return self.primary + self.secondary


def suppress(
    *,
    sizes: Mapping[K, int],
    total: int | None = None,
    min_group: int,
    hide: Iterable[K] = (),
    rest: Callable[[frozenset[K]], int] | None = None,
) -> Suppression[K]:
    """Which of the groups ``sizes`` (group → distinct people in it) may show an
    aggregate, and whether the ``total`` (the whole population the groups are part of;
    people in no group count only here; default the groups' sum) may.

    * The total is shown only when it has at least ``min_group`` people; otherwise
      nothing is shown.
    * Primary suppression: a group of fewer than ``min_group`` people is hidden, and so
      is every group in ``hide`` (hidden for another reason, such as too few messages).
    * Secondary suppression: the total minus the groups shown is what a reader can
      compute for everyone else; while that rest holds between 1 and ``min_group - 1``
      people, the smallest group still shown (ties by key, as text) is hidden as well.
      The rest then holds 0 people or at least ``min_group``, so no mean or count of a
      hidden group, nor of any union of hidden groups, smaller than ``min_group`` can be
      recovered by subtraction from the numbers shown.

    Where the groups overlap (a person writes in several channels) or the aggregate is
    over something else than people (messages), ``rest(shown)`` says how many distinct
    people lie outside the groups ``shown``; by default it is the total minus their sizes
    (a partition).

    Counts (the ``n`` beside a mean) may be shown for the total and the groups shown:
    their difference is the rest, 0 or at least ``min_group``."""
    limit = threshold(min_group)
    whole = sum(sizes.values()) if total is None else total
    if rest is None:
        if whole < sum(sizes.values()):
            raise ValueError(
                f"total {whole} is smaller than the groups' sum {sum(sizes.values())}; "
                "for overlapping groups pass rest="
            )

        def rest(shown: frozenset[K]) -> int:
            return whole - sum(sizes[k] for k in shown)

    order = _ordered(sizes)
    if whole < limit:
        return Suppression(
            min_group=limit,
            total=whole,
            total_shown=False,
            shown=frozenset(),
            hidden_people=whole,
            primary=tuple(k for k in order if sizes[k] > 0),
            secondary=(),
        )
    forced = set(hide)
    primary = tuple(k for k in order if sizes[k] > 0 and (sizes[k] < limit or k in forced))
    shown = [k for k in order if sizes[k] >= limit and k not in forced]
    secondary: list[K] = []
    left = rest(frozenset(shown))
    while shown and 0 < left < limit:
        secondary.append(shown.pop(0))  # the smallest shown group
        left = rest(frozenset(shown))
    return Suppression(
        min_group=limit,
        total=whole,
        total_shown=True,
        shown=frozenset(shown),
        hidden_people=left,
        primary=primary,
        secondary=tuple(secondary),
    )


def _ordered(sizes: Mapping[K, int]) -> list[K]:
    """Groups from the smallest, ties by key as text (deterministic)."""
    return sorted(sizes, key=lambda k: (sizes[k], str(k)))


# ------------------------------------------------------------------ survey respondents


def without_respondents(workbook: Workbook) -> Workbook:
    """The workbook as the web app lets it be downloaded: unless the workbook sets
    ``privacy.show_survey_respondents``, survey.csv keeps every answer but not who gave
    it. Each respondent becomes an ``anon-`` token drawn at random for each day they
    answered (the answers of one day stay together, as the analyses read a round, but
    nothing links two days, two downloads or a token to a person); the ``team`` column
    holds the respondent's team (from people.csv, else the row's) only on a date where
    :func:`suppress` shows that team among that day's respondents (at least ``min_group``
    of them, and not hidden by secondary suppression, so that the rows with an empty team
    are never one small team), else it is empty; rows are ordered by date,
    question and token, so that their order says nothing of who answered first."""
    if workbook.company.privacy.show_survey_respondents or not workbook.has("survey"):
        return workbook
    from coxswain.analysis._staff import survey_with_teams

    survey = survey_with_teams(workbook)
    if survey.height == 0:
        return workbook
    limit = min_group(workbook)
    shown: list[tuple[Any, str]] = []  # (date, team) pairs whose team may be named
    for (day,), rows in survey.select("date", "respondent", "team_id").group_by(
        "date", maintain_order=True
    ):
        teams_of: dict[str, set[str]] = {}
        for respondent, team in rows.select("respondent", "team_id").iter_rows():
            mine = teams_of.setdefault(respondent, set())
            if team is not None:
                mine.add(team)
        sizes: dict[str, int] = {}
        for mine in teams_of.values():
            for team in mine:
                sizes[team] = sizes.get(team, 0) + 1

        def rest(groups: frozenset[str], teams_of: dict[str, set[str]] = teams_of) -> int:
            return sum(1 for mine in teams_of.values() if not mine & groups)

        kept = suppress(sizes=sizes, total=len(teams_of), min_group=limit, rest=rest)
        shown += [(day, team) for team in kept.shown]
    allowed = pl.DataFrame(
        {"date": [d for d, _ in shown], "team_id": [t for _, t in shown]},
        schema={"date": survey.schema["date"], "team_id": pl.String},
    ).with_columns(pl.lit(True).alias("_shown"))
    pairs = survey.select("respondent", "date").unique()
    tokens = pairs.with_columns(
        pl.Series("token", [f"anon-{secrets.token_hex(8)}" for _ in range(pairs.height)])
    )
    columns = workbook.table("survey").columns
    out = (
        survey.join(tokens, on=["respondent", "date"], how="left")
        .join(allowed, on=["date", "team_id"], how="left")
        .with_columns(
            pl.col("token").alias("respondent"),
            pl.when(pl.col("_shown").fill_null(False))
            .then(pl.col("team_id"))
            .otherwise(pl.lit(None, dtype=pl.String))
            .alias("team"),
        )
        .sort("date", "question", "respondent")
    )
    tables = dict(workbook.tables)
    tables["survey"] = out.select(*columns) if "team" in columns else out.select(*columns, "team")
    return Workbook(company=workbook.company, tables=tables)


# ------------------------------------------------------------------------ the salt


def default_salt(workbook: Workbook) -> str:
    """A salt for workbooks that have none stored: derived from the company name, so
    it is stable, but anyone holding the workbook can recompute it (they hold the
    names too). Store a random one with :func:`load_or_create_salt` where you can."""
    return hashlib.sha256(f"coxswain-pseudonyms:{workbook.company.name}".encode()).hexdigest()


def load_or_create_salt(directory: str | Path) -> str:
    """The salt stored in a workbook folder (``.coxswain/salt``), created at random on
    first use."""
    path = Path(directory) / SALT_FILE
    if path.exists():
        text = path.read_text(encoding="utf-8").strip()
        if text:
            _tighten(path)
            return text
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    salt = secrets.token_hex(16)
    tmp = path.with_suffix(".tmp")
    # created 0600 from the start (never briefly readable by others), whatever the umask
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(salt + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    tmp.chmod(0o600)
    tmp.replace(path)
    return salt


def _tighten(path: Path) -> None:
    """A salt written before it was kept private: make it (and its folder) the owner's
    only. Not ours to change (another user's file): leave it."""
    try:
        path.chmod(0o600)
        path.parent.chmod(0o700)
    except OSError:
        pass


# ------------------------------------------------------------------------ pseudonyms


def _digest(salt: str, person_id: str) -> int:
    mac = hmac.new(salt.encode(), person_id.encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big")


def pseudonyms(
    workbook: Workbook, *, salt: str | None = None, extra: Iterable[str] = ()
) -> dict[str, str]:
    """A pseudonym for everyone in ``people.csv`` (and any ``extra`` ids, such as
    message senders unknown to it). Deterministic for a given salt and set of people."""
    salt = salt if salt is not None else default_salt(workbook)
    people = workbook.people
    roles: dict[str, str | None] = {}
    for pid, role in zip(people["id"].to_list(), people["role"].to_list(), strict=True):
        roles[pid] = (role or "").strip() or None
    for pid in extra:
        roles.setdefault(pid, None)
    by_role: dict[str, int] = {}
    for role in roles.values():
        if role:
            by_role[role.casefold()] = by_role.get(role.casefold(), 0) + 1
    threshold = min_group(workbook)
    groups: dict[str, list[str]] = {}
    prefix: dict[str, str] = {}
    for pid, role in roles.items():
        if role and by_role[role.casefold()] >= threshold:
            key = role.casefold()
            prefix[key] = role[:1].upper() + role[1:]
        else:
            key = ""
            prefix[key] = "Person"
        groups.setdefault(key, []).append(pid)
    out: dict[str, str] = {}
    for key, members in groups.items():
        # enough digits that collisions are rare (space >= 10 x the group), at least 2
        digits = max(2, len(str(10 * len(members))))
        space = 10**digits
        taken: set[int] = set()
        ordered = sorted(members, key=lambda p: (_digest(salt, p), p))
        for pid in ordered:
            code = _digest(salt, pid) % space
            while code in taken:
                code = (code + 1) % space
            taken.add(code)
            out[pid] = f"{prefix[key]} {code:0{digits}d}"
    return out


def display_names(
    workbook: Workbook, *, salt: str | None = None, extra: Iterable[str] = ()
) -> dict[str, str]:
    """How reports name each person: the name when ``privacy.show_names``, else the
    pseudonym."""
    if workbook.company.privacy.show_names:
        people = workbook.people
        names = {
            pid: (name or pid)
            for pid, name in zip(people["id"].to_list(), people["name"].to_list(), strict=True)
        }
        for pid in extra:
            names.setdefault(pid, pid)
        return names
    return pseudonyms(workbook, salt=salt, extra=extra)


def display_name(person_id: str, workbook: Workbook, *, salt: str | None = None) -> str:
    """How reports name one person (see :func:`display_names`)."""
    return display_names(workbook, salt=salt, extra=[person_id])[person_id]


# ------------------------------------------------------------------------ forgetting


@dataclass
class ForgetReport:
    """What :func:`forget_person` removed or changed."""

    person: str
    people_rows: int = 0
    messages_sent: int = 0
    messages_only_to_them: int = 0
    recipient_mentions: int = 0
    survey_answers: int = 0
    checkins: int = 0
    manager_references: int = 0
    goals: list[str] = field(default_factory=list)  # reassigned to their team
    goals_removed: list[str] = field(default_factory=list)  # no team to take them
    initiatives: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.people_rows
            or self.messages_sent
            or self.messages_only_to_them
            or self.recipient_mentions
            or self.survey_answers
            or self.checkins
            or self.manager_references
            or self.goals
            or self.goals_removed
            or self.initiatives
        )

    def lines(self) -> list[str]:
        out = [
            f"people.csv: {self.people_rows} row removed"
            if self.people_rows == 1
            else f"people.csv: {self.people_rows} rows removed",
            f"messages.csv: {self.messages_sent} messages they sent removed",
            f"messages.csv: {self.messages_only_to_them} messages addressed only to them removed",
            f"messages.csv: removed from the recipients of {self.recipient_mentions} messages",
            f"survey.csv: {self.survey_answers} answers removed",
            f"checkins.csv: {self.checkins} check-ins removed",
            f"people.csv: {self.manager_references} manager references cleared",
        ]
        if self.goals:
            out.append(f"company.yaml: goals given to their team: {', '.join(self.goals)}")
        if self.goals_removed:
            out.append(f"company.yaml: goals removed: {', '.join(self.goals_removed)}")
        if self.initiatives:
            out.append(f"company.yaml: initiatives reassigned: {', '.join(self.initiatives)}")
        out.extend(self.notes)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "people_rows": self.people_rows,
            "messages_sent": self.messages_sent,
            "messages_only_to_them": self.messages_only_to_them,
            "recipient_mentions": self.recipient_mentions,
            "survey_answers": self.survey_answers,
            "checkins": self.checkins,
            "manager_references": self.manager_references,
            "goals": self.goals,
            "goals_removed": self.goals_removed,
            "initiatives": self.initiatives,
            "notes": self.notes,
        }


def forget_person(*, workbook: Workbook, person_id: str) -> tuple[Workbook, ForgetReport]:
    """The workbook without ``person_id``: their ``people.csv`` row, the messages they
    sent, their id in other messages' recipients (a message addressed only to them
    goes too), their survey answers and check-ins; goals and initiatives they own pass to their
    team (a goal of someone without a team is removed, an initiative's owner is left
    empty), and people they managed have no manager recorded. Returns the new
    workbook and a report of what changed. Anonymous survey answers (``anon-…``)
    cannot be traced to anyone and stay."""
    report = ForgetReport(person=person_id)
    tables: dict[str, pl.DataFrame] = dict(workbook.tables)
    team: str | None = None

    if "people" in tables:
        people = tables["people"]
        mine = people.filter(pl.col("id") == person_id)
        report.people_rows = mine.height
        if mine.height:
            team = mine["team"][0]
        people = people.filter(pl.col("id") != person_id)
        report.manager_references = people.filter(pl.col("manager") == person_id).height
        people = people.with_columns(
            pl.when(pl.col("manager") == person_id)
            .then(pl.lit(None, dtype=pl.String))
            .otherwise(pl.col("manager"))
            .alias("manager")
        )
        tables["people"] = people

    if "messages" in tables:
        messages = tables["messages"]
        sent = pl.col("sender") == person_id
        report.messages_sent = messages.filter(sent).height
        messages = messages.filter(~sent)
        parts = (
            pl.col("recipients")
            .fill_null("")
            .str.split(";")
            .list.eval(pl.element().str.strip_chars())
        )
        kept = parts.list.eval(pl.element().filter(pl.element() != "")).list.set_difference(
            pl.lit([person_id], dtype=pl.List(pl.String))
        )
        messages = messages.with_columns(
            parts.list.contains(person_id).alias("_had"),
            kept.alias("_kept"),
        )
        report.recipient_mentions = int(messages["_had"].sum())
        only = pl.col("_had") & (pl.col("_kept").list.len() == 0)
        report.messages_only_to_them = messages.filter(only).height
        report.recipient_mentions -= report.messages_only_to_them
        messages = messages.filter(~only).with_columns(
            pl.when(pl.col("_had"))
            .then(pl.col("_kept").list.join(";"))
            .otherwise(pl.col("recipients"))
            .alias("recipients")
        )
        tables["messages"] = messages.drop("_had", "_kept")
        if report.messages_sent or report.recipient_mentions:
            report.notes.append(
                "message text that mentions them by name is not searched; check texts if kept"
            )

    if "survey" in tables:
        survey = tables["survey"]
        report.survey_answers = survey.filter(pl.col("respondent") == person_id).height
        tables["survey"] = survey.filter(pl.col("respondent") != person_id)

    if "checkins" in tables:
        checkins = tables["checkins"]
        theirs = (pl.col("person") == person_id).fill_null(False)
        report.checkins = checkins.filter(theirs).height
        tables["checkins"] = checkins.filter(~theirs)

    company = workbook.company
    goals = []
    for goal in company.goals:
        if goal.owner != person_id:
            goals.append(goal)
        elif team:
            goals.append(goal.model_copy(update={"owner": team}))
            report.goals.append(goal.id)
        else:
            report.goals_removed.append(goal.id)
    removed = set(report.goals_removed)
    if removed:
        # a goal whose parent was removed loses its parent rather than its existence
        goals = [g.model_copy(update={"parent": None}) if g.parent in removed else g for g in goals]
    initiatives = []
    for initiative in company.initiatives:
        if initiative.owner == person_id:
            initiatives.append(initiative.model_copy(update={"owner": team}))
            report.initiatives.append(initiative.id)
        else:
            initiatives.append(initiative)
    if report.goals or report.goals_removed or report.initiatives:
        company = company.model_copy(
            update={"goals": tuple(goals), "initiatives": tuple(initiatives)}
        )
    if team and (report.goals or report.initiatives):
        report.notes.append(f"their goals and initiatives now belong to team {team!r}")
    if not report.people_rows:
        report.notes.append(f"{person_id!r} is not in people.csv")
    return Workbook(company=company, tables=tables), report

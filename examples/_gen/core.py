"""Shared building blocks of the example generator: calendar, series, people, messages,
surveys, ideas, spend, transactions, and the writers of the workbook folder form.

Everything random comes from a ``numpy.random.Generator`` (numbers in bulk) or a
``random.Random`` seeded from it (choices in loops), so that a run is deterministic.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .text import FIRST_NAMES, LAST_NAMES, TONES, Composer

END = dt.date(2026, 9, 30)

# ---------------------------------------------------------------- calendar and series


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def month_ends(start: dt.date, end: dt.date = END) -> list[dt.date]:
    """Last days of the months from ``start``'s month to ``end``'s month."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(month_end(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def week_ends(start: dt.date, end: dt.date = END) -> list[dt.date]:
    """Sundays from the first Sunday on or after ``start`` to ``end``."""
    d = start + dt.timedelta(days=(6 - start.weekday()) % 7)
    out = []
    while d <= end:
        out.append(d)
        d += dt.timedelta(days=7)
    return out


def path(n: int, points: Sequence[tuple[float, float]]) -> np.ndarray:
    """A piecewise-linear path over ``n`` steps through (fraction of the span, value) points."""
    xs = [p[0] * (n - 1) for p in points]
    return np.interp(np.arange(n), xs, [p[1] for p in points])


def seasonal(dates: Sequence[dt.date], by_month: Mapping[int, float]) -> np.ndarray:
    """A value per date from its calendar month (0 where unnamed)."""
    return np.array([by_month.get(d.month, 0.0) for d in dates])


def ar_noise(rng: np.random.Generator, n: int, sd: float, phi: float = 0.3) -> np.ndarray:
    """AR(1) noise with stationary standard deviation ``sd``."""
    e = rng.normal(0.0, sd * np.sqrt(1 - phi**2), n)
    out = np.empty(n)
    acc = rng.normal(0.0, sd)
    for i in range(n):
        acc = phi * acc + e[i]
        out[i] = acc
    return out


def frac(d: dt.date, start: dt.date, end: dt.date = END) -> float:
    """Where ``d`` lies in [start, end], 0..1."""
    return min(1.0, max(0.0, (d - start).days / max(1, (end - start).days)))


# ---------------------------------------------------------------- people


@dataclass
class TeamPlan:
    id: str
    name: str
    function: str
    roles: Sequence[tuple[str, int]]  # (role, count); the first role's first person leads
    skills: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # mean, sd
    training: tuple[float, float] = (10.0, 4.0)  # hours in the last 12 months: mean, sd


@dataclass
class Person:
    id: str
    name: str
    team: str
    role: str
    manager: str
    hired: dt.date
    skills: dict[str, int]
    training_hours: float
    email: str
    handles: str

    @property
    def first(self) -> str:
        return self.name.split()[0]


def make_people(
    rng: np.random.Generator,
    *,
    teams: Sequence[TeamPlan],
    domain: str,
    founded: dt.date,
    late_hires: int = 0,
    span_start: dt.date,
) -> list[Person]:
    """Staff for ``teams``: the first team's first person heads the company; every other team's
    first person reports to the head, and members report to their team's lead."""
    rnd = random.Random(int(rng.integers(1 << 30)))
    first_names = list(FIRST_NAMES)
    last_names = list(LAST_NAMES)
    rnd.shuffle(first_names)
    rnd.shuffle(last_names)
    total = sum(c for t in teams for _, c in t.roles)
    assert total <= len(first_names) * len(last_names)
    used: set[str] = set()
    people: list[Person] = []
    head = ""
    k = 0
    late = set(rnd.sample(range(1, total), k=late_hires)) if late_hires else set()
    for t_index, team in enumerate(teams):
        lead = ""
        for r_index, (role, count) in enumerate(team.roles):
            for c in range(count):
                while True:
                    first = first_names[k % len(first_names)]
                    last = last_names[(k + k // len(last_names)) % len(last_names)]
                    k += 1
                    pid = f"{first}_{last}".lower()
                    if pid not in used:
                        used.add(pid)
                        break
                is_lead = r_index == 0 and c == 0
                if t_index == 0 and is_lead:
                    manager = ""
                elif is_lead:
                    manager = head
                else:
                    manager = lead or head
                idx = len(people)
                if idx in late:
                    hired = span_start + dt.timedelta(
                        days=int(rng.integers(120, max(121, (END - span_start).days - 60)))
                    )
                else:
                    days = max(1, (span_start - founded).days)
                    hired = founded + dt.timedelta(days=int(rng.integers(0, days)))
                if is_lead:
                    hired = min(hired, founded + dt.timedelta(days=60 * t_index))
                skills: dict[str, int] = {}
                for skill, (mean, sd) in team.skills.items():
                    level = int(
                        np.clip(np.rint(rng.normal(mean + (0.7 if is_lead else 0), sd)), 0, 5)
                    )
                    if level >= 1:
                        skills[skill] = level
                hours = float(max(0.0, rng.normal(*team.training)))
                person = Person(
                    id=pid,
                    name=f"{first} {last}",
                    team=team.id,
                    role=role,
                    manager=manager,
                    hired=hired,
                    skills=skills,
                    training_hours=round(hours, 1),
                    email=f"{first}.{last}@{domain}".lower(),
                    handles=f"@{first.lower()}{last[0].lower()};{first.lower()}.{last.lower()}",
                )
                people.append(person)
                if t_index == 0 and is_lead:
                    head = pid
                if is_lead:
                    lead = pid
    return people


def people_rows(people: Sequence[Person]) -> list[list[str]]:
    return [
        [
            p.id,
            p.name,
            p.team,
            p.role,
            p.manager,
            p.hired.isoformat(),
            ";".join(f"{s}:{lv}" for s, lv in sorted(p.skills.items())),
            f"{p.training_hours:.1f}",
            p.email,
            p.handles,
        ]
        for p in people
    ]


PEOPLE_COLUMNS = [
    "id",
    "name",
    "team",
    "role",
    "manager",
    "hired",
    "skills",
    "training_hours",
    "email",
    "handles",
]

# ---------------------------------------------------------------- messages

ToneFn = Callable[[Person, dt.date], tuple[float, float, float]]


@dataclass
class MessagePlan:
    total: int
    start: dt.date
    tone: ToneFn
    topics: Mapping[str, Sequence[str]]  # team id → topic names it talks about
    cross_topics: Sequence[str]
    tz: str = "+00:00"
    hours: tuple[int, int] = (8, 18)
    weekend_weight: float = 0.1
    internal_share: Mapping[str, float] = field(default_factory=dict)  # default 0.7
    cross_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # (team a, team b) → a person of team a through whom all a↔b traffic flows
    route_via: Mapping[tuple[str, str], str] = field(default_factory=dict)
    # the go-between passes each message on to the other team (one more message, from them):
    # the team's traffic with the other team still flows, through one person; without it
    # the asks stay inside the team and the team also looks cut off (a silo)
    relay: bool = False
    activity: Mapping[str, float] = field(default_factory=dict)  # person id → weight (1)
    channel_share: float = 0.2  # share of in-team messages posted to the team channel
    email_share: float = 0.2
    seasonal_volume: Mapping[int, float] = field(default_factory=dict)  # month → multiplier
    topic_from: Mapping[str, dt.date] = field(default_factory=dict)  # topic → first day


MESSAGE_COLUMNS = ["timestamp", "sender", "recipients", "channel", "text"]


def _tone(rnd: random.Random, probs: tuple[float, float, float]) -> str:
    x = rnd.random() * sum(probs)
    if x < probs[0]:
        return TONES[0]
    if x < probs[0] + probs[1]:
        return TONES[1]
    return TONES[2]


def _topic(rnd: random.Random, plan: MessagePlan, topics: Sequence[str], day: dt.date) -> str:
    return rnd.choice([t for t in topics if plan.topic_from.get(t, day) <= day])


def make_messages(
    rng: np.random.Generator, *, people: Sequence[Person], plan: MessagePlan, composer: Composer
) -> list[list[str]]:
    rnd = random.Random(int(rng.integers(1 << 30)))
    by_id = {p.id: p for p in people}
    teams = sorted({p.team for p in people})
    days = []
    d = plan.start
    while d <= END:
        w = plan.weekend_weight if d.weekday() >= 5 else 1.0
        w *= plan.seasonal_volume.get(d.month, 1.0)
        days.append((d, w))
        d += dt.timedelta(days=1)
    day_w = np.array([w for _, w in days])
    day_counts = rng.multinomial(plan.total, day_w / day_w.sum())
    rows: list[tuple[str, list[str]]] = []
    h0, h1 = plan.hours
    utc_offset = dt.datetime.fromisoformat("2000-01-01T00:00:00" + plan.tz).utcoffset()
    assert utc_offset is not None
    last_moment = dt.datetime.combine(END, dt.time(23, 59, 59))
    for (day, _), n in zip(days, day_counts, strict=True):
        if n == 0:
            continue
        active = [p for p in people if p.hired <= day]
        weights = [plan.activity.get(p.id, 1.0) for p in active]
        senders = rnd.choices(active, weights=weights, k=int(n))
        members: dict[str, list[Person]] = {t: [] for t in teams}
        for p in active:
            members[p.team].append(p)
        for sender in senders:
            team = sender.team
            relayed: tuple[Person, Person] | None = None
            internal = rnd.random() < plan.internal_share.get(team, 0.7)
            mates = [p for p in members[team] if p.id != sender.id]
            if internal and mates:
                if rnd.random() < plan.channel_share:
                    channel = f"#{team}"
                    recipients = mates
                else:
                    channel = "email" if rnd.random() < plan.email_share else "dm"
                    recipients = [rnd.choice(mates)]
                topic = _topic(rnd, plan, plan.topics[team], day)
            else:
                others = [t for t in teams if t != team and members[t]]
                if not others:
                    continue
                cw = plan.cross_weights.get(team, {})
                other = rnd.choices(
                    others, weights=[cw.get(t, 1.0) * len(members[t]) for t in others]
                )[0]
                via = plan.route_via.get((team, other))
                back = plan.route_via.get((other, team))
                if via and via != sender.id and by_id[via].hired <= day:
                    target = [by_id[via]]  # ask the go-between in one's own team
                    if plan.relay:
                        relayed = (by_id[via], rnd.choice(members[other]))
                elif back and by_id[back].hired <= day:
                    target = [by_id[back]]  # the other team's go-between answers
                else:
                    target = [rnd.choice(members[other])]
                    if rnd.random() < 0.25 and len(members[other]) > 1:
                        target = rnd.sample(members[other], k=2)
                channel = "email" if rnd.random() < plan.email_share + 0.15 else "dm"
                recipients = target
                topic = _topic(rnd, plan, plan.cross_topics, day)
            tone = _tone(rnd, plan.tone(sender, day))
            ts = dt.datetime.combine(day, dt.time()) + dt.timedelta(
                seconds=rnd.randrange(h0 * 3600, h1 * 3600)
            )
            if ts - utc_offset > last_moment:  # keep every message inside the data's span
                ts -= dt.timedelta(days=1)
            text = composer.message(topic, tone)
            rows.append(
                (
                    ts.isoformat(),
                    [
                        ts.isoformat() + plan.tz,
                        sender.id,
                        ";".join(p.id for p in recipients),
                        channel,
                        text,
                    ],
                )
            )
            if relayed is not None:
                hub, to = relayed
                later = ts + dt.timedelta(minutes=rnd.randrange(5, 120))
                if later - utc_offset <= last_moment:
                    rows.append(
                        (
                            later.isoformat(),
                            [later.isoformat() + plan.tz, hub.id, to.id, channel, text],
                        )
                    )
    rows.sort(key=lambda r: (r[0], r[1][1]))
    return [r[1] for r in rows]


# ---------------------------------------------------------------- survey


@dataclass
class SurveyPlan:
    dates: Sequence[dt.date]
    aligned: Sequence[str]  # paraphrases of the top priorities
    p_aligned: Callable[[Person, dt.date], float]
    line_of_sight: Callable[[Person, dt.date], float]  # mean on 1..5
    values_lived: Callable[[Person, dt.date], float]
    enps: Callable[[Person, dt.date], float]  # mean on 0..10
    tone: ToneFn
    response_rate: float = 0.85
    comment_rate: float = 0.5
    anonymous: bool = False


SURVEY_COLUMNS = ["respondent", "date", "question", "answer", "team"]


def quarterly_pulses(start: dt.date, day: int = 12) -> list[dt.date]:
    """A pulse in the last month of every quarter from ``start`` to END."""
    return [
        dt.date(d.year, d.month, day)
        for d in month_ends(start)
        if d.month % 3 == 0 and dt.date(d.year, d.month, day) >= start
    ]


def make_survey(
    rng: np.random.Generator, *, people: Sequence[Person], plan: SurveyPlan, composer: Composer
) -> list[list[str]]:
    rnd = random.Random(int(rng.integers(1 << 30)))
    rows = []
    token = 0
    for day in plan.dates:
        for p in people:
            if p.hired > day or rnd.random() > plan.response_rate:
                continue
            if plan.anonymous:
                token += 1
                who, team = f"anon-{rng.integers(16**6):06x}{token:04d}", p.team
            else:
                who, team = p.id, ""
            d = day + dt.timedelta(days=int(rng.integers(0, 6)))

            def likert(mean: float, lo: int, hi: int, sd: float) -> str:
                return str(int(np.clip(np.rint(rng.normal(mean, sd)), lo, hi)))

            rows.append(
                [
                    who,
                    d.isoformat(),
                    "priorities",
                    composer.priorities(plan.aligned, plan.p_aligned(p, day)),
                    team,
                ]
            )
            rows.append(
                [
                    who,
                    d.isoformat(),
                    "line_of_sight",
                    likert(plan.line_of_sight(p, day), 1, 5, 0.8),
                    team,
                ]
            )
            rows.append(
                [
                    who,
                    d.isoformat(),
                    "values_lived",
                    likert(plan.values_lived(p, day), 1, 5, 0.8),
                    team,
                ]
            )
            rows.append([who, d.isoformat(), "enps", likert(plan.enps(p, day), 0, 10, 1.5), team])
            if rnd.random() < plan.comment_rate:
                rows.append(
                    [
                        who,
                        d.isoformat(),
                        "comment",
                        composer.comment(_tone(rnd, plan.tone(p, day))),
                        team,
                    ]
                )
    rows.sort(key=lambda r: (r[1], r[0], r[2]))
    return rows


# ---------------------------------------------------------------- ideas


@dataclass
class IdeaPlan:
    start: dt.date
    per_month: float
    titles: Sequence[tuple[str, str]]  # (title, objective id or "")
    decide_days: Callable[[dt.date], float]  # mean days from created to decided
    launch_days: Callable[[dt.date], float]  # mean days from decided to launched
    p_drop: float = 0.25
    p_launch: float = 0.7


IDEA_COLUMNS = ["id", "title", "objective", "created", "decided", "launched", "status"]


def make_ideas(rng: np.random.Generator, *, plan: IdeaPlan) -> list[list[str]]:
    rnd = random.Random(int(rng.integers(1 << 30)))
    titles = list(plan.titles)
    rnd.shuffle(titles)
    rows = []
    n = 0
    for me in month_ends(plan.start):
        first = dt.date(me.year, me.month, 1)
        for _ in range(int(rng.poisson(plan.per_month))):
            created = first + dt.timedelta(days=int(rng.integers(0, me.day)))
            title, objective = titles[n % len(titles)]
            if n >= len(titles):
                again = ("revisited", "third try", "one more time", "new proposal")
                title = f"{title} ({again[min(n // len(titles), len(again)) - 1]})"
            n += 1
            decided = created + dt.timedelta(
                days=int(max(1, rng.gamma(2.0, plan.decide_days(created) / 2.0)))
            )
            status, dec, lau = "open", "", ""
            if decided <= END:
                dec = decided.isoformat()
                if rnd.random() < plan.p_drop:
                    status = "dropped"
                else:
                    status = "decided"
                    launched = decided + dt.timedelta(
                        days=int(max(1, rng.gamma(2.0, plan.launch_days(decided) / 2.0)))
                    )
                    if launched <= END and rnd.random() < plan.p_launch:
                        status, lau = "launched", launched.isoformat()
            rows.append([f"idea-{n:03d}", title, objective, created.isoformat(), dec, lau, status])
    rows.sort(key=lambda r: (r[3], r[0]))
    return rows


# ---------------------------------------------------------------- spend


@dataclass
class SpendLine:
    initiative: str
    category: str
    monthly: Callable[[dt.date], float]  # expected amount in the month ending on the date
    start: dt.date
    end: dt.date = END
    sd: float = 0.1  # relative noise
    day: int = 15


SPEND_COLUMNS = ["date", "initiative", "category", "amount"]


def make_spend(rng: np.random.Generator, *, lines: Sequence[SpendLine]) -> list[list[str]]:
    rows = []
    for line in lines:
        for me in month_ends(line.start, line.end):
            base = line.monthly(me)
            if base <= 0:
                continue
            amount = max(0.0, base * (1 + rng.normal(0, line.sd)))
            day = dt.date(me.year, me.month, min(line.day, me.day))
            rows.append([day.isoformat(), line.initiative, line.category, f"{amount:.2f}"])
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return rows


# ---------------------------------------------------------------- transactions


@dataclass
class CustomerPlan:
    start: dt.date
    new_per_month: Callable[[dt.date], float]
    rate_per_month: tuple[float, float]  # gamma shape, scale of each customer's purchase rate
    dropout: Callable[[dt.date], float]  # probability to leave after a purchase on that date
    amount: Callable[[dt.date, float], float]  # (date, uniform draw) → amount
    weekday_weights: Sequence[float] = (1, 1, 1, 1, 1, 1, 1)
    season: Mapping[int, float] = field(default_factory=dict)  # month → rate multiplier
    initial: int = 0  # customers who already buy when the data starts


TRANSACTION_COLUMNS = ["customer", "date", "amount"]


def make_transactions(rng: np.random.Generator, *, plan: CustomerPlan) -> list[list[str]]:
    """Customers arrive, buy at their own Poisson rate and leave after a purchase with a
    time-varying probability (the Pareto/NBD and BG/NBD story)."""
    rnd = random.Random(int(rng.integers(1 << 30)))
    ww = np.asarray(plan.weekday_weights, dtype=float)
    ww = ww / ww.max()
    max_season = max([1.0, *plan.season.values()])
    rows: list[tuple[dt.date, str, float]] = []
    cid = 0
    for i, me in enumerate(month_ends(plan.start)):
        first = dt.date(me.year, me.month, 1)
        arrivals = int(rng.poisson(plan.new_per_month(me))) + (plan.initial if i == 0 else 0)
        for _ in range(arrivals):
            cid += 1
            name = f"c{cid:05d}"
            rate = rng.gamma(*plan.rate_per_month) / 30.4  # per day
            peak = rate * max_season
            day = first + dt.timedelta(days=int(rng.integers(0, me.day)))
            while day <= END:
                rows.append((day, name, plan.amount(day, rnd.random())))
                if rnd.random() < plan.dropout(day):
                    break
                # thinning: candidate gaps at the peak rate, accepted by season and weekday
                while True:
                    day = day + dt.timedelta(days=max(1, int(rng.exponential(1 / peak) + 0.5)))
                    keep = plan.season.get(day.month, 1.0) / max_season * ww[day.weekday()]
                    if day > END or rnd.random() < keep:
                        break
    rows.sort(key=lambda r: (r[0], r[1]))
    return [[c, d.isoformat(), f"{a:.2f}"] for d, c, a in rows]


# ---------------------------------------------------------------- KPI rows


def kpi_rows(
    series: Mapping[str, tuple[Sequence[dt.date], Iterable[float]]], decimals: Mapping[str, int]
) -> list[list[str]]:
    rows = []
    for kpi, (dates, values) in series.items():
        nd = decimals.get(kpi, 2)
        for d, v in zip(dates, values, strict=True):
            rows.append([d.isoformat(), kpi, f"{float(v):.{nd}f}"])
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


KPI_COLUMNS = ["date", "kpi", "value"]

# ---------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(x, dict | list) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(v, int) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def write_yaml(path: Path, mapping: Mapping[str, Any], header: str) -> None:
    body = yaml.dump(
        dict(mapping),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.strip().splitlines())
    path.write_text(comment + body, encoding="utf-8")


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


def readme(name: str) -> str:
    """The hand-written README of an example (``_gen/readme/<name>.md``)."""
    return (Path(__file__).parent / "readme" / f"{name}.md").read_text(encoding="utf-8")


@dataclass
class Example:
    """One generated workbook: company.yaml, its CSV tables and a README."""

    name: str
    company: dict[str, Any]
    header: str
    readme: str
    tables: Mapping[str, tuple[Sequence[str], list[list[str]]]] = field(default_factory=dict)

    def write(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.csv"):
            if old.stem not in self.tables:
                old.unlink()
        write_yaml(directory / "company.yaml", self.company, self.header)
        for name, (columns, rows) in self.tables.items():
            write_csv(directory / f"{name}.csv", columns, rows)
        (directory / "README.md").write_text(self.readme.strip() + "\n", encoding="utf-8")
        # the owner's what-if questions (coxswain scenario), hand-written like the README
        scenarios = Path(__file__).parent / "scenarios" / f"{self.name}.yaml"
        if scenarios.is_file():
            (directory / "scenarios.yaml").write_bytes(scenarios.read_bytes())


# ---------------------------------------------------------------- customer KPIs


def _purchases(rows: Sequence[Sequence[str]]) -> dict[str, list[dt.date]]:
    out: dict[str, list[dt.date]] = {}
    for customer, day, _ in rows:
        out.setdefault(customer, []).append(dt.date.fromisoformat(day))
    return out


def repeat_rate(
    rows: Sequence[Sequence[str]], months: Sequence[dt.date], window_days: int = 90
) -> np.ndarray:
    """Per month: % of the month's buyers who had also bought in the ``window_days`` before it."""
    bought = _purchases(rows)
    out = []
    for me in months:
        first = dt.date(me.year, me.month, 1)
        since = first - dt.timedelta(days=window_days)
        buyers = repeat = 0
        for dates in bought.values():
            if any(first <= d <= me for d in dates):
                buyers += 1
                repeat += any(since <= d < first for d in dates)
        out.append(100.0 * repeat / max(1, buyers))
    return np.array(out)


def cohort_retention(
    rows: Sequence[Sequence[str]], months: Sequence[dt.date], lookback: int = 3
) -> np.ndarray:
    """Per month: % of customers who bought in the ``lookback`` months before the last
    ``lookback`` months and bought again within the last ``lookback`` months."""
    bought = _purchases(rows)
    out = []
    for i, me in enumerate(months):
        j = max(0, i - lookback + 1)
        recent_start = dt.date(months[j].year, months[j].month, 1)
        k = max(0, j - lookback)
        prior_start = dt.date(months[k].year, months[k].month, 1)
        prior = kept = 0
        for dates in bought.values():
            if any(prior_start <= d < recent_start for d in dates):
                prior += 1
                kept += any(recent_start <= d <= me for d in dates)
        out.append(100.0 * kept / max(1, prior))
    return np.array(out)


def workbook_tables(
    *,
    kpis: list[list[str]],
    people: Sequence[Person],
    messages: list[list[str]],
    survey: list[list[str]],
    ideas: list[list[str]],
    spend: list[list[str]],
    transactions: list[list[str]],
) -> dict[str, tuple[Sequence[str], list[list[str]]]]:
    """Every CSV table of an example: its columns and its rows."""
    return {
        "kpi_values": (KPI_COLUMNS, kpis),
        "people": (PEOPLE_COLUMNS, people_rows(people)),
        "messages": (MESSAGE_COLUMNS, messages),
        "survey": (SURVEY_COLUMNS, survey),
        "ideas": (IDEA_COLUMNS, ideas),
        "spend": (SPEND_COLUMNS, spend),
        "transactions": (TRANSACTION_COLUMNS, transactions),
    }

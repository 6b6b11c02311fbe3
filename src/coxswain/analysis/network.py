"""Who talks to whom: silos and bottlenecks in internal communication.

Over a period (the ``PERIOD_DAYS`` days up to ``as_of``) the messages become a
weighted directed graph (:mod:`coxswain.network.ties`; broadcasts left out). From it:

- per person: degree, network size, betweenness, Burt's constraint and the share of
  cross-team shortest paths that pass through them (:mod:`coxswain.network.metrics`);
- per team: internal share, E-I index, and how much more inward the team is than
  random mixing would make a team of its size (:mod:`coxswain.network.groups`);
  the team-to-team matrix; Louvain communities and their overlap with the teams;
  the same team measures month by month over the history.

Findings: ``silo`` (a team far more inward than the company's norm, judged against
its size) and ``bottleneck`` (one role through which a large share of cross-team
communication passes: of all cross-team shortest paths, absolutely (30%) or relative to
the company's own distribution (a median/MAD outlier of the path shares, on 10% of them
or holding most of the brokerage, who receives three times the median person's
messages), or of the messages between two teams). Privacy: teams under
``privacy.min_group`` are reported as too small, and people appear under pseudonyms
unless ``privacy.show_names``; where every team is under it, the section has no score.

Score (0-100) = 100 x (0.5 x integration + 0.25 x (1 - people in silos) + 0.25 x
resilience), where integration falls linearly from 1 to 0 as the company's
volume-weighted excess inwardness goes from 0.3 to 0.9, and resilience falls from 1
to 0 as the largest single cross-team share goes from 0.2 to 0.8.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import numpy as np
import polars as pl

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.privacy import display_names, min_group, suppress
from coxswain.workbook import Workbook

PERIOD_DAYS = 90
MIN_TEAM_MESSAGES = 30  # messages touching a team before it can be judged a silo
# A silo keeps its outward contact (the share of its messages sent outside, against what
# random mixing would give a team of its size: 1 − excess inwardness) at no more than a third
# of the company norm's, and below half of it at the upper 95% bound of its outward share
# (Wilson, from the messages counted); high at a sixth. A ratio, not a difference of excess
# inwardness: near the top of that bounded scale a fixed difference of 0.25 took ordinary
# teams keeping 73–74% inside (40–60% of the norm's outward contact) for silos when the norm
# came from one or two other teams.
SILO_OUTWARD_RATIO = 1 / 3
SILO_OUTWARD_BOUND = 1 / 2
SILO_OUTWARD_RATIO_HIGH = 1 / 6
SILO_FLOOR = 0.5  # and at least this far from random mixing towards isolation
DEFAULT_NORM = 0.3  # the norm when fewer than two other teams give one
BOTTLENECK_SHARE = 0.3  # of all cross-team shortest paths, through one person
BOTTLENECK_SHARE_HIGH = 0.5
# a hub relative to the company's own distribution (any size): an outlier of the
# cross-team path shares (robust z from the median and MAD) who carries at least
# RELATIVE_SHARE of the cross-team paths and receives LOAD_RATIO times the median
RELATIVE_SHARE = 0.1
OUTLIER_Z = 3.5  # Iglewicz & Hoaglin's cut-off for the modified z-score
SHARE_SCALE_FLOOR = 0.01  # the MAD scale never below one point of share (ties at 0)
MOST = 0.5  # of the company's cross-team brokerage: "holds most of the brokerage"
LOAD_RATIO = 3.0
LOAD_RATIO_HIGH = 5.0
MIN_CROSS_PAIRS = 6  # ordered cross-team pairs joined by a path: a 5-person company has 12
# and, for (a), the person sent and received at least MIN_PAIR_MESSAGES in the period
GATEKEEPER_SHARE = 0.7  # of the messages between two teams, through one person
GATEKEEPER_SHARE_HIGH = 0.9
MIN_PAIR_MESSAGES = 30
TOP_PEOPLE = 15
SMALL = "(teams too small to report)"


def _r(x: float | None, digits: int = 3) -> float | None:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return None
    return round(float(x), digits)


def _outward_ratio(m: Any, norm: float) -> tuple[float, float]:
    """The team's outward contact against the norm's, and its upper 95% bound.

    Outward contact is ``1 − excess inwardness``: the share of the team's messages sent
    outside, divided by the share random mixing would send for its size. The bound takes the
    Wilson upper limit of the outward share from the messages counted (rounded up to whole
    messages), so that a team judged on few messages is not called a silo on their noise.
    """
    from statsmodels.stats.proportion import proportion_confint

    total = float(m.internal + m.external)
    random_outward = 1.0 - float(m.expected_share)
    norm_outward = 1.0 - norm
    if total <= 0 or random_outward <= 0 or norm_outward <= 0:
        return float("inf"), float("inf")
    ratio = (1.0 - float(m.excess_inwardness)) / norm_outward
    n = int(np.ceil(total))
    _, upper = proportion_confint(int(np.ceil(float(m.external))), n, alpha=0.05, method="wilson")
    return ratio, min(1.0, float(upper)) / random_outward / norm_outward


def analyze(workbook: Workbook, context: Context) -> Section:
    from coxswain.network.groups import (
        ari,
        communities,
        nmi,
        pair_gatekeepers,
        team_matrix,
        team_mixing,
    )
    from coxswain.network.metrics import person_metrics
    from coxswain.network.ties import build_ties
    from coxswain.network.trends import monthly_team_mixing

    section = Section(name="network", component="network")
    if not workbook.has("messages") or workbook.messages.height == 0:
        section.missing.append("messages.csv")
        section.score_note = "no messages: the communication network cannot be measured"
        return section
    if not workbook.has("people"):
        section.missing.append("people.csv")
        section.score_note = "no people.csv: messages cannot be related to teams"
        return section

    settings = context.settings
    end = context.as_of
    start = end - dt.timedelta(days=PERIOD_DAYS - 1)
    people = workbook.people
    team_of: dict[str, str | None] = dict(
        zip(people["id"].to_list(), people["team"].to_list(), strict=True)
    )
    sizes: dict[str, int] = {}
    for t in team_of.values():
        if t:
            sizes[t] = sizes.get(t, 0) + 1
    threshold = min_group(workbook)
    # the one rule: teams under min_group hidden, and the next smallest while the people
    # outside the teams shown would be fewer than min_group
    rule = suppress(sizes=sizes, total=len(team_of), min_group=threshold)
    allowed = set(rule.shown)
    small = sorted(t for t in sizes if t not in allowed)
    team_names = {t.id: t.name for t in workbook.company.teams}

    ties = build_ties(
        workbook.messages,
        broadcast_recipients=settings.broadcast_recipients,
        people=list(team_of),
        start=start,
        end=end,
    )
    salt = context.salt(workbook)
    names = display_names(workbook, salt=salt, extra=ties.nodes)
    period = {"start": start.isoformat(), "end": end.isoformat(), "days": PERIOD_DAYS}
    section.tables["period"] = period
    section.tables["privacy"] = {
        "min_group": threshold,
        "show_names": workbook.company.privacy.show_names,
        "too_small_to_report": small,
    }
    section.tables["volume"] = {
        "messages": ties.messages,
        "broadcasts_excluded": ties.broadcasts,
        "broadcast_recipients": settings.broadcast_recipients,
        "without_recipients": ties.no_recipients,
        "ties": ties.m,
        "people": ties.n,
    }
    if ties.m == 0:
        section.score_note = f"no person-to-person messages between {start} and {end}" + (
            f" ({ties.broadcasts} broadcasts left out)" if ties.broadcasts else ""
        )
        return section

    teams = [team_of.get(p) for p in ties.nodes]
    persons, reachable_cross = person_metrics(ties, teams=teams)
    mixing = team_mixing(ties, teams=teams)
    matrix = team_matrix(ties, teams=teams)

    # ---------------------------------------------------------------- team tables
    evidence = [
        m
        for m in mixing
        if m.excess_inwardness is not None and m.internal + m.external >= MIN_TEAM_MESSAGES
    ]
    team_rows: list[dict[str, Any]] = []
    for m in mixing:
        if m.team not in allowed:
            continue
        team_rows.append(
            {
                "team": m.team,
                "name": team_names.get(m.team, m.team),
                "size": sizes.get(m.team, m.size),
                "internal": int(m.internal),
                "external": int(m.external),
                "received": int(m.received),
                "internal_share": _r(m.internal_share),
                "ei_index": _r(m.ei_index),
                "expected_ei": _r(m.expected_ei),
                "excess_inwardness": _r(m.excess_inwardness),
                "p_value": _r(m.p_value, 4),
            }
        )
    section.tables["teams"] = team_rows
    section.tables["too_small_to_report"] = [
        {
            "team": t,
            "name": team_names.get(t, t),
            "note": "hidden so that a smaller team cannot be worked out by subtraction"
            if t in rule.secondary
            else "too small to report",
        }
        for t in small
    ]
    section.tables["matrix"] = _matrix_table(
        matrix, allowed=allowed, small=small, sizes=sizes, threshold=threshold
    )
    section.tables["matrix"]["names"] = [
        team_names.get(t, t) for t in section.tables["matrix"]["teams"]
    ]

    # ------------------------------------------------------------------ silos
    silo_people = 0
    for m in evidence:
        if m.team not in allowed:
            continue
        others = [o.excess_inwardness or 0.0 for o in evidence if o.team != m.team]
        norm = statistics.median(others) if len(others) >= 2 else DEFAULT_NORM
        x = m.excess_inwardness
        assert x is not None
        ratio, ratio_upper = _outward_ratio(m, norm)
        if (
            x < SILO_FLOOR
            or ratio > SILO_OUTWARD_RATIO
            or ratio_upper > SILO_OUTWARD_BOUND
            or (m.p_value or 1) > 0.01
        ):
            continue
        severity = Severity.high if ratio <= SILO_OUTWARD_RATIO_HIGH else Severity.medium
        silo_people += sizes.get(m.team, 0)
        name = team_names.get(m.team, m.team)
        section.findings.append(
            Finding(
                kind="silo",
                severity=severity,
                subjects=(m.team,),
                title=(
                    f"{name} talks mostly to itself: {100 * (m.internal_share or 0):.0f}% of "
                    f"the messages its people send stay inside the team"
                ),
                evidence={
                    "team_size": sizes.get(m.team, m.size),
                    "messages_inside": int(m.internal),
                    "messages_sent_out": int(m.external),
                    "messages_received_from_outside": int(m.received),
                    "internal_share": _r(m.internal_share),
                    "ei_index": _r(m.ei_index),
                    "expected_ei_random_mixing": _r(m.expected_ei),
                    "excess_inwardness": _r(x),
                    "company_norm_excess_inwardness": _r(norm),
                    "outward_contact_vs_norm": _r(ratio),
                    "outward_contact_vs_norm_upper95": _r(ratio_upper),
                    "p_value": _r(m.p_value, 4),
                    "period": period,
                },
                recommendation=(
                    f"Give {name} standing reasons to work with the teams its objectives "
                    "depend on: a shared goal, a joint review, or a rotating liaison."
                ),
            )
        )

    # ------------------------------------------------------------- bottlenecks
    total_cross_msgs = float(persons["cross_team_messages"].sum()) / 2 or 0.0
    n_teams_active = len({t for t in teams if t})
    ranked = persons.sort("cross_team_share", descending=True)
    worst_share = float(ranked["cross_team_share"][0]) if ranked.height else 0.0
    by_person = {r["person"]: r for r in persons.iter_rows(named=True)}
    # (a) people on a large share of all cross-team shortest paths, absolutely or
    # relative to the company's own distribution of shares and of messages received
    load = _load(persons)
    candidates: dict[str, list[dict[str, Any]]] = {}
    on_paths: set[str] = set()
    if n_teams_active >= 2 and reachable_cross >= MIN_CROSS_PAIRS:
        for row in ranked.head(3).iter_rows(named=True):
            share = float(row["cross_team_share"])
            stats = load[row["person"]]
            hub = (
                (share >= RELATIVE_SHARE or stats["share_of_brokerage"] >= MOST)
                and stats["share_z"] >= OUTLIER_Z
                and stats["received_vs_median"] >= LOAD_RATIO
            )
            busy = int(row["sent"]) + int(row["received"]) >= MIN_PAIR_MESSAGES  # a load
            if busy and (share >= BOTTLENECK_SHARE or hub):
                candidates.setdefault(row["person"], [])
                on_paths.add(row["person"])
    # (b) the one channel between two teams: most of the messages between them are
    # theirs, although their own team is large enough to share the load
    gates = pair_gatekeepers(ties, teams=teams).filter(
        (pl.col("share") >= GATEKEEPER_SHARE) & (pl.col("pair_messages") >= MIN_PAIR_MESSAGES)
    )
    for g in gates.iter_rows(named=True):
        own = team_of.get(g["person"])
        other = g["team_b"] if own == g["team_a"] else g["team_a"]
        if own not in allowed or sizes.get(other, 0) < 2:
            continue
        candidates.setdefault(g["person"], []).append(
            {
                "teams": [own, other],
                "messages": g["messages"],
                "pair_messages": g["pair_messages"],
                "share": _r(g["share"]),
            }
        )
    for pid, pairs in candidates.items():
        row = by_person[pid]
        share = float(row["cross_team_share"])
        stats = load[pid]
        ratio = stats["received_vs_median"]
        team = row["team"]
        role = _role(people, pid)
        label = names.get(pid, pid)
        top_pair = max(pairs, key=lambda p: (p["share"], p["pair_messages"])) if pairs else None
        high = (
            share >= BOTTLENECK_SHARE_HIGH
            or (top_pair is not None and top_pair["share"] >= GATEKEEPER_SHARE_HIGH)
            or (share >= BOTTLENECK_SHARE and ratio >= LOAD_RATIO_HIGH)
        )
        who = f"one {role or 'person'} ({label})"
        # the plainest evidence first: one channel carrying (nearly) all of two teams'
        # messages, else the share of cross-team paths
        if top_pair is not None and (
            pid not in on_paths or top_pair["share"] >= GATEKEEPER_SHARE_HIGH
        ):
            a_name = team_names.get(top_pair["teams"][0], top_pair["teams"][0])
            b_name = team_names.get(top_pair["teams"][1], top_pair["teams"][1])
            pct = 100 * top_pair["share"]
            lead = "All" if pct >= 99.5 else f"{pct:.0f}% of the"
            title = f"{lead} messages between {a_name} and {b_name} go through {who}"
        else:
            title = f"{100 * share:.0f}% of cross-team paths run through {who}"
        if ratio >= 2:
            title += f", who receives {_times(ratio)} the median person's messages"
        section.findings.append(
            Finding(
                kind="bottleneck",
                severity=Severity.high if high else Severity.medium,
                subjects=(pid, team) if team else (pid,),
                title=title,
                evidence={
                    "person": label,
                    "role": role,
                    "team": team,
                    "team_pairs": pairs,
                    "cross_team_path_share": _r(share),
                    "share_of_brokerage": _r(stats["share_of_brokerage"]),
                    "cross_team_path_share_median": _r(stats["share_median"]),
                    "cross_team_path_share_robust_z": _r(stats["share_z"], 1),
                    "received": int(row["received"]),
                    "median_received": _r(stats["median_received"], 1),
                    "received_vs_median": _r(ratio, 1),
                    "cross_team_messages": int(row["cross_team_messages"]),
                    "share_of_cross_team_messages": _r(
                        row["cross_team_messages"] / total_cross_msgs if total_cross_msgs else None
                    ),
                    "network_size": int(row["network_size"]),
                    "cross_team_pairs": int(reachable_cross),
                    "people": ties.n,
                    "period": period,
                },
                recommendation=(
                    "This role carries the load of connecting the teams and is a single point "
                    "of failure; spread it: introduce the teams directly, share the role, and "
                    "write down what only this role knows."
                ),
            )
        )

    people_rows = []
    for row in ranked.head(TOP_PEOPLE).iter_rows(named=True):
        people_rows.append(
            {
                "person": row["person"],
                "name": names.get(row["person"], row["person"]),
                "team": row["team"],
                "role": _role(people, row["person"]),
                "network_size": int(row["network_size"]),
                "out_degree": int(row["out_degree"]),
                "in_degree": int(row["in_degree"]),
                "sent": int(row["sent"]),
                "received": int(row["received"]),
                "betweenness": _r(row["betweenness"], 4),
                "constraint": _r(row["constraint"]),
                "cross_team_share": _r(row["cross_team_share"]),
            }
        )
    section.tables["brokers"] = people_rows
    section.tables["people_summary"] = {
        "people": ties.n,
        "median_network_size": _r(float(np.median(persons["network_size"].to_numpy())), 1),
        "median_constraint": _r(float(np.nanmedian(persons["constraint"].to_numpy())))
        if persons["constraint"].drop_nans().len()
        else None,
    }

    # ------------------------------------------------------------- communities
    active = (persons["sent"] + persons["received"]).to_numpy() > 0
    labels = communities(ties, seed=0)
    have_team = np.array([t is not None for t in teams]) & active
    comm_rows = []
    for c in np.unique(labels[active]):
        members = np.flatnonzero((labels == c) & active)
        if members.size < threshold:
            continue
        member_teams = [teams[i] or "(no team)" for i in members]
        top = max(set(member_teams), key=member_teams.count)
        comm_rows.append(
            {
                "community": int(c),
                "size": int(members.size),
                "main_team": top,
                "main_team_share": _r(member_teams.count(top) / members.size),
            }
        )
    overlap = None
    if have_team.sum() >= 2:
        team_labels = [teams[i] for i in np.flatnonzero(have_team)]
        comm_labels = labels[have_team].tolist()
        overlap = {
            "nmi": _r(nmi(comm_labels, team_labels)),
            "ari": _r(ari(comm_labels, team_labels)),
        }
    section.tables["communities"] = {
        "method": "Louvain (networkx), resolution 1, seed 0, undirected weighted ties",
        "count": int(np.unique(labels[active]).size),
        "groups": comm_rows,
        "overlap_with_teams": overlap,
    }

    # ----------------------------------------------------------------- monthly
    monthly = monthly_team_mixing(
        workbook.messages,
        team_of=team_of,
        broadcast_recipients=settings.broadcast_recipients,
        end=end,
    ).filter(pl.col("team").is_in(sorted(allowed)))
    section.tables["monthly"] = [
        {
            "month": r["month"].isoformat(),
            "team": r["team"],
            "internal": int(r["internal"]),
            "external": int(r["external"]),
            "ei_index": _r(r["ei_index"]),
            "excess_inwardness": _r(r["excess_inwardness"]),
        }
        for r in monthly.iter_rows(named=True)
    ]

    # -------------------------------------------------------------------- score
    judged = [m for m in evidence if m.team in allowed]
    if not allowed:
        # no team can be shown: a score would rest on groups privacy hides (no evidence)
        section.score_note = (
            f"every team has fewer than {threshold} people, the smallest group shown to keep "
            "people unidentifiable: who talks to whom is not scored"
        )
        return section
    volume = sum(m.internal + m.external for m in judged)
    if not judged or volume <= 0:
        section.score_note = "too few messages touching the teams to score the network"
        return section
    company_excess = (
        sum((m.excess_inwardness or 0.0) * (m.internal + m.external) for m in judged) / volume
    )
    integration = float(np.clip(1 - (company_excess - 0.3) / 0.6, 0, 1))
    people_judged = sum(sizes.get(m.team, 0) for m in judged) or 1
    silo_part = 1 - min(1.0, silo_people / people_judged)
    resilience = (
        float(np.clip(1 - (worst_share - 0.2) / 0.6, 0, 1))
        if reachable_cross >= MIN_CROSS_PAIRS
        else 1.0
    )
    section.score = round(100 * (0.5 * integration + 0.25 * silo_part + 0.25 * resilience), 1)
    section.score_note = (
        f"integration {integration:.2f} (company excess inwardness {company_excess:.2f}), "
        f"people outside silos {silo_part:.2f}, resilience {resilience:.2f} "
        f"(largest cross-team path share {worst_share:.2f})"
    )
    section.tables["score_parts"] = {
        "integration": _r(integration),
        "company_excess_inwardness": _r(company_excess),
        "outside_silos": _r(silo_part),
        "resilience": _r(resilience),
        "largest_cross_team_share": _r(worst_share),
    }
    return section


def _load(persons: pl.DataFrame) -> dict[str, dict[str, float]]:
    """Each person against the company's own distribution: messages received against the
    median of the people active in the period, the cross-team path share as a robust
    (median/MAD) z-score, and the person's share of all the cross-team brokerage."""
    active = ((persons["sent"] + persons["received"]) > 0).to_numpy()
    received = persons["received"].to_numpy().astype(float)
    shares = persons["cross_team_share"].to_numpy().astype(float)
    median_received = float(np.median(received[active])) if active.any() else 0.0
    pool = shares[active] if active.any() else shares
    median_share = float(np.median(pool)) if pool.size else 0.0
    mad = float(np.median(np.abs(pool - median_share))) if pool.size else 0.0
    scale = max(1.4826 * mad, SHARE_SCALE_FLOOR)
    total = float(shares.sum())
    out: dict[str, dict[str, float]] = {}
    for pid, rec, share in zip(persons["person"].to_list(), received, shares, strict=True):
        out[pid] = {
            "received_vs_median": rec / median_received if median_received > 0 else 0.0,
            "median_received": median_received,
            "share_median": median_share,
            "share_z": (share - median_share) / scale,
            "share_of_brokerage": share / total if total > 0 else 0.0,
        }
    return out


def _times(ratio: float) -> str:
    """'3 times', 'twice', '12 times' for an owner."""
    n = round(ratio)
    return "twice" if n == 2 else f"{n} times"


def _role(people: pl.DataFrame, pid: str) -> str | None:
    hit = people.filter(pl.col("id") == pid)
    if hit.height == 0:
        return None
    role = hit["role"][0]
    return role if role else None


def _matrix_table(
    matrix: pl.DataFrame,
    *,
    allowed: set[str],
    small: list[str],
    sizes: dict[str, int],
    threshold: int,
) -> dict[str, Any]:
    """The team-to-team matrix with teams under the privacy threshold merged into one
    group (shown only when the merged group itself is large enough)."""
    merged_size = sum(sizes[t] for t in small)
    show_small = merged_size >= threshold

    def bucket(team: str | None) -> str | None:
        if team in allowed:
            return team
        if team in small and show_small:
            return SMALL
        return None

    rows: dict[tuple[str, str], int] = {}
    for r in matrix.iter_rows(named=True):
        a, b = bucket(r["from_team"]), bucket(r["to_team"])
        if a is None or b is None:
            continue
        rows[(a, b)] = rows.get((a, b), 0) + int(r["messages"])
    order = sorted(allowed) + ([SMALL] if show_small and small else [])
    cells = [[rows.get((a, b), 0) for b in order] for a in order]
    return {"teams": order, "messages": cells}

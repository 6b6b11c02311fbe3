"""Numbers, units, chances and dates as owners read them, in the workbook's ``locale``.

Babel (BSD) does the locale work: digit grouping, decimal marks, percent and currency
signs, month names. What is ours is the rounding rule of ``shared/design/writing.md``
("round to what the owner can act on") and the reading of a KPI's free-text unit
(``1-5`` is a scale: "3.9 out of 5"; ``USD`` is money; ``%`` a percentage).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    NumberFormatError,
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    format_scientific,
    get_currency_symbol,
    list_currencies,
    parse_decimal,
)

DEFAULT_LOCALE = "en"
CHANCE_DECIMALS = 3
"""A chance is kept (in evidence) and said (:meth:`Words.chance`) at this precision, so a
title and a summary of the same chance read the same ("1-in-1,000", never "1-in-950")."""
HUGE = 1e15
"""From this size a number is written in powers of ten (``1.2E20``): digit by digit it would be
wider than any page, and babel's decimal arithmetic cannot round it (a key result typed as
``1e308`` must still show, so that its owner can correct it)."""
_SCALE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*$")
_PERCENT_UNITS = frozenset({"%", "percent", "per cent", "pct"})
_COUNT_UNITS = frozenset(
    {"", "count", "people", "persons", "visitors", "customers", "accounts", "orders", "items"}
)


@lru_cache(maxsize=64)
def known_locale(text: str) -> str | None:
    """``text`` as Babel names the locale (``en-gb`` → ``en_GB``), or None when Babel does
    not know it."""
    raw = text.strip().replace("-", "_")
    if not raw or not re.fullmatch(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})*", raw):
        return None
    parts = raw.split("_")
    raw = "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])
    try:
        return str(Locale.parse(raw))
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def scale_top(unit: str | None) -> float | None:
    """The top of a scale written as a unit (``1-5`` → 5), else None."""
    m = _SCALE.match(unit or "")
    return float(m.group(2)) if m else None


def lowest_possible(unit: str | None) -> float | None:
    """The lowest value a KPI in this unit can take, where the unit says (a scale's bottom,
    0 for counts, money, percentages and hours); None when it may be negative (a score
    such as NPS, a change)."""
    u = (unit or "").strip()
    if not u:
        return None
    m = _SCALE.match(u)
    if m:
        return float(m.group(1))
    low = u.casefold()
    if low in _PERCENT_UNITS or u in _currencies():
        return 0.0
    if low in {"nps", "score", "points", "change"} or low.startswith(("net ", "delta")):
        return None
    # counts, durations, rates in plain words: "visitors", "hours", "people", "days", "min"
    return 0.0 if re.fullmatch(r"[a-z][a-z /]*", low) or low in _COUNT_UNITS else None


def within_possible(
    low: float | None, high: float | None, unit: str | None
) -> tuple[float | None, float | None]:
    """A range of a KPI's levels cut to what the KPI can be (:func:`lowest_possible`,
    :func:`scale_top`): no forecast "between -0.39 and 1.54 hours" or above a scale's top."""
    floor, top = lowest_possible(unit), scale_top(unit)
    if floor is not None:
        low = None if low is None else max(low, floor)
        high = None if high is None else max(high, floor)
    if top is not None:
        low = None if low is None else min(low, top)
        high = None if high is None else min(high, top)
    return low, high


def decimals_for(value: float) -> int:
    """How many decimals the owner can act on: none from 100, one from 1, else two
    significant digits (0.042 → 0.042, 0.42 → 0.42)."""
    size = abs(value)
    if size >= 100 or size == 0:
        return 0
    if size >= 1:
        return 1
    return min(4, 1 - math.floor(math.log10(size)))


@dataclass(frozen=True)
class Words:
    """How one company writes numbers and dates: its ``locale`` and ``currency``."""

    locale: str = DEFAULT_LOCALE
    currency: str = "USD"

    def _loc(self) -> str:
        return known_locale(self.locale) or DEFAULT_LOCALE

    # ---------------------------------------------------------------- numbers
    def read_number(self, text: str, unit: str | None = None) -> float:
        """A number as a person types it in this locale: ``1,200`` or ``1200`` (``1.200`` in
        German), ``3.5``, ``-2``, ``1e6``; where ``unit`` is a percentage, ``55%`` too.
        Raises ``ValueError`` with what to type instead for anything else, including an
        infinity or "not a number"."""
        raw = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
        if raw.endswith("%") and (unit or "").strip().casefold() in _PERCENT_UNITS:
            raw = raw[:-1].rstrip()
        try:
            value = float(parse_decimal(raw, locale=self._loc(), strict=True))
        except NumberFormatError:
            try:
                value = float(raw)  # 1e6, or a plain 3.5 where the locale writes 3,5
            except ValueError:
                raise ValueError(
                    f"{text.strip()!r} is not a number; type a plain number such as "
                    f"{self.plain(1200)} or {self.plain(3.5)}"
                ) from None
        if not math.isfinite(value):
            raise ValueError(f"{text.strip()!r} is not a finite number; type a plain number")
        return value

    def _huge(self, value: float) -> str | None:
        """``value`` in powers of ten where it is too large to write out (:data:`HUGE`),
        "not known" where it is not a number at all; None for an ordinary number."""
        if math.isnan(value):
            return "not known"
        if math.isinf(value):
            return "−∞" if value < 0 else "∞"
        if abs(value) >= HUGE:
            return format_scientific(value, format="0.##E0", locale=self._loc())
        return None

    def plain(self, value: float, decimals: int | None = None) -> str:
        """A number rounded to what matters: ``36,106``, ``3.9``, ``0.42``; with
        ``decimals``, exactly that many (``8.0`` beside ``19.5``)."""
        if (huge := self._huge(value)) is not None:
            return huge
        places = decimals_for(value) if decimals is None else decimals
        digit = "#" if decimals is None else "0"
        pattern = "#,##0" + ("." + digit * places if places else "")
        return format_decimal(round(value, places), format=pattern, locale=self._loc())

    def count(self, value: float) -> str:
        if (huge := self._huge(value)) is not None:
            return huge
        return format_decimal(round(value), format="#,##0", locale=self._loc())

    def more_months(self, months: float) -> str:
        """Time still to wait, as an owner plans it: ``8 more months`` up to two years,
        ``8 more years`` from there (92 months), not a count of months nobody reads."""
        if months < 24:
            return f"{self.count(months)} more {'month' if round(months) == 1 else 'months'}"
        return f"{self.count(months / 12)} more years"

    def money(self, value: float, currency: str | None = None) -> str:
        code = currency or self.currency
        if (huge := self._huge(value)) is not None:
            return f"{huge} {code}"
        pattern = Locale.parse(self._loc()).currency_formats["standard"].pattern
        if abs(value) >= 100 or float(value).is_integer():  # whole units: no cents
            pattern = re.sub(r"\.0+", "", pattern)
            value = round(value)
        return format_currency(
            value, code, format=pattern, locale=self._loc(), currency_digits=False
        )

    def share(self, value: float) -> str:
        """A fraction of a whole as a percentage: ``0.683`` → ``68%``; a sliver is "under 1%"."""
        if (huge := self._huge(value * 100)) is not None:
            return f"{huge}%"
        if 0 < value < 0.005:
            return "under " + format_percent(0.01, format="#,##0%", locale=self._loc())
        if 0.995 < value < 1:
            return "almost " + format_percent(1, format="#,##0%", locale=self._loc())
        return format_percent(value, format="#,##0%", locale=self._loc())

    def amount(self, value: float | None, unit: str | None = None) -> str:
        """A level in a KPI's own unit, the unit once: ``3.9 out of 5``, ``$36,106``,
        ``68%``, ``2,356 visitors``."""
        if value is None:
            return "not known"
        u = (unit or "").strip()
        if u.casefold() in _PERCENT_UNITS:
            if (huge := self._huge(value)) is not None:
                return f"{huge}%"
            return format_percent(value / 100, format="#,##0.#%", locale=self._loc())
        if u.upper() in _currencies() and len(u) == 3:
            return self.money(value, u.upper())
        top = scale_top(u)
        if top is not None:
            return f"{self.plain(value)} out of {self.plain(top)}"
        text = self.plain(value)
        return f"{text} {u}" if u and u.casefold() != "count" else text

    def tick(self, value: float, unit: str | None = None) -> str:
        """A chart axis's label in a KPI's unit, short enough for a narrow axis: ``68%``,
        ``$36.1K``, ``2.4K``, ``3.9``; the unit's name goes in :meth:`axis_unit`."""
        u = (unit or "").strip()
        if (huge := self._huge(value)) is not None:
            return huge + ("%" if u.casefold() in _PERCENT_UNITS else "")
        if u.casefold() in _PERCENT_UNITS:
            return format_percent(value / 100, format="#,##0.#%", locale=self._loc())
        money = u.upper() in _currencies() and len(u) == 3
        if abs(value) >= 1000:
            short = (
                format_compact_currency(value, u.upper(), locale=self._loc(), fraction_digits=1)
                if money
                else format_compact_decimal(value, locale=self._loc(), fraction_digits=1)
            )
            # a locale with no short form for thousands (German) gives "36106,4": say it whole
            symbol = get_currency_symbol(u.upper(), locale=self._loc()) if money else ""
            if any(ch.isalpha() for ch in short.replace(symbol, "")):
                return short
        return self.money(value, u.upper()) if money else self.plain(value)

    def axis_unit(self, unit: str | None) -> str:
        """What a chart's vertical axis counts, said once above it ("visitors", "out of
        5"); empty where the ticks already say it (percentages, money) or there is nothing
        to say (a plain count)."""
        u = (unit or "").strip()
        if u.casefold() in _PERCENT_UNITS or (u.upper() in _currencies() and len(u) == 3):
            return ""
        top = scale_top(u)
        if top is not None:
            return f"out of {self.plain(top)}"
        return "" if u.casefold() == "count" else u

    def difference(self, value: float, unit: str | None = None) -> str:
        """A change in a KPI's unit without its sign: ``0.5 out of 5`` reads as ``0.5
        points``; a change of a percentage, ``15.8 percentage points`` (44.2% to 28.4%), never
        ``15.8%``, which reads as a share of the level."""
        u = (unit or "").strip()
        if scale_top(u) is not None:
            return f"{self.plain(abs(value))} points"
        if u.casefold() in _PERCENT_UNITS:
            size = self.plain(abs(value))
            return f"{size} percentage {'point' if size == '1' else 'points'}"
        return self.amount(abs(value), u)

    def between(self, low: float | None, high: float | None, unit: str | None = None) -> str:
        """A range of levels: "between 2.0 and 2.8 out of 5"; an open end reads "at least"/
        "at most"; never beyond what the unit allows (:func:`within_possible`)."""
        low, high = within_possible(low, high, unit)
        if low is None and high is None:
            return "not known"
        if high is None:
            return f"at least {self.amount(low, unit)}"
        if low is None:
            return f"at most {self.amount(high, unit)}"
        u = (unit or "").strip()
        if u.upper() in _currencies() or u.casefold() in _PERCENT_UNITS:
            return f"between {self.amount(low, u)} and {self.amount(high, u)}"
        places = decimals_for(min(abs(low), abs(high)) or max(abs(low), abs(high)))
        if scale_top(u) is not None:
            top = self.plain(scale_top(u) or 0)
            return f"between {self.plain(low, places)} and {self.plain(high, places)} out of {top}"
        high_text = self.plain(high, places) + (f" {u}" if u and u.casefold() != "count" else "")
        return f"between {self.plain(low, places)} and {high_text}"

    def chance(self, p: float) -> str:
        """A probability as "about a 1-in-30 chance" (below 10%), "about a 68% chance",
        never 0% or 100%: "almost no chance", "almost certain". ``p`` is first rounded as
        evidence keeps it (:data:`CHANCE_DECIMALS`): the same chance reads the same from
        the exact value and from the stored one."""
        p = round(p, CHANCE_DECIMALS)
        if p < 0.0005:
            return "almost no chance"
        if p > 0.995:
            return "almost certain"
        if p < 0.1:
            n = 1 / p
            digits = max(0, math.floor(math.log10(n)) - 1)
            n = round(n, -digits) if digits else round(n)
            return f"about a 1-in-{self.count(n)} chance"
        whole = round(p * 100)
        article = "an" if str(whole).startswith("8") or whole in (11, 18) else "a"  # "an 86%"
        return (
            f"about {article} "
            + format_percent(p, format="#,##0%", locale=self._loc())
            + (" chance")
        )

    # ------------------------------------------------------------------ dates
    def date(self, value: dt.date | str | None) -> str:
        """One date format for every page: the locale's long form ("30 June 2027")."""
        day = _day(value)
        return "not known" if day is None else format_date(day, format="long", locale=self._loc())

    def month(self, value: dt.date | str | None) -> str:
        """A month: "June 2027"."""
        day = _day(value)
        if day is None:
            return "not known"
        return format_skeleton("yMMMM", day, locale=self._loc())


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None

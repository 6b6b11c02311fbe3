"""Numbers, units, chances and dates as owners read them (coxswain.wording.numbers)."""

from __future__ import annotations

import datetime as dt

import pytest

from coxswain.wording.numbers import Words, known_locale, lowest_possible

EN = Words()
GB = Words(locale="en_GB", currency="GBP")
DE = Words(locale="de_DE", currency="EUR")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (3.88, "1-5", "3.9 out of 5"),  # a scale: the unit once, never "3.88 1-5"
        (3.0, "0–10", "3 out of 10"),
        (36106.4, "USD", "$36,106"),
        (68.0, "%", "68%"),
        (2356, "visitors", "2,356 visitors"),
        (0.042, None, "0.042"),
        (12.345, "hours", "12.3 hours"),
        (3.0, "people", "3 people"),
    ],
)
def test_a_level_carries_its_unit_once(value: float, unit: str | None, shown: str) -> None:
    assert EN.amount(value, unit) == shown


def test_money_and_numbers_follow_the_locale() -> None:
    assert GB.amount(36106, "USD") == "US$36,106"
    assert GB.money(46000) == "£46,000"
    assert DE.plain(1234.56) == "1.235"
    assert DE.plain(3.88) == "3,9"
    assert DE.money(46000) == "46.000\xa0€"  # the locale's own spacing


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (0.001, "about a 1-in-1,000 chance"),
        (0.033, "about a 1-in-30 chance"),
        (0.0, "almost no chance"),
        (1.0, "almost certain"),
        (0.68, "about a 68% chance"),
    ],
)
def test_a_chance_is_never_0_or_100_percent(p: float, shown: str) -> None:
    assert EN.chance(p) == shown


def test_one_date_format_per_locale() -> None:
    day = dt.date(2027, 6, 30)
    assert EN.date(day) == "June 30, 2027"
    assert GB.date("2027-06-30") == "30 June 2027"
    assert GB.month(day) == "June 2027"
    assert DE.date(day) == "30. Juni 2027"
    assert EN.date(None) == "not known"


def test_a_range_does_not_repeat_a_scale() -> None:
    assert EN.between(3.81, 4.12, "1-5") == "between 3.8 and 4.1 out of 5"
    assert EN.between(7.99, 19.46, "stars") == "between 8.0 and 19.5 stars"
    assert EN.between(1000, 2000, "USD") == "between $1,000 and $2,000"
    assert EN.between(178, None) == "at least 178"


def test_locales_babel_knows_are_kept_in_its_spelling() -> None:
    assert known_locale("en-gb") == "en_GB"
    assert known_locale("de") == "de"
    assert known_locale("Narnia") is None
    assert known_locale("xx_YY") is None
    assert known_locale("") is None


@pytest.mark.parametrize(
    ("unit", "floor"),
    [("1-5", 1.0), ("USD", 0.0), ("%", 0.0), ("visitors", 0.0), ("NPS", None), (None, None)],
)
def test_the_lowest_value_a_unit_allows(unit: str | None, floor: float | None) -> None:
    assert lowest_possible(unit) == floor


def test_ranges_stay_within_what_the_kpi_can_be() -> None:
    """A forecast range never goes below a count's, hours', money's or percentage's zero,
    nor beyond a scale's ends."""
    assert EN.between(-0.39, 1.54, "hours") == "between 0.0 and 1.5 hours"
    assert EN.between(-923.2, 500, "USD") == "between $0 and $500"
    assert EN.between(-3, 40, "%") == "between 0% and 40%"
    assert EN.between(0.4, 5.6, "1-5") == "between 1.0 and 5.0 out of 5"
    assert EN.between(-12, 30, "NPS").startswith("between -12")  # a score may be negative


def test_a_chance_reads_the_same_from_its_exact_and_its_stored_value() -> None:
    """A title (the exact chance) and a summary (the chance as evidence keeps it) agree."""
    exact = 1 / 950
    assert EN.chance(exact) == EN.chance(round(exact, 3)) == "about a 1-in-1,000 chance"


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.86, "about an 86% chance"),
        (0.11, "about an 11% chance"),
        (0.18, "about an 18% chance"),
        (0.68, "about a 68% chance"),
        (0.8, "about an 80% chance"),
    ],
)
def test_a_or_an_before_a_chance(p: float, text: str) -> None:
    assert EN.chance(p) == text


@pytest.mark.parametrize(
    ("words", "value", "unit", "tick", "caption"),
    [
        (EN, 68.0, "%", "68%", ""),  # the tick says it: no caption
        (EN, 36106.4, "USD", "$36.1K", ""),
        (EN, 420.0, "USD", "$420", ""),
        (EN, 2356.0, "visitors", "2.4K", "visitors"),
        (EN, 3.88, "1-5", "3.9", "out of 5"),
        (EN, 12.345, "hours", "12.3", "hours"),
        (EN, 7.0, "count", "7", ""),
        (DE, 12.345, "hours", "12,3", "hours"),
        (DE, 36106.4, "EUR", "36.106\xa0€", ""),  # no short form for thousands in German
        (DE, 2356000.0, "visitors", "2,4\xa0Mio.", "visitors"),
    ],
)
def test_a_chart_axis_is_written_in_the_kpis_unit(
    words: Words, value: float, unit: str, tick: str, caption: str
) -> None:
    """Chart axes used to carry bare numbers ("3.78", "36106"): the tick is now short and in
    the unit, and the unit a tick cannot carry is said once above the axis."""
    assert words.tick(value, unit) == tick
    assert words.axis_unit(unit) == caption


@pytest.mark.parametrize(
    ("months", "shown"),
    [
        (1, "1 more month"),
        (8, "8 more months"),
        (23, "23 more months"),
        (24, "2 more years"),
        (92, "8 more years"),
    ],
)
def test_time_still_to_wait_is_in_months_then_years(months: int, shown: str) -> None:
    assert Words().more_months(months) == shown


def test_a_change_of_a_percentage_is_in_percentage_points() -> None:
    """44.2% before, 28.4% since: the jump is 15.8 percentage points, not "15.8%", which
    reads as a share of the level (a 15.8% fall from 44.2% would leave 37.2%)."""
    w = Words()
    assert w.difference(-15.8, "%") == "15.8 percentage points"
    assert w.difference(1.0, "percent") == "1 percentage point"
    assert w.difference(0.5, "1-5") == "0.5 points"
    assert w.difference(-2500, "EUR") == "€2,500"


@pytest.mark.parametrize("value", [1e15, 1e20, 1e308, -1e308])
@pytest.mark.parametrize("words", [EN, DE])
def test_a_huge_number_is_written_in_powers_of_ten_by_every_formatter(
    value: float, words: Words
) -> None:
    """Babel's decimal rounding raised InvalidOperation on 1e308 (a check-in typed as such
    broke the check-in page for good); digit by digit 1e20 would be wider than a phone."""
    texts = [
        words.plain(value),
        words.count(value),
        words.money(value, "GBP"),
        words.amount(value, "%"),
        words.amount(value, "visitors"),
        words.tick(value, "USD"),
        words.difference(value, "%"),
        words.between(abs(value) / 10, abs(value), "kg"),
        words.share(value / 100),
    ]
    assert all("E" in t and len(t) < 40 for t in texts), texts


@pytest.mark.parametrize(
    ("words", "typed", "value"),
    [
        (EN, "1,200", 1200.0),
        (EN, "1200", 1200.0),
        (EN, " 3.5 ", 3.5),
        (EN, "-2", -2.0),
        (EN, "1e6", 1e6),
        (DE, "1.200", 1200.0),
        (DE, "3,5", 3.5),
    ],
)
def test_a_typed_number_reads_as_the_locale_writes_it(
    words: Words, typed: str, value: float
) -> None:
    assert words.read_number(typed) == value


@pytest.mark.parametrize(
    "typed", ["", "lots", "inf", "-Infinity", "nan", "1,2,3", "12,00", "1e400"]
)
def test_what_is_not_a_finite_number_is_refused_with_what_to_type(typed: str) -> None:
    with pytest.raises(ValueError, match="type a plain number"):
        EN.read_number(typed)


def test_a_percentage_may_be_typed_with_its_sign_where_the_unit_is_one() -> None:
    """ "55%" for a key result in % was "not a number" (a walk-through)."""
    assert EN.read_number("55%", unit="%") == 55.0
    assert DE.read_number("12,5 %", unit="percent") == 12.5
    with pytest.raises(ValueError, match="type a plain number"):
        EN.read_number("55%", unit="stars")  # a sign that is not the unit's

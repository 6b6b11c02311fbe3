# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Template helpers: evidence values of any JSON shape as readable HTML, and the plain words
of :mod:`coxswain.wording` (dates, kind names, stages) for templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "—"}[value]
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return escape(str(value))


def _html(value: Any, depth: int) -> str:
    if isinstance(value, dict):
        if depth > 2:
            return escape(str(value))
        items = "".join(
            f"<dt>{escape(str(k))}</dt><dd>{_html(v, depth + 1)}</dd>" for k, v in value.items()
        )
        return f'<dl class="evidence nested">{items}</dl>'
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) for v in value) and depth <= 2:
            keys = list(dict.fromkeys(k for v in value for k in v))
            head = "".join(f"<th>{escape(str(k))}</th>" for k in keys)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html(v.get(k), depth + 1)}</td>" for k in keys) + "</tr>"
                for v in value[:50]
            )
            more = f'<p class="muted small">… {len(value) - 50} more</p>' if len(value) > 50 else ""
            table = f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
            table = f'<table class="evidence-table">{table}</table>'
            return f'<div class="scroll-x">{table}</div>{more}'
        return ", ".join(_html(v, depth + 1) for v in value) or "—"
    return _scalar(value)


@register.filter
def evidence(value: Any) -> SafeString:
    """A finding's evidence value (number, text, list, mapping, list of rows) as HTML."""
    return mark_safe(_html(value, 0))


@register.filter
def label(value: Any, labels: dict[str, str] | None) -> str:
    """A workbook id as pages show it: a team's name, a person's name or pseudonym."""
    return (labels or {}).get(str(value), str(value)) if value is not None else ""


@register.filter
def band_word(band: str | None) -> str:
    """An alignment band as an owner reads it (coxswain.analysis.index.BAND_WORDS)."""
    from coxswain.analysis.index import BAND_WORDS

    return BAND_WORDS.get(band or "", "")


@register.filter
def band_meaning(band: str | None) -> str:
    """What an alignment band means to an owner (coxswain.analysis.index.BAND_MEANING)."""
    from coxswain.analysis.index import BAND_MEANING

    return BAND_MEANING.get(band or "", "")


@register.filter
def amount(value: Any, unit: str | None = None) -> str:
    """A value in its unit as the KPI tiles write it (:meth:`coxswain.wording.Words.amount`):
    "175 accounts", "68%", "1E308" (never "175.0accounts")."""
    from coxswain.wording import Words

    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return Words().amount(number, unit or None)


@register.filter
def plain_date(value: Any, locale: str | None = None) -> str:
    """A date as every page writes it (:meth:`coxswain.wording.Words.date`, the workbook's
    locale): "30 June 2027"."""
    from coxswain.wording import Words

    return Words(locale=locale or "en").date(value) if value else ""


@register.filter
def plain_time(value: Any, locale: str | None = None) -> str:
    """A moment as every page writes it: the date as :func:`plain_date` writes it and the
    local time, "30 June 2027, 14:05" (a comment beside an action's due date reads alike)."""
    from django.utils import timezone

    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{plain_date(local.date(), locale)}, {local:%H:%M}"


@register.filter
def kind_name(code: str | None) -> str:
    """A finding kind's plain name (:func:`coxswain.analysis.kinds.kind_name`), never the code."""
    from coxswain.analysis.kinds import kind_name as name

    return name(code or "")


@register.filter
def stage_words(stage: Any) -> str:
    """What the assessed stage means (:func:`coxswain.wording.glossary.stage_line`)."""
    from coxswain.wording.glossary import stage_line

    return stage_line(getattr(stage, "assessed", None), getattr(stage, "declared", None))


@register.filter
def stage_name(code: str | None) -> str:
    from coxswain.wording.glossary import STAGE_NAMES

    return STAGE_NAMES.get(code or "", code or "")

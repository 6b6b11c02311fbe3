"""The command-line reference (``docs/cli.md``), generated from the typer app.

``make docs`` runs ``python -m coxswain.docs_cli > docs/cli.md``. The output depends only
on the code (commands sorted by name, no terminal width, no colour), so that a test can
tell when the committed reference is stale.
"""

from __future__ import annotations

import contextlib
import enum
import inspect
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

GENERATED_NOTE = (
    "<!-- Generated from the code by `make docs` (python -m coxswain.docs_cli); "
    "do not edit by hand. -->"
)
# Options every typer app has that say nothing about Coxswain.
_SKIPPED_PARAMS = {"install_completion", "show_completion"}
_EXAMPLE_LINE = re.compile(r"^\s*(?:\$\s+)?(coxswain(?:\s.*)?)$")


def _plain(text: str | None, *, rich: bool) -> str:
    """Help text without rich markup and without anything after a form feed."""
    text = inspect.cleandoc(text or "").partition("\f")[0]
    if rich and text:
        from rich.errors import MarkupError
        from rich.text import Text

        with contextlib.suppress(MarkupError):  # not markup after all: keep it as written
            text = Text.from_markup(text).plain
    return text.strip()


def _escape(text: str) -> str:
    """Markdown-safe prose: angle brackets would read as HTML."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    return _escape(" ".join(text.split())).replace("|", "\\|")


def _split_help(text: str) -> tuple[list[str], list[str]]:
    """Paragraphs of prose, and the example command lines found in them."""
    paragraphs: list[str] = []
    examples: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        prose: list[str] = []
        for line in block.splitlines():
            m = _EXAMPLE_LINE.match(line)
            if m:
                examples.append(" ".join(m[1].split()))
            elif line.strip().rstrip(":").lower() not in {"example", "examples"}:
                prose.append(line.strip())
        if prose:
            paragraphs.append(" ".join(prose))
    return paragraphs, examples


def _type_name(param: Any, ctx: Any) -> str:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return "flag"
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    try:
        shown = str(param.display_type(ctx))
    except (AttributeError, TypeError):  # plain click parameters
        shown = str(getattr(getattr(param, "type", None), "name", "text"))
    shown = shown.strip("<>")
    if "|" in shown:
        return "one of " + ", ".join(f"`{c}`" for c in shown.split("|"))
    return {"str": "text", "int": "integer", "int range": "integer", "float": "number"}.get(
        shown, shown
    )


def _range(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"at most {high}"
    return ""


def _default(param: Any, ctx: Any) -> str:
    show = getattr(param, "show_default", None)
    if isinstance(show, str):
        return show
    if show is False or getattr(param, "required", False):
        return ""
    default = param.get_default(ctx, call=False)
    if callable(default):
        return "(computed)"
    if default is None or (getattr(param, "is_flag", False) and default is False):
        return ""
    if isinstance(default, enum.Enum):
        default = default.value
    if isinstance(default, (list, tuple)):
        return ", ".join(f"`{d}`" for d in default) if default else ""
    return f"`{default}`"


def _params_tables(command: Any, ctx: Any) -> list[str]:
    arguments, options = [], []
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    help_option = command.get_help_option(ctx)
    for param in params:
        if param.name in _SKIPPED_PARAMS or (ctx.parent is not None and param is help_option):
            continue
        help_ = _plain(getattr(param, "help", None), rich=_is_rich(command))
        limits = _range(param)
        if limits:
            help_ = f"{help_} Must be {limits}.".strip()
        if param.param_type_name == "argument":
            name = param.metavar or param.name.upper()
            required = "yes" if param.required else "no"
            arguments.append(
                f"| `{name}` | {_cell(_type_name(param, ctx))} | {required} | {_cell(help_)} |"
            )
        else:
            names = sorted(param.opts, key=len) + list(param.secondary_opts)
            shown = ", ".join(f"`{n}`" for n in names)
            options.append(
                f"| {shown} | {_cell(_type_name(param, ctx))} | {_cell(_default(param, ctx))} "
                f"| {_cell(help_)} |"
            )
    lines: list[str] = []
    if arguments:
        lines += ["**Arguments**", "", "| argument | type | required | description |"]
        lines += ["|---|---|---|---|", *arguments, ""]
    if options:
        lines += ["**Options**", "", "| option | type | default | description |"]
        lines += ["|---|---|---|---|", *options, ""]
    return lines


def _is_rich(command: Any) -> bool:
    return getattr(command, "rich_markup_mode", None) == "rich"


def _usage(command: Any, ctx: Any) -> str:
    pieces = [
        re.sub(r"\{([^}]*)\}", lambda m: m[1].upper(), p) for p in command.collect_usage_pieces(ctx)
    ]
    return " ".join([ctx.command_path, *pieces])


def _child_context(command: Any, name: str, parent: Any) -> Any:
    settings = dict(getattr(command, "context_settings", None) or {})
    return command.context_class(command, info_name=name, parent=parent, **settings)


def _walk(command: Any, ctx: Any) -> Iterator[tuple[Any, Any]]:
    """The command and every sub-command below it, depth first, sorted by name."""
    yield command, ctx
    subcommands = getattr(command, "commands", None) or {}
    for name in sorted(subcommands):
        sub = subcommands[name]
        if getattr(sub, "hidden", False):
            continue
        yield from _walk(sub, _child_context(sub, name, ctx))


def _anchor(path: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", path.lower()).replace(" ", "-")


def render(app: Any = None) -> str:
    """The Markdown reference of every command and option of the ``coxswain`` app."""
    import typer.main

    if app is None:
        from coxswain.cli import app as coxswain_app

        app = coxswain_app
    root = typer.main.get_command(app)
    root_ctx = _child_context(root, "coxswain", None)
    commands = list(_walk(root, root_ctx))

    out = ["# Command-line reference", "", GENERATED_NOTE, ""]
    root_paragraphs, _ = _split_help(_plain(root.help, rich=_is_rich(root)))
    out += [_escape(p) + "\n" for p in root_paragraphs]
    out += [f"Usage: `{_usage(root, root_ctx)}`", ""]
    out += _params_tables(root, root_ctx)
    out += ["**Commands**", ""]
    for command, ctx in commands[1:]:
        summary = _split_help(_plain(command.help, rich=_is_rich(command)))[0]
        first = summary[0] if summary else ""
        first = re.split(r"(?<=\.)\s", first, maxsplit=1)[0]
        out.append(f"- [`{ctx.command_path}`](#{_anchor(ctx.command_path)}): {_escape(first)}")
    out.append("")

    for command, ctx in commands[1:]:
        rich = _is_rich(command)
        paragraphs, examples = _split_help(_plain(command.help, rich=rich))
        epilog_paragraphs, epilog_examples = _split_help(_plain(command.epilog, rich=rich))
        heading = "#" * min(2 + ctx.command_path.count(" ") - 1, 4)
        out += [f"{heading} {ctx.command_path}", ""]
        if getattr(command, "deprecated", False):
            out += ["*Deprecated.*", ""]
        if paragraphs:
            out += [_escape(paragraphs[0]), ""]
        out += [f"Usage: `{_usage(command, ctx)}`", ""]
        out += [p for para in paragraphs[1:] for p in (_escape(para), "")]
        out += _params_tables(command, ctx)
        out += [p for para in epilog_paragraphs for p in (_escape(para), "")]
        all_examples = examples + epilog_examples
        if all_examples:
            out += ["**Examples**", "", "```console", *(f"$ {e}" for e in all_examples), "```", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> None:
    """Print the reference (``python -m coxswain.docs_cli > docs/cli.md``)."""
    # Nothing terminal-dependent may leak into the output.
    os.environ.update({"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    sys.stdout.write(render())


if __name__ == "__main__":
    main()

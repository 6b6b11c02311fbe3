"""Regenerate the example workbooks: ``uv run python examples/generate.py [--out DIR] [NAME...]``.

Every example is built from fixed seeds, so a rerun writes byte-identical files.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

EXAMPLES = (
    "crust_and_crumb",
    "lantern_roasters",
    "driftwood_roasters",
    "loop_analytics",
    "thimble_and_thread",
    "harbour_dental",
)


def generate(out: Path = HERE, names: tuple[str, ...] | list[str] = EXAMPLES) -> list[Path]:
    """Write each named example into ``out/<name>/``; returns the folders written."""
    written = []
    for name in names:
        if name not in EXAMPLES:
            raise SystemExit(f"unknown example {name!r}; known: {', '.join(EXAMPLES)}")
        module = importlib.import_module(f"_gen.{name}")
        example = module.build()
        folder = out / name
        example.write(folder)
        written.append(folder)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=list(EXAMPLES))
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    for folder in generate(args.out, args.names):
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"{folder}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

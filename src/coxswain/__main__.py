"""``python -m coxswain``: the same as the ``coxswain`` command."""

from coxswain.cli import app

app(prog_name="coxswain")

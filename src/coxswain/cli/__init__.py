"""The ``coxswain`` command line. Each command lives in its own module."""

from coxswain.cli import analyze as _analyze  # noqa: F401
from coxswain.cli import backtest as _backtest  # noqa: F401
from coxswain.cli import backup as _backup  # noqa: F401
from coxswain.cli import export as _export  # noqa: F401
from coxswain.cli import forget as _forget  # noqa: F401
from coxswain.cli import import_ as _import  # noqa: F401
from coxswain.cli import import_messages as _import_messages  # noqa: F401
from coxswain.cli import init as _init  # noqa: F401
from coxswain.cli import scenario as _scenario  # noqa: F401
from coxswain.cli import serve as _serve  # noqa: F401
from coxswain.cli import validate as _validate  # noqa: F401
from coxswain.cli.app import app

__all__ = ["app"]

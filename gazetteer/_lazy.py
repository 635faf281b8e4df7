"""Names a package imports from its modules on first use (PEP 562), written once.

A package lists ``{name: module}`` and binds what :func:`lazy_names` returns to its own
``__getattr__`` and ``__dir__``: a name is imported when first asked for, then kept in the
package's namespace, so that importing the package stays cheap.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, table: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names ``table`` places.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    table : mapping of str to str
        Each lazily imported name and the module that defines it.

    Returns
    -------
    tuple of callable
        ``__getattr__(name)`` (raises AttributeError for a name not in ``table``) and
        ``__dir__()``.
    """

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        vars(sys.modules[package])[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*vars(sys.modules[package]), *table])

    return __getattr__, __dir__

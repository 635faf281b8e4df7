"""Frozen dataclass objects built without their constructor's ``setattr`` per field.

A frozen dataclass's ``__init__`` writes each field with ``object.__setattr__``: about a
microsecond and a half for five fields. The grammars build a date span or a number mention
several times an article (and copy it into a stretch), the gazetteer a place mention per place
named; :func:`frozen_builder` gives a function that writes the fields into the new object's
``__dict__`` at once. The object is the one the
constructor gives: equal, same hash, repr and pickle, still frozen
(``tests/test_grammar_builders.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["frozen_builder"]

T = TypeVar("T")


def frozen_builder(cls: type[T]) -> Callable[..., T]:
    """A function building ``cls(*values)`` from every field's value, in the fields' order.

    Parameters
    ----------
    cls : type
        A frozen dataclass with a ``__dict__`` (no slots) and no ``__post_init__``: what the
        constructor does is then only to write the fields.

    Returns
    -------
    callable
        ``build(*values)``, a value for every field (defaults are not filled in).

    Raises
    ------
    TypeError
        When ``cls`` is not such a dataclass.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if (
        params is None
        or not params.frozen
        or hasattr(cls, "__post_init__")
        or "__slots__" in vars(cls)
    ):
        raise TypeError(f"{cls.__name__} is no frozen dataclass built by its fields alone")
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    if any(name.startswith("_frozen_") for name in names):
        raise TypeError(f"{cls.__name__} has a field named as the builder's own names")
    # written out as dataclasses writes __init__: a function with one line per field (a loop
    # over the names, or a dict of them, costs more than the frozen constructor it replaces)
    lines = [f"def build({', '.join(names)}):", "    _frozen_obj = _frozen_new(_frozen_cls)"]
    lines.append("    _frozen_dict = _frozen_obj.__dict__")
    lines += [f"    _frozen_dict[{name!r}] = {name}" for name in names]
    lines.append("    return _frozen_obj")
    scope: dict[str, Any] = {"_frozen_new": object.__new__, "_frozen_cls": cls}
    exec("\n".join(lines), scope)  # the source holds the fields' names only
    build: Callable[..., T] = scope["build"]
    build.__qualname__ = build.__name__ = f"build_{cls.__name__}"
    return build

"""Start-up speed: keep Typer from importing what a command does not use.

``dockerlab --help`` and ``dockerlab list`` should answer about as fast as Python starts
plus Typer and rich (see benchmarks/). Two things in Typer get in the way, and both are
side-stepped here without changing what Typer does:

- ``typer.rich_utils`` (help and error panels) imports rich's Markdown and traceback
  renderers at module level, which pull in markdown-it and Pygments (≈ 90 ms together);
  dockerlab's help uses neither, so they are replaced by stand-ins that import the real
  class on first use.
- Recent Typer (0.29 here) coerces every parameter value through a Pydantic
  ``TypeAdapter``, even a missing optional argument, which imports Pydantic (≈ 100 ms) on
  ``dockerlab list``.
  For ``str``, ``bool`` and ``list[str]`` parameters without a custom parser, a value that
  already has that exact type comes out of the adapter unchanged (a list of texts as a
  list), so it is passed through; any other value (an environment variable's text for a
  flag…) still goes through Typer.

A Typer without these internals is simply left alone (slower, never wrong).
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any


class _Deferred(type):
    """A stand-in class that imports the real one the first time it is used."""

    _target: tuple[str, str]

    def real(cls) -> Any:
        module, name = cls._target
        return getattr(importlib.import_module(module), name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls.real(), name)


DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def import_rich_utils() -> ModuleType:
    """``typer.rich_utils``, imported without the renderers dockerlab's help never uses."""
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None:
        return loaded
    stand_ins: dict[str, ModuleType] = {}
    for module_name, class_name in DEFERRED.items():
        if module_name not in sys.modules:
            stand_in = ModuleType(module_name)
            setattr(stand_in, class_name, _Deferred(class_name, (), {"_target": (module_name, class_name)}))
            stand_ins[module_name] = sys.modules[module_name] = stand_in
    try:
        return importlib.import_module("typer.rich_utils")
    except ImportError:  # a Typer that wants more from those modules: import them for real
        for module_name in stand_ins:
            sys.modules.pop(module_name, None)
        sys.modules.pop("typer.rich_utils", None)
        return importlib.import_module("typer.rich_utils")
    finally:
        # Later imports of rich.markdown (the lesson presenters) get the real module.
        for module_name, stand_in in stand_ins.items():
            if sys.modules.get(module_name) is stand_in:
                del sys.modules[module_name]


def skip_pydantic_when_typed(command: Any) -> None:
    """:func:`pass_typed_values` for every parameter of ``command`` and its subcommands."""
    for param in command.params:
        pass_typed_values(param)
    for sub in getattr(command, "commands", {}).values():
        skip_pydantic_when_typed(sub)


def _simple(annotation: Any) -> bool:
    return annotation in (str, bool, list[str])


def pass_typed_values(param: Any) -> None:
    """Let an already-typed ``str``/``bool``/``list[str]`` value of ``param`` skip Pydantic."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return
    if not _simple(descriptor.annotation) or descriptor.parameter_info.parser is not None:
        return
    runtime = _already_typed_class()
    if runtime is not None:
        param._runtime_param = runtime(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
        )


_RUNTIME: list[type] = []


def _already_typed_class() -> type | None:
    if not _RUNTIME:
        try:
            from typer._coercion import RuntimeParam, build_runtime_param
        except ImportError:
            return None

        @dataclass(frozen=True)
        class AlreadyTyped(RuntimeParam):
            def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                if type(value) is self.annotation:
                    return value
                if (
                    self.annotation == list[str]
                    and isinstance(value, list | tuple)
                    and all(type(item) is str for item in value)
                ):
                    return list(value)
                full = build_runtime_param(param.type_descriptor)
                return full._coerce_value(value, param=param, ctx=ctx)

        _RUNTIME.append(AlreadyTyped)
    return _RUNTIME[0]

"""``attrs.define`` and ``attrs.frozen``, each class given a ``__repr__`` shared by all of them.

attrs compiles a ``__repr__`` for every class it makes (a piece of source run through ``compile``),
which is about a third of what making a class costs: with some eighty classes made before the
terminal UI's Home shows what needs attention, and thirty-odd for ``councilkit check``, that is
milliseconds of every start.  The ``__repr__`` here is one function, made for each class from its
fields when the class is made, that prints what attrs' own prints: ``Name(field=value, ...)``, the
fields and per-field ``repr`` options attrs uses, ``...`` for an object already being printed.
Everything else (``__init__``, ``__eq__``, ``__hash__``, slots, pickling, cattrs) is attrs' own.
A class that defines its own ``__repr__``, or passes ``repr=``, is left to attrs as before.

**The methods attrs writes are compiled once per install, not per process.**  For every class, attrs
writes the source of its ``__init__``, ``__eq__``, ``__hash__`` and the rest and runs it through
``compile``: 0.2 to 0.3 ms a class, a quarter of what the terminal UI's load worker spends before
Home shows its list, and about a tenth of ``councilkit check``.  The code objects compiled for
councilkit's own classes (those of modules named ``councilkit...``, made with attrs directly or
here) are kept in the cache folder (:func:`councilkit.settings.cache_dir`, ``attrs/``), each under
its file name and the exact source attrs wrote, and a class whose source is the same is given the
kept code instead of compiling it again: exactly what ``compile`` would give.  (The one thing that
changes from process to process is the number attrs writes into ``__hash__``, a hash of the class's
name under the process's hash seed: the kept code has it swapped in, with the column positions kept
for each width that number may take.)  A file for each package, ``marshal`` data, as Python's bytecode cache is, keyed by the interpreter
and attrs' own code (the size and time of ``attr/_make.py``), and read only if it is the user's own
(:func:`councilkit.settings.read_cache_file`); what a process compiled that was not kept is
added when it exits (and files not written for 30 days are removed).  Any other class, or source, is
compiled exactly as attrs does.  This replaces attrs' private ``attr._make._compile_and_eval``
(attrs 26.1: ``compile`` then ``eval`` of a script), only where it has that signature; otherwise
nothing is kept and attrs runs as it is.  The cache folder is looked up only once it costs nothing
to know (:func:`councilkit.settings.cache_dir_at_hand`: the UI and every command that reads a
council know it), and :mod:`councilkit.errors`' two classes, made before the settings can be
imported, are compiled.  So ``councilkit --help``, which makes no other, imports nothing more and
reads no cache.
"""

from __future__ import annotations

import contextlib
import inspect
import marshal
import os
import sys
import threading
from collections.abc import Callable
from types import CodeType
from typing import Any, TypeVar, dataclass_transform

import attr._make
import attrs

C = TypeVar("C", bound=type)

#: the objects being printed on this thread, so that one that contains itself prints as ``...``
_printing = threading.local()


def _repr_for(cls: type) -> Callable[[Any], str]:
    shown = tuple((a.name, a.repr, a.init) for a in attrs.fields(cls) if a.repr is not False)

    def __repr__(self: Any) -> str:
        try:
            seen = _printing.seen
        except AttributeError:
            seen = _printing.seen = set()
        if id(self) in seen:
            return "..."
        seen.add(id(self))
        try:
            parts = []
            for name, how, init in shown:
                value = getattr(self, name) if init else getattr(self, name, attrs.NOTHING)
                parts.append(f"{name}={value!r}" if how is True else f"{name}={how(value)}")
            return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
        finally:
            seen.discard(id(self))

    __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
    return __repr__


def _make(maker: Callable[..., Any], maybe_cls: type | None, options: dict[str, Any]) -> Any:
    def wrap(cls: C) -> C:
        if "repr" in options or "__repr__" in cls.__dict__:
            return maker(cls, **options)
        made = maker(cls, repr=False, **options)
        made.__repr__ = _repr_for(made)
        return made

    return wrap if maybe_cls is None else wrap(maybe_cls)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def frozen(maybe_cls: type | None = None, **options: Any) -> Any:
    """``attrs.frozen``, with the shared ``__repr__``."""
    return _make(attrs.frozen, maybe_cls, options)


@dataclass_transform(field_specifiers=(attrs.field,))
def define(maybe_cls: type | None = None, **options: Any) -> Any:
    """``attrs.define``, with the shared ``__repr__``."""
    return _make(attrs.define, maybe_cls, options)


# --- the methods attrs writes, compiled once per install ------------------------------------------

#: the layout of the cache file; a change makes every key new
CODE_FORMAT = 5
#: more classes than this kept for a package (councilkit's largest has some twenty), and only what the process that
#: writes used is kept
KEEP_AT_MOST = 300
#: the start of the file name attrs gives the source of a class's methods, for councilkit's own classes
#: (``<attrs generated methods councilkit.model.roles.Role>``; plugins' and the UI's modules included)
_OURS = ("<attrs generated ", " councilkit")
#: councilkit.errors' classes are made before the settings, which import that module, can be: compiled
_ERRORS = " councilkit.errors."


def _type_hash(filename: str) -> int | None:
    """The number attrs writes into a class's ``__hash__`` (``hash`` of a name made from the class's; it changes
    with each process's hash seed), for the methods whose source is named ``filename``."""
    prefix = "<attrs generated methods "
    return hash(f"<attrs generated hash {filename[len(prefix):-1]}>") if filename.startswith(prefix) else None


#: the widths (digits and sign) of the ``__hash__``'s number for which each class's code is kept: all but about
#: one in two thousand of the numbers a hash seed gives (a 64-bit hash written out); another is kept when met
WIDTHS = (17, 18, 19, 20)


def _stand_in(width: int) -> int:
    """A number ``width`` characters wide (a minus sign counts), to compile a class's code for that width."""
    return int("1" + "3" * (width - 1)) if width <= 19 else -int("1" + "3" * (width - 2))


def _codes(code: CodeType) -> list[CodeType]:
    """``code`` and every function's code in it, depth first: the order :func:`_rebuilt` follows."""
    found = [code]
    for c in code.co_consts:
        if isinstance(c, CodeType):
            found += _codes(c)
    return found


def _line_tables(code: CodeType, base: CodeType) -> tuple[tuple[int, bytes], ...]:
    """Where ``code``'s column positions differ from ``base``'s (the same source but for the number's width):
    the position of each code object that differs (:func:`_codes`) and its table."""
    return tuple((n, c.co_linetable) for n, (c, b) in enumerate(zip(_codes(code), _codes(base), strict=True))
                 if c.co_linetable != b.co_linetable)


def _rebuilt(code: CodeType, old: int, new: int, tables: dict[int, bytes], at: list[int]) -> CodeType:
    """``code`` with the integer constant ``old`` read as ``new`` and the column positions in ``tables`` (by
    position, :func:`_codes`): what compiling the source with ``new`` in it gives."""
    n = at[0]
    at[0] += 1
    consts, changed = [], False
    for c in code.co_consts:
        if isinstance(c, CodeType):
            made = _rebuilt(c, old, new, tables, at)
        elif type(c) is int and c == old:
            made = new
        else:
            made = c
        changed |= made is not c
        consts.append(made)
    if not changed and n not in tables:
        return code
    if n in tables:
        return code.replace(co_consts=tuple(consts), co_linetable=tables[n])
    return code.replace(co_consts=tuple(consts))


def _package(filename: str) -> str:
    """The package a class's methods are kept with: the first two parts of its module's name
    (``councilkit.model``, ``councilkit_tui.screens``, ``councilkit.attention``)."""
    return ".".join(filename[:-1].rpartition(" ")[2].split(".")[:2])


#: what is kept for a class: the source attrs wrote (its ``__hash__``'s number written as ``TYPE_HASH``), the
#: number the code was compiled with, the code (marshalled), and for each other width of that number
#: (:data:`WIDTHS`) the column positions that differ (:func:`_line_tables`)
Kept = tuple[str, int, bytes, dict[int, tuple[tuple[int, bytes], ...]]]


class _CodeCache:
    """The code attrs compiled for councilkit's classes: a file for each package (:func:`_package`), read when
    the package first makes a class, added to when the process exits (:data:`Kept`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.folder: Any = None  # the cache folder's attrs/, once known (:meth:`_open`)
        self.key = ""
        self.kept: dict[str, dict[str, Kept]] = {}  # package -> the class's file name -> what is kept
        self.new: dict[str, dict[str, Kept]] = {}
        self.used: set[str] = set()

    def _open(self) -> bool:
        """Whether the cache folder is known, without loading anything to know it (else the class is compiled)."""
        if self.folder is not None:
            return True
        # never for councilkit.errors' own classes (code()): the settings import that module
        from councilkit import settings

        if not settings.cache_dir_at_hand():
            return False
        try:
            st = os.stat(attr._make.__file__)
            stamp = f"{attr._make.__file__}:{st.st_mtime_ns}:{st.st_size}"
        except OSError:
            stamp = "?"
        self.key = "\0".join((str(CODE_FORMAT), sys.version, stamp))
        self.folder = settings.cache_dir() / "attrs"
        return True

    def _path(self, package: str) -> Any:
        from councilkit.settings import file_name

        return self.folder / f"{package}-{file_name(self.key + package)}.marshal"

    def _kept(self, package: str) -> dict[str, Kept]:
        found = self.kept.get(package)
        if found is None:
            from councilkit.settings import read_keyed

            kept = read_keyed(self._path(package), f"{self.key}\0{package}")
            found = self.kept[package] = kept if isinstance(kept, dict) else {}
        return found

    def code(self, script: str, filename: str) -> CodeType:
        """The code ``compile(script, filename, "exec")`` gives, from the cache when it was kept."""
        if not (filename.startswith(_OURS[0]) and _OURS[1] in filename and _ERRORS not in filename and self._open()):
            return compile(script, filename, "exec")
        number = _type_hash(filename)
        source = script
        if number is not None:  # "hash((\n" then, on the next line, the number: written as TYPE_HASH
            at = script.find("hash((\n")
            end = script.find(f" {number},\n", at) if at >= 0 else -1
            if end >= 0 and not script[at + 7:end].strip():
                source = f"{script[:end]} TYPE_HASH{script[end + 1 + len(str(number)):]}"
            else:
                number = None
        package = _package(filename)
        with self.lock:
            found = self.new.get(package, {}).get(filename) or self._kept(package).get(filename)
        try:
            kept_source, kept_number, data, widths = found  # type: ignore[misc]
            if kept_source == source:
                if number is None or kept_number == number:
                    code = marshal.loads(data)
                    if isinstance(code, CodeType):
                        self.used.add(filename)
                        return code
                else:
                    tables = {} if len(str(number)) == len(str(kept_number)) else widths.get(len(str(number)))
                    if tables is not None:
                        code = _rebuilt(marshal.loads(data), kept_number, number, dict(tables), [0])
                        self.used.add(filename)
                        return code
        except (EOFError, ValueError, TypeError, AttributeError):
            found = None  # not kept, or damaged: compiled again, and kept again
        code = compile(script, filename, "exec")  # this module too has `from __future__ import annotations`
        with self.lock:
            if not self.new:
                import atexit

                atexit.register(self.save)
            kept = (source, number or 0, marshal.dumps(code), {})
            if found is not None and found[0] == source and number is not None:
                try:  # kept, but not for this width of the number: its column positions are kept now
                    widths = {**found[3], len(str(number)): _line_tables(
                        code, _rebuilt(marshal.loads(found[2]), found[1], number, {}, [0]))}
                    kept = (found[0], found[1], found[2], widths)
                except (EOFError, ValueError, TypeError, AttributeError):
                    pass
            self.new.setdefault(package, {})[filename] = kept
        return code

    def save(self) -> None:
        """Add what this process compiled to the kept code (as another process may have written it meanwhile),
        with the column positions of each new class's code for the other widths its ``__hash__``'s number may
        take (:data:`WIDTHS`): compiled once, here, so that later processes, whatever their hash seed, find
        their code kept."""
        from councilkit.settings import prune_cache_files, read_keyed, write_keyed

        with self.lock:
            new, self.new = self.new, {}
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return  # a cache folder that cannot be written: compiled each time, and nothing more at exit
        if not os.access(self.folder, os.W_OK):
            return
        for package, added in new.items():
            key = f"{self.key}\0{package}"
            kept = read_keyed(self._path(package), key)
            merged = dict(kept) if isinstance(kept, dict) else {}
            if len(merged) + len(added) > KEEP_AT_MOST:
                merged = {name: merged[name] for name in self.used if name in merged}  # what is in use, only
            for filename, (source, number, data, widths) in added.items():
                if "TYPE_HASH" in source and not widths:
                    base = marshal.loads(data)
                    widths = {}
                    for width in WIDTHS:
                        if width != len(str(number)):
                            stand_in = _stand_in(width)
                            variant = compile(source.replace(" TYPE_HASH,\n", f" {stand_in},\n", 1), filename,
                                              "exec")
                            with contextlib.suppress(ValueError):  # (the same code but for that number, always)
                                widths[width] = _line_tables(variant, _rebuilt(base, number, stand_in, {}, [0]))
                merged[filename] = (source, number, data, widths)
            write_keyed(self._path(package), key, merged)
        prune_cache_files(self.folder, ".marshal")  # files of an attrs, interpreter or format since replaced


_CODE = _CodeCache()


def _compile_and_eval(script: str, globs: dict[str, Any] | None, locs: Any = None, filename: str = "") -> None:
    """attrs' ``_compile_and_eval`` (26.1), the code for councilkit's classes from :data:`_CODE`."""
    eval(_CODE.code(script, filename), globs, locs)


def _install() -> None:
    original = getattr(attr._make, "_compile_and_eval", None)
    if original is None or getattr(original, "__module__", None) == __name__:
        return
    try:
        params = list(inspect.signature(original).parameters)
    except (TypeError, ValueError):
        return
    if params == ["script", "globs", "locs", "filename"]:
        attr._make._compile_and_eval = _compile_and_eval


_install()

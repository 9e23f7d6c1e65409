"""councilkit._attrs: classes made with its ``frozen``/``define`` print exactly as attrs' own would."""

from __future__ import annotations

import pickle

import attrs

import councilkit
from councilkit._attrs import define, frozen
from councilkit.errors import Problem


def _classes(make_frozen, make_define):
    @make_frozen
    class Item:
        number: int
        label: str = attrs.field(default="x", repr=lambda v: v.upper())
        secret: str = attrs.field(default="hidden", repr=False)
        later: list = attrs.field(init=False, factory=list)

    @make_define
    class Box:
        inside: object = None
        more: tuple = ()

    class Special(Item):
        pass

    @make_frozen
    class Own:
        value: int = 1

        def __repr__(self) -> str:
            return "own"

    return Item, Box, Special, Own


def _shown(make_frozen, make_define) -> list[str]:
    Item, Box, Special, Own = _classes(make_frozen, make_define)
    box = Box()
    box.inside = box  # contains itself
    box.more = (Item(1), Box(box), Special(2, "q"))
    return [repr(Item(1, "ab", "no")), repr(Special(3)), repr(box), repr(Own()), repr([Item(4), box])]


def test_printed_as_attrs_prints():
    assert _shown(frozen, define) == _shown(attrs.frozen, attrs.define)
    assert _shown(frozen, define)[0] == "Item(number=1, label=AB, later=[])"


def test_the_rest_is_attrs_own():
    Item, *_ = _classes(frozen, define)
    assert Item(1) == Item(1) and Item(1) != Item(2)
    assert attrs.fields(Item).number.name == "number"
    assert attrs.evolve(Item(1), number=2).number == 2
    problem = Problem("bad", "f.toml", 3, "key")
    assert pickle.loads(pickle.dumps(problem)) == problem and hash(problem) == hash(Problem("bad", "f.toml", 3, "key"))


def test_sdk_objects_print_as_before():
    assert repr(Problem("bad", "f.toml", 3, "key")) == (
        "Problem(message='bad', file='f.toml', line=3, key='key', severity='error')")
    clause = councilkit.load_council("compton-parish").clause("4.2")
    assert repr(clause).startswith("Clause(id='4.2', text=\"In the event that a Councillor is dissatisfied")

"""Hypothesis strategies shared by the fuzz tests (scenario parser, import, API).

The inputs are *mutations of valid documents*: a real scenario, import file or
API body with one to three places changed — a value replaced by one of another
type or an edge case, a key dropped, an unknown key added, a list item doubled.
Pure random JSON almost never gets past the first check; mutants reach the
checks deep inside, where a forgotten case turns into a traceback. Every fuzz
test counts the inputs it tried in :data:`TRIED`, which the tests print and
docs/reliability.md reports.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from hypothesis import strategies as st

# Inputs tried per fuzz target, over a test session.
TRIED: Counter[str] = Counter()

EDGE_STRINGS = [
    "", " ", "x", "null", "0", "-1", "1e309", "NaN", "true", "🙂", "\x00", "a" * 300,
    "2026-02-02", "2026-02-30", "0001-01-01", "9999-12-31", "2026-02-02T09:00:00", "2026-02-02T09:00:00+01:00",
    "2026-02-02T25:00:00+01:00", "2026-02-02T09:00:00Z", "0001-01-01T00:00:00+14:00", "24:00", "12:00",
    "Europe/Oslo", "Europe/Nowhere", "own_wish", "full", "partial", "contact", "outdoor", "unlock", "visit",
    "P1", "E1", "OSL", "remand", "sentenced", "in_force", "draft", "01010112345", "12345678901",
]

scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12) | st.sampled_from(EDGE_STRINGS))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


def paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document (the root excluded), as key/index tuples."""
    out = []
    if isinstance(doc, dict):
        items = doc.items()
    elif isinstance(doc, list):
        items = enumerate(doc)
    else:
        return out
    for key, value in items:
        out.append((*prefix, key))
        out.extend(paths(value, (*prefix, key)))
    return out


def _parent(doc, path):
    for key in path[:-1]:
        doc = doc[key]
    return doc


@st.composite
def mutants(draw, seed: Any, max_changes: int = 3) -> Any:
    """``seed`` with one to ``max_changes`` places changed."""
    doc = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, max_changes))):
        places = paths(doc)
        if not places:
            return draw(json_values)
        path = draw(st.sampled_from(places))
        parent = _parent(doc, path)
        key = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "replace", "drop", "add", "double"]))
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "drop":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
        elif action == "double" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    return doc

"""Validate a JSON-stat 2.0 dataset: the schema (structure) and the cross-field rules of the format."""

from __future__ import annotations

import json
import math
from pathlib import Path

import jsonschema

SCHEMA = json.loads((Path(__file__).with_name("jsonstat-2.0-dataset.schema.json")).read_text(encoding="utf-8"))


def problems(dataset: dict) -> list[str]:
    """Everything wrong with ``dataset``; empty when it is a valid JSON-stat 2.0 dataset."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    found = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(dataset)]
    if found:
        return found
    ids, size, dims = dataset["id"], dataset["size"], dataset["dimension"]
    if len(ids) != len(size):
        found.append("id and size differ in length")
    if set(ids) != set(dims):
        found.append(f"dimension keys {sorted(dims)} are not the ids {sorted(ids)}")
    total = math.prod(size)
    value = dataset["value"]
    if isinstance(value, list) and len(value) != total:
        found.append(f"value has {len(value)} cells, size gives {total}")
    if isinstance(value, dict) and any(int(k) >= total for k in value):
        found.append("value has a position beyond the cube")
    status = dataset.get("status")
    if isinstance(status, dict) and any(int(k) >= total for k in status):
        found.append("status has a position beyond the cube")
    if isinstance(status, list) and len(status) not in (1, total):
        found.append("status array must have one entry or one per value")
    for dim_id, n in zip(ids, size, strict=False):
        category = dims.get(dim_id, {}).get("category", {})
        index = category.get("index")
        codes = (list(index) if isinstance(index, list) else sorted(index, key=index.get)) if index is not None \
            else list(category.get("label", {}))
        if index is None and len(codes) != 1:
            found.append(f"{dim_id}: a category without index must be the only one")
        if len(codes) != n:
            found.append(f"{dim_id}: {len(codes)} categories, size says {n}")
        if isinstance(index, dict) and sorted(index.values()) != list(range(len(index))):
            found.append(f"{dim_id}: index positions are not 0..{len(index) - 1}")
        if set(category.get("label", {})) - set(codes):
            found.append(f"{dim_id}: labels for categories not in the index")
        if set(category.get("unit", {})) - set(codes):
            found.append(f"{dim_id}: units for categories not in the index")
    for role_ids in dataset.get("role", {}).values():
        for dim_id in role_ids:
            if dim_id not in ids:
                found.append(f"role names {dim_id!r}, which is not a dimension")
    return found

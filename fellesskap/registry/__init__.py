"""Registry (register): regions, prisons, units, cells, persons, stays, users,
roles and per-prison access."""

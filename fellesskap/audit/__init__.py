"""Audit trail (revisjonslogg): append-only, hash-chained record of every read
and write of a person's data."""

"""Statistics (statistics.md): tables from the ledger, editions, exports.

``fellesskap.stats.tables`` is pure (no ORM) so that ``fellesskap stats`` runs
on a scenario file without a database."""

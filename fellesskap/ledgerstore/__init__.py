"""The stored ledger (issue #5 item 3): person-days and episodes kept in the
database, current within a second of any registration or correction."""

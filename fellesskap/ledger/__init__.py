"""The isolation ledger (measures.md): pure functions from records to
person-day rows and episodes. No ORM and no Django imports here."""

"""Rule packs as data (rules.md) and the one generic engine that evaluates
them over the ledger. No ORM and no Django imports here."""

"""The scenario format (scenario-format.md): parsing and validating input into
typed records, and ``fellesskap evaluate``. No Django imports here."""

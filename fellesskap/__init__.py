"""fellesskap — see, limit and account for the isolation of people held in prison.

Data flows one way: records -> ledger -> rules -> statistics -> publications
(see docs/architecture.md). The pure parts (``scenario``, ``ledger``, ``rules``)
import no Django, so that ``fellesskap evaluate`` runs without a database.
"""

__version__ = "0.1.0"

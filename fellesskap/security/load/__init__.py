"""The load test (``fellesskap loadtest``, ``make loadtest``): officers and
leaders working at once against a production-like server on loopback.

- :mod:`.dataset` makes the prison, its persons and the users;
- :mod:`.client` is a small HTTP client with a session cookie and CSRF;
- :mod:`.users` is what an officer and a leader do;
- :mod:`.figures` turns the timings into percentiles (pure);
- :mod:`.run` starts the server, runs the users for a bounded time, stops
  everything and checks that the stored ledger equals a rebuild.
"""

"""Pure computations behind the ward board and the person page: today's
contact against the isolated-day threshold, a day's timeline, the calendar
heat map and the week plan against what happened. No Django and no ORM here:
every function takes the typed scenario records (fellesskap.scenario.model)
or the ledger's rows, so each can be tested with hand-made inputs."""

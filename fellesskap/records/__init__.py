"""Records: exclusions, decisions, reviews, coercive means, supervision, time
sessions, week plans, incidents. Append-only; corrections are new versions."""

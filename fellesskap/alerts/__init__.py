"""Deadlines, alerts and deviations (avvik) and their handling."""

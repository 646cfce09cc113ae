"""Synthetic demo data: a Norway-sized prison service. Never real persons."""

"""Monitoring forms, one module per room, as in views/."""

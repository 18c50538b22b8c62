"""Monitoring pages, one module per room: metadata (what is measured), reporting (a unit's form
and the approval queue), transfer (bulk import/export and Excel templates), dashboard (the IOC)."""

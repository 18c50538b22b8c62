"""The registry's pages, one module per family of records."""

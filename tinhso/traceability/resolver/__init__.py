"""The GS1 Digital Link resolver and the consumer page (see views)."""

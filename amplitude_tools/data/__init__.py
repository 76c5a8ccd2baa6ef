"""Test data: the raw-table layout, the synthetic generator, random histories and the named scenarios."""

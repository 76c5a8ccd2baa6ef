"""The contract in plain Python: the reference the tests compare every model with."""

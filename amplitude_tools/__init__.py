"""Python side of amplitude_sessions: synthetic data, the contract as plain Python, dbt runs."""

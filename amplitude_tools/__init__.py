"""Python side of amplitude_sessions: synthetic data, the spec as plain Python, dbt runs."""

"""The test harness: dbt runs, the warehouses (DuckDB, PostgreSQL, Spark) and row comparisons."""

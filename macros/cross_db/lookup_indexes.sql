-- The `indexes` config of a model: the given indexes on PostgreSQL, none elsewhere.
{% macro lookup_indexes(indexes) %}
    {{ return(adapter.dispatch('lookup_indexes', 'amplitude_sessions')(indexes)) }}
{% endmacro %}

-- DuckDB and Spark: no index. DuckDB joins and deletes by hash, so an ART index would only cost load time and
-- memory; and an index makes dbt-duckdb query duckdb_indexes() around each table swap, a catalog scan that fails
-- when another thread renames an indexed table at the same moment ("Table with name ..._dbt_backup does not exist").
{% macro default__lookup_indexes(indexes) %}
    {{ return([]) }}
{% endmacro %}

-- PostgreSQL: a B-tree per entry, so an incremental run finds the rows it replaces without a sequential scan.
{% macro postgres__lookup_indexes(indexes) %}
    {{ return(indexes) }}
{% endmacro %}

-- Where a raw row lies in its table, for one query to find rows by a few columns and then read them whole: DuckDB's
-- rowid where the raw relation is a table of a DuckDB database; null where the engine or the relation has none.
{% macro source_row_id(relation) %}
    {{ return(adapter.dispatch('source_row_id', 'amplitude_sessions')(relation)) }}
{% endmacro %}

{% macro default__source_row_id(relation) %}
    {{ return('cast(null as ' ~ dbt.type_bigint() ~ ')') }}
{% endmacro %}

-- DuckDB: a table of a DuckDB database has a rowid; a view, or a table of an attached database of another kind
-- (PostgreSQL, SQLite, MotherDuck), is read without one.
{% macro duckdb__source_row_id(relation) %}
    {%- if execute and relation.type == 'table' -%}
        {%- set kinds = run_query(
            "select type from duckdb_databases() where lower(database_name) = lower('"
            ~ (relation.database | replace("'", "''")) ~ "')"
        ) -%}
        {%- if kinds.rows | length == 1 and kinds.rows[0][0] == 'duckdb' -%}
            {{ return('rowid') }}
        {%- endif -%}
    {%- endif -%}
    {{ return(amplitude_sessions.default__source_row_id(relation)) }}
{% endmacro %}

-- Whether every staged row carries its source_row_id (source_row_id gives one for every raw relation read).
{% macro staged_row_ids_available() %}
    {%- for source in amplitude_sessions.event_sources() -%}
        {%- set relation = amplitude_sessions.event_source_relation(source) -%}
        {%- if amplitude_sessions.source_row_id(relation) != 'rowid' -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(true) }}
{% endmacro %}

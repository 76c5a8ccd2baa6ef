-- Where a raw row lies in its table, for one query to find rows by a few columns and then read them whole: the
-- table's rowid where it has one (has_row_ids), else null.
{% macro source_row_id(relation) %}
    {{ return('rowid' if amplitude_sessions.has_row_ids(relation) else 'cast(null as ' ~ dbt.type_bigint() ~ ')') }}
{% endmacro %}

-- Whether a raw relation's rows have a rowid that one query can read them by; none where the engine has none.
{% macro has_row_ids(relation) %}
    {{ return(adapter.dispatch('has_row_ids', 'amplitude_sessions')(relation)) }}
{% endmacro %}

{% macro default__has_row_ids(relation) %}
    {{ return(false) }}
{% endmacro %}

-- DuckDB: a table of a DuckDB database has a rowid; a view, or a table of an attached database of another kind
-- (PostgreSQL, SQLite, MotherDuck), has none.
{% macro duckdb__has_row_ids(relation) %}
    {%- if not execute or relation.type != 'table' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set kinds = run_query(
        "select type from duckdb_databases() where lower(database_name) = lower('"
        ~ (relation.database | replace("'", "''")) ~ "')"
    ) -%}
    {{ return(kinds.rows | length == 1 and kinds.rows[0][0] == 'duckdb') }}
{% endmacro %}

-- Whether every staged row carries its source_row_id: every raw relation read has row ids.
{% macro staged_row_ids_available() %}
    {%- for source in amplitude_sessions.event_sources() -%}
        {%- if not amplitude_sessions.has_row_ids(amplitude_sessions.event_source_relation(source)) -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(true) }}
{% endmacro %}

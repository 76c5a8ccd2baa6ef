-- Where a raw row lies in its table, for one query to find rows by a few columns and then read them whole: DuckDB's
-- rowid where the raw relation is a table; null where the engine or the relation (a view) has none.
{% macro source_row_id(relation) %}
    {{ return(adapter.dispatch('source_row_id', 'amplitude_sessions')(relation)) }}
{% endmacro %}

{% macro default__source_row_id(relation) %}
    {{ return('cast(null as ' ~ dbt.type_bigint() ~ ')') }}
{% endmacro %}

{% macro duckdb__source_row_id(relation) %}
    {%- if relation.type == 'table' -%}
        {{ return('rowid') }}
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

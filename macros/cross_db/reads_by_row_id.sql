-- Whether a query finds a few rows of a table of the package by some columns and then reads them whole by their rowid
-- (on DuckDB, which then loads only the blocks that hold them), rather than reading them by those columns at once
-- (where an index finds them).
{% macro reads_by_row_id() %}
    {{ return(adapter.dispatch('reads_by_row_id', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__reads_by_row_id() %}
    {{ return(false) }}
{% endmacro %}

{% macro duckdb__reads_by_row_id() %}
    {{ return(true) }}
{% endmacro %}

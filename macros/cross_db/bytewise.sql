-- A string expression compared byte by byte (code point order), as DuckDB and Spark compare strings,
-- so "the smallest user_id" is the same on every engine whatever the database collation.
{% macro bytewise(expression) %}
    {{ return(adapter.dispatch('bytewise', 'amplitude_sessions')(expression)) }}
{% endmacro %}

{% macro default__bytewise(expression) %}{{ return(expression) }}{% endmacro %}

{% macro postgres__bytewise(expression) %}{{ return(expression ~ ' collate "C"') }}{% endmacro %}

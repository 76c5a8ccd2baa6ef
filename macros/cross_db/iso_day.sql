-- A date as text written YYYY-MM-DD, on every engine (a cast to string is that on DuckDB, PostgreSQL and Spark).
{% macro iso_day(day) %}
    {{ return(adapter.dispatch('iso_day', 'amplitude_sessions')(day)) }}
{% endmacro %}

{% macro default__iso_day(day) -%}
    cast({{ day }} as {{ dbt.type_string() }})
{%- endmacro %}

-- Aggregate: the value on the row with the smallest (position 'first') or largest ('last') event_order_key; rows
-- whose value is null are skipped when skip_nulls is true.
{% macro value_at_key(value, key, position, skip_nulls=true) %}
    {{ return(adapter.dispatch('value_at_key', 'amplitude_sessions')(value, key, position, skip_nulls)) }}
{% endmacro %}

{% macro default__value_at_key(value, key, position, skip_nulls) -%}
    {{ 'min_by' if position == 'first' else 'max_by' }}({{ value }}, {{ key }})
    filter (where {{ key }} is not null{% if skip_nulls %} and {{ value }} is not null{% endif %})
{%- endmacro %}

-- DuckDB: arg_min skips rows whose value is null, arg_min_null does not.
{% macro duckdb__value_at_key(value, key, position, skip_nulls) -%}
    {{ 'arg_min' if position == 'first' else 'arg_max' }}{{ '' if skip_nulls else '_null' }}({{ value }}, {{ key }})
{%- endmacro %}

-- PostgreSQL has no min_by: the first element of the values ordered by the key, bytewise.
{% macro postgres__value_at_key(value, key, position, skip_nulls) -%}
    (array_agg({{ value }} order by {{ amplitude_sessions.bytewise(key) }} {{ 'asc' if position == 'first' else 'desc' }})
    filter (where {{ key }} is not null{% if skip_nulls %} and {{ value }} is not null{% endif %}))[1]
{%- endmacro %}

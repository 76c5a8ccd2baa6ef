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

-- PostgreSQL has no min_by, and an ordered array_agg sorts every group once per column: the value is read from the
-- smallest (largest) of key, chr(1), value, compared bytewise, after the group's extreme key. chr(1) sorts before
-- every character of a key, so the extreme of the joined strings starts with the extreme key. Values are strings (the
-- event type, context and passthrough columns); with skip_nulls false a flag keeps a null apart from a value.
{% macro postgres__value_at_key(value, key, position, skip_nulls) -%}
    {%- set extreme = 'min' if position == 'first' else 'max' -%}
    {%- set rows = '(' ~ key ~ ') is not null' ~ (' and (' ~ value ~ ') is not null' if skip_nulls else '') -%}
    {%- set encoded = '(' ~ value ~ ')' if skip_nulls else "coalesce('1' || (" ~ value ~ "), '0')" -%}
    {%- set joined -%}
        {{ extreme }}((({{ key }}) || chr(1) || {{ encoded }}) collate "C") filter (where {{ rows }})
    {%- endset -%}
    {%- set value_at = 'length(' ~ extreme ~ '((' ~ key ~ ') collate "C") filter (where ' ~ rows ~ ')) + 2' -%}
    {%- if skip_nulls -%}
        substr({{ joined }}, {{ value_at }})
    {%- else -%}
        case when substr({{ joined }}, {{ value_at }}, 1) = '1' then substr({{ joined }}, {{ value_at }} + 1) end
    {%- endif -%}
{%- endmacro %}

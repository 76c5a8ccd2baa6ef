-- One comparable value per event giving the contract's event order (event_at, event_id, event_uuid, a null after
-- every value in both directions): ascending for position 'first', and for 'last' a key whose largest value is the
-- last event.
{% macro event_order_key(position) %}
    {{ return(adapter.dispatch('event_order_key', 'amplitude_sessions')(position)) }}
{% endmacro %}

-- A struct; "is null" flags put a null id or uuid after every value, "is not null" flags before (so max skips it).
{% macro default__event_order_key(position) -%}
    {%- set null_flag = ' is null' if position == 'first' else ' is not null' -%}
    struct(
        event_at,
        event_id{{ null_flag }},
        coalesce(event_id, 0),
        event_uuid{{ null_flag }},
        coalesce(event_uuid, '')
    )
{%- endmacro %}

-- DuckDB: a binary sort key, compared as bytes (much cheaper than a struct in min/max and arg_min).
{% macro duckdb__event_order_key(position) -%}
    {%- set nulls = 'nulls last' if position == 'first' else 'nulls first' -%}
    create_sort_key(
        event_at, 'asc nulls last',
        event_id, 'asc {{ nulls }}',
        event_uuid, 'asc {{ nulls }}'
    )
{%- endmacro %}

-- PostgreSQL: text compared bytewise (see extreme_key): the UTC time to the microsecond, then the id
-- offset to a non-negative 20-digit number and the uuid, each after a flag that places a null.
{% macro postgres__event_order_key(position) -%}
    {%- set null_flag, value_flag = ("'1'", "'0'") if position == 'first' else ("'0'", "'1'") -%}
    to_char(event_at, 'YYYYMMDDHH24MISSUS')
    || case when event_id is null then {{ null_flag }}
        else {{ value_flag }} || lpad((event_id::numeric + 9223372036854775808)::text, 20, '0') end
    || case when event_uuid is null then {{ null_flag }} else {{ value_flag }} || event_uuid end
{%- endmacro %}

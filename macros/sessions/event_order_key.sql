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

-- A key that sorts after the event order keys (either position) of every event before a time and before those of
-- every event at that time or later: the keys of events at a time t lie from the key of t up to, not including, the
-- key of t plus one microsecond.
{% macro event_time_order_key(event_at) %}
    {{ return(adapter.dispatch('event_time_order_key', 'amplitude_sessions')(event_at)) }}
{% endmacro %}

{% macro default__event_time_order_key(event_at) -%}
    {{ exceptions.raise_compiler_error(
        "amplitude_sessions: event_time_order_key is used where session parts are stored (DuckDB, PostgreSQL)"
    ) }}
{%- endmacro %}

-- DuckDB: the sort key of the time alone, a prefix of the event order key of every event at that time.
{% macro duckdb__event_time_order_key(event_at) -%}
    create_sort_key({{ event_at }}, 'asc nulls last')
{%- endmacro %}

-- PostgreSQL: the time as the event order key begins, compared bytewise like the keys.
{% macro postgres__event_time_order_key(event_at) -%}
    (to_char({{ event_at }}, 'YYYYMMDDHH24MISSUS') collate "C")
{%- endmacro %}

-- Whether an event order key (either position) is that of an event at a time; false for a null key.
{% macro is_key_at_time(key, event_at) -%}
    coalesce(
        {{ key }} >= {{ amplitude_sessions.event_time_order_key(event_at) }}
        and {{ key }} < {{ amplitude_sessions.event_time_order_key(dbt.dateadd('microsecond', 1, event_at)) }},
        false
    )
{%- endmacro %}

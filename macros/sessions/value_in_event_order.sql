-- Aggregate: a value from the first (position 'first') or last ('last') of a group's events in the contract's
-- event order (event_at, event_id, event_uuid; a null sorts after every value, in both directions), taken from
-- the first event on which the value is not null when skip_nulls is true.
{% macro value_in_event_order(value, position, skip_nulls=true) %}
    {{ return(adapter.dispatch('value_in_event_order', 'amplitude_sessions')(value, position, skip_nulls)) }}
{% endmacro %}

-- The sort key as a struct: ascending, "id is null" puts nulls last; descending (max), "id is not null" does.
{% macro event_order_key(position, struct_open, struct_close, labels) -%}
    {%- set null_flag = ' is null' if position == 'first' else ' is not null' -%}
    {{ struct_open }}
        {{- labels[0] }}event_at,
        {{ labels[1] }}event_id{{ null_flag }},
        {{ labels[2] }}coalesce(event_id, 0),
        {{ labels[3] }}event_uuid{{ null_flag }},
        {{ labels[4] }}coalesce(event_uuid, '')
    {{- struct_close }}
{%- endmacro %}

{% macro default__value_in_event_order(value, position, skip_nulls) -%}
    {{ 'min_by' if position == 'first' else 'max_by' }}(
        {{ value }},
        {{ amplitude_sessions.event_order_key(position, 'struct(', ')', ['', '', '', '', '']) }}
    ){% if skip_nulls %} filter (where {{ value }} is not null){% endif %}
{%- endmacro %}

-- DuckDB: arg_min skips rows whose value is null, arg_min_null does not.
{% macro duckdb__value_in_event_order(value, position, skip_nulls) -%}
    {{ 'arg_min' if position == 'first' else 'arg_max' }}{{ '' if skip_nulls else '_null' }}(
        {{ value }},
        {{ amplitude_sessions.event_order_key(position, '{', '}', ["'t': ", "'a': ", "'b': ", "'c': ", "'d': "]) }}
    )
{%- endmacro %}

-- PostgreSQL has no min_by: the first element of the values ordered by the key (uuid in byte order).
{% macro postgres__value_in_event_order(value, position, skip_nulls) -%}
    {%- set direction = 'asc' if position == 'first' else 'desc' -%}
    (array_agg({{ value }} order by
        event_at {{ direction }},
        event_id {{ direction }} nulls last,
        event_uuid collate "C" {{ direction }} nulls last
    ){% if skip_nulls %} filter (where {{ value }} is not null){% endif %})[1]
{%- endmacro %}

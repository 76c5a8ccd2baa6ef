-- Aggregate: how one column of session parts (session_part_columns) merges over a group of parts, as the parts' events
-- add up: counts sum, bounds take their extremes, each value is the one at the extreme key.
{% macro merged_part_column(column) %}
    {%- set merges = {
        'part_events': 'cast(sum(part_events) as ' ~ dbt.type_bigint() ~ ')',
        'part_started_at': 'min(part_started_at)',
        'part_ended_at': 'max(part_ended_at)',
        'last_synced_at': 'max(last_synced_at)',
        'first_event_key': amplitude_sessions.extreme_key('first_event_key', 'first'),
        'last_event_key': amplitude_sessions.extreme_key('last_event_key', 'last'),
        'first_event_type': amplitude_sessions.value_at_key(
            'first_event_type', 'first_event_key', 'first', skip_nulls=false
        ),
        'last_event_type': amplitude_sessions.value_at_key(
            'last_event_type', 'last_event_key', 'last', skip_nulls=false
        ),
        'event_types': amplitude_sessions.merged_distinct_values('event_types'),
        'conversion_events': 'cast(sum(conversion_events) as ' ~ dbt.type_bigint() ~ ')',
    } -%}
    {%- for described in amplitude_sessions.session_described_columns() -%}
        {%- do merges.update({
            described: amplitude_sessions.value_at_key(described, described ~ '_key', 'first'),
            described ~ '_key': amplitude_sessions.extreme_key(described ~ '_key', 'first'),
        }) -%}
    {%- endfor -%}
    {%- if column not in merges -%}
        {{ exceptions.raise_compiler_error("amplitude_sessions: no merge for the session part column " ~ column) }}
    {%- endif -%}
    {{ return(merges[column]) }}
{% endmacro %}

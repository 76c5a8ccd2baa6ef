-- The raw columns whose first non-null value in a session's event order describes the session (contract section 8).
{% macro session_context_columns() %}
    {{ return([
        'platform', 'os_name', 'os_version', 'device_family', 'device_type', 'device_carrier', 'country',
        'region', 'city', 'dma', 'language', 'version_name', 'start_version', 'library',
    ]) }}
{% endmacro %}

-- The columns whose first non-null value describes a session: the context columns, then the passthrough aliases.
{% macro session_described_columns() %}
    {%- set columns = amplitude_sessions.session_context_columns() -%}
    {%- for passthrough in amplitude_sessions.session_passthrough_columns() -%}
        {%- do columns.append(passthrough.alias) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

-- Every column amplitude__sessions has before passthroughs, so a passthrough alias can be checked against them.
{% macro session_column_names() %}
    {{ return([
        'unique_session_id', 'source_relation', 'session_id', 'amplitude_user_id', 'user_id', 'events_per_session',
        'session_started_at', 'session_ended_at', 'session_length_in_minutes', 'session_started_at_day',
        'session_ended_at_day', 'user_session_number', 'last_session_ended_at', 'last_session_ended_at_day',
        'is_first_user_session', 'minutes_in_between_sessions', 'is_inferred_session', 'last_synced_at',
        'first_event_type', 'last_event_type', 'distinct_event_types', 'conversion_events', 'is_engaged_session',
    ] + amplitude_sessions.session_context_columns()) }}
{% endmacro %}

-- The columns of a session part (int_amplitude__session_parts) that sessions add up from, after its grouping keys.
{% macro session_part_columns() %}
    {%- set columns = [
        'part_events', 'part_started_at', 'part_ended_at', 'last_synced_at', 'first_event_key', 'last_event_key',
        'first_event_type', 'last_event_type', 'event_types', 'conversion_events',
    ] -%}
    {%- for column in amplitude_sessions.session_described_columns() -%}
        {%- do columns.extend([column, column ~ '_key']) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

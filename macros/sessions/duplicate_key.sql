-- The columns that together identify one event: (device_id, _insert_id), or without _insert_id
-- (id, device_id, client_event_time, coalesce(user_id, amplitude_id)).
{% macro duplicate_key_columns() -%}
    source_relation,
    device_id,
    insert_id,
    case when insert_id is null then event_id end,
    case when insert_id is null then client_event_at end,
    case when insert_id is null then coalesce(user_id, cast(amplitude_id as {{ dbt.type_string() }})) end
{%- endmacro %}

-- The 64-bit hash of an event's duplicate key (key_hash of duplicate_key_columns): rows of one event share it.
{% macro duplicate_key_hash() %}
    {{ return(amplitude_sessions.key_hash(amplitude_sessions.duplicate_key_columns())) }}
{% endmacro %}

-- The staged columns sessions are built from: the duplicate key, the preference, and what a session part keeps (its
-- bounds, event types, order keys, context and passthrough values).
{% macro session_source_columns() %}
    {{ return([
        'source_relation', 'event_id', 'event_uuid', 'insert_id', 'device_id', 'user_id', 'amplitude_id',
        'session_id', 'event_at', 'client_event_at', 'client_upload_at', 'fivetran_synced_at', 'event_type',
    ] + amplitude_sessions.session_described_columns()) }}
{% endmacro %}

-- The staged columns deduplication reads and returns: those sessions are built from (session_source_columns) and the
-- columns carried to amplitude__event_enhanced.
{% macro duplicate_columns() %}
    {%- set columns = amplitude_sessions.session_source_columns() -%}
    {%- for raw_name, family, staged_name in amplitude_sessions.event_carried_columns() -%}
        {%- do columns.append(staged_name) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

-- Order of preference among rows of one event (contract section 3): latest upload, then latest load, then largest uuid.
-- The rest only makes the choice deterministic among rows that share all three.
{% macro duplicate_preference() -%}
    client_upload_at desc nulls last,
    fivetran_synced_at desc nulls last,
    {{ amplitude_sessions.bytewise('event_uuid') }} desc nulls last,
    event_at desc,
    session_id desc nulls last,
    {{ amplitude_sessions.bytewise('user_id') }} desc nulls last,
    amplitude_id desc nulls last,
    {{ amplitude_sessions.bytewise('event_type') }} desc nulls last
{%- endmacro %}

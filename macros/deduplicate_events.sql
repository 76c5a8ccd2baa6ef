-- Keeps one row per event (spec section 3) from a relation with the staged event columns.
{% macro deduplicate_events(relation) %}
    {{ return(adapter.dispatch('deduplicate_events', 'amplitude_sessions')(relation)) }}
{% endmacro %}

{% macro default__deduplicate_events(relation) %}
    select
        source_relation,
        event_id,
        event_uuid,
        insert_id,
        device_id,
        user_id,
        amplitude_id,
        session_id,
        event_at,
        client_event_at,
        client_upload_at,
        fivetran_synced_at
    from (
        select
            *,
            row_number() over (
                partition by {{ amplitude_sessions.duplicate_key_columns() }}
                order by {{ amplitude_sessions.duplicate_preference() }}
            ) as duplicate_rank
        from {{ relation }}
    ) as ranked_events
    where duplicate_rank = 1
{% endmacro %}

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

-- Order of preference among rows of one event: latest upload, then latest load; the rest only makes it deterministic.
{% macro duplicate_preference() -%}
    client_upload_at desc nulls last,
    fivetran_synced_at desc nulls last,
    event_at desc,
    session_id desc nulls last,
    user_id desc nulls last,
    amplitude_id desc nulls last,
    event_uuid desc nulls last,
    event_id desc nulls last
{%- endmacro %}

-- A non-null key for a device_id, so that events without a device match each other in joins.
{% macro device_key(device_id) -%}
    coalesce({{ device_id }}, '_amplitude_sessions_null_device_')
{%- endmacro %}

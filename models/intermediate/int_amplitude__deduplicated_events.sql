-- depends_on: {{ ref('int_amplitude__incremental_devices') }}
{%- set is_incremental_run = amplitude_sessions.is_incremental_sessions_run() %}

with staged_events as (
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
    from {{ ref('stg_amplitude__event') }}
),

{% if is_incremental_run -%}
incremental_devices as (
    select
        source_relation,
        device_key
    from {{ ref('int_amplitude__incremental_devices') }}
),

{% endif -%}
-- Every event of a full build; an incremental run reads only the devices it rebuilds.
events_in_scope as (
    select staged_events.*
    from staged_events
    {%- if is_incremental_run %}
    inner join incremental_devices
        on staged_events.source_relation = incremental_devices.source_relation
        and {{ amplitude_sessions.device_key('staged_events.device_id') }} = incremental_devices.device_key
    {%- endif %}
),

-- Spec 3: rows of one event count once; the row with the latest client_upload_time, then _fivetran_synced, is kept.
deduplicated_events as (
    {{ amplitude_sessions.deduplicate_events('events_in_scope') }}
),

final as (
    select
        source_relation,
        event_id,
        insert_id,
        device_id,
        user_id,
        amplitude_id,
        session_id,
        event_at,
        fivetran_synced_at
    from deduplicated_events
)

select * from final

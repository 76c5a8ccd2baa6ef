-- depends_on: {{ ref('int_amplitude__incremental_devices') }}
{%- set is_incremental_run = amplitude_sessions.is_incremental_sessions_run() %}

-- Read twice by the DuckDB dedup (key counts, then rows), so not materialized where the engine allows.
with events_in_scope as {{ amplitude_sessions.not_materialized() }} (
    select
        staged_events.source_relation,
        staged_events.event_id,
        staged_events.event_uuid,
        staged_events.insert_id,
        staged_events.device_id,
        staged_events.user_id,
        staged_events.amplitude_id,
        staged_events.session_id,
        staged_events.event_at,
        staged_events.client_event_at,
        staged_events.client_upload_at,
        staged_events.fivetran_synced_at
    from {{ ref('stg_amplitude__event') }} as staged_events
    {%- if is_incremental_run %}
    -- An incremental run reads only the devices it rebuilds.
    inner join {{ ref('int_amplitude__incremental_devices') }} as incremental_devices
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

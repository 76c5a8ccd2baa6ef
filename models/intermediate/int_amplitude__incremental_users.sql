-- depends_on: {{ ref('stg_amplitude__event') }}
{#- Inlined by amplitude__sessions on every run (a depends_on ref); it reads the table only on incremental runs. #}
{%- if not amplitude_sessions.is_incremental_sessions_run() %}

select
    cast(null as {{ dbt.type_string() }}) as source_relation,
    cast(null as {{ dbt.type_string() }}) as amplitude_user_id
where 1 = 0

{%- else %}
{%- set sessions = amplitude_sessions.sessions_relation() %}

with staged_events as (
    select
        source_relation,
        device_id,
        user_id,
        amplitude_id,
        event_at,
        fivetran_synced_at
    from {{ ref('stg_amplitude__event') }}
),

loaded_sessions as (
    select
        source_relation,
        max(last_synced_at) as synced_through_at,
        max(session_ended_at) as ended_through_at
    from {{ sessions }}
    group by source_relation
),

-- Rows loaded since the last run (by _fivetran_synced; by a look-back on event_time where there is
-- none), rows of a new connection, and rows later than every session (future-dated until today).
new_events as (
    select
        staged_events.source_relation,
        staged_events.device_id
    from staged_events
    left join loaded_sessions
        on staged_events.source_relation = loaded_sessions.source_relation
    where
        loaded_sessions.source_relation is null
        or staged_events.fivetran_synced_at >= loaded_sessions.synced_through_at
        or (
            (staged_events.fivetran_synced_at is null or loaded_sessions.synced_through_at is null)
            and staged_events.event_at >= {{ dbt.dateadd('day', -1 * var('amplitude__lookback_window_days'), 'loaded_sessions.ended_through_at') }}
        )
        or staged_events.event_at > loaded_sessions.ended_through_at
),

new_devices as (
    select distinct
        source_relation,
        {{ amplitude_sessions.device_key('device_id') }} as device_key
    from new_events
),

-- Every row of a device with a new row: the new rows and every row that may be a duplicate of one.
touched_events as (
    select
        staged_events.source_relation,
        staged_events.user_id,
        staged_events.amplitude_id
    from staged_events
    inner join new_devices
        on staged_events.source_relation = new_devices.source_relation
        and {{ amplitude_sessions.device_key('staged_events.device_id') }} = new_devices.device_key
),

touched_amplitude_ids as (
    select distinct
        source_relation,
        amplitude_id
    from touched_events
    where amplitude_id is not null
),

-- Every user_id seen with a touched amplitude_id: the users its anonymous events may move between.
stitch_candidates as (
    select distinct
        staged_events.source_relation,
        staged_events.user_id
    from staged_events
    inner join touched_amplitude_ids
        on staged_events.source_relation = touched_amplitude_ids.source_relation
        and staged_events.amplitude_id = touched_amplitude_ids.amplitude_id
    where staged_events.user_id is not null
),

final as (
    select source_relation, user_id as amplitude_user_id from touched_events where user_id is not null
    union
    select source_relation, cast(amplitude_id as {{ dbt.type_string() }}) from touched_amplitude_ids
    union
    select source_relation, user_id from stitch_candidates
)

select * from final
{%- endif %}

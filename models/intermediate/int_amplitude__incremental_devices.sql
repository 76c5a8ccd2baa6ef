with staged_events as (
    select
        source_relation,
        device_id,
        user_id,
        amplitude_id
    from {{ ref('stg_amplitude__event') }}
),

incremental_users as (
    select
        source_relation,
        amplitude_user_id
    from {{ ref('int_amplitude__incremental_users') }}
),

identified_events as (
    select
        staged_events.source_relation,
        staged_events.device_id,
        staged_events.amplitude_id
    from staged_events
    inner join incremental_users
        on staged_events.source_relation = incremental_users.source_relation
        and staged_events.user_id = incremental_users.amplitude_user_id
),

-- The amplitude_ids whose anonymous events may belong to a rebuilt user: those seen with its
-- user_id, and those whose own id is the user's key.
scope_amplitude_ids as (
    select distinct
        source_relation,
        amplitude_id
    from identified_events
    where amplitude_id is not null
    union
    select
        source_relation,
        {{ amplitude_sessions.safe_cast('amplitude_user_id', dbt.type_bigint()) }}
    from incremental_users
),

amplitude_id_events as (
    select
        staged_events.source_relation,
        staged_events.device_id
    from staged_events
    inner join scope_amplitude_ids
        on staged_events.source_relation = scope_amplitude_ids.source_relation
        and staged_events.amplitude_id = scope_amplitude_ids.amplitude_id
),

-- Reading every event of these devices gives each rebuilt user all its events, each scope
-- amplitude_id all its events (for stitching), and each event all its duplicates.
final as (
    select source_relation, {{ amplitude_sessions.device_key('device_id') }} as device_key from identified_events
    union
    select source_relation, {{ amplitude_sessions.device_key('device_id') }} from amplitude_id_events
)

select * from final

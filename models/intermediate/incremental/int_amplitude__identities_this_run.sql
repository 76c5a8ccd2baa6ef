with identities as (
    select
        source_relation,
        device_key,
        amplitude_id,
        user_id
    from {{ ref('int_amplitude__identities') }}
),

users_this_run as (
    select
        source_relation,
        amplitude_user_id
    from {{ ref('int_amplitude__users_this_run') }}
),

devices_this_run as (
    select
        source_relation,
        device_key
    from {{ ref('int_amplitude__devices_this_run') }}
),

-- The amplitude_ids whose anonymous events may belong to a rebuilt user: those seen with its
-- user_id, and those whose own id is the user's key.
scope_amplitude_ids as (
    select
        identities.source_relation,
        identities.amplitude_id
    from identities
    inner join users_this_run
        on identities.source_relation = users_this_run.source_relation
        and identities.user_id = users_this_run.amplitude_user_id
    where identities.amplitude_id is not null
    union
    select
        source_relation,
        {{ amplitude_sessions.safe_cast('amplitude_user_id', dbt.type_bigint()) }}
    from users_this_run
),

-- Devices with an event of a rebuilt user or of a scope amplitude_id, and every device with a new row (whose
-- events of no user amplitude__event_enhanced lists).
scope_devices as (
    select
        source_relation,
        device_key
    from devices_this_run
    union
    select
        identities.source_relation,
        identities.device_key
    from identities
    inner join users_this_run
        on identities.source_relation = users_this_run.source_relation
        and identities.user_id = users_this_run.amplitude_user_id
    union
    select
        identities.source_relation,
        identities.device_key
    from identities
    inner join scope_amplitude_ids
        on identities.source_relation = scope_amplitude_ids.source_relation
        and identities.amplitude_id = scope_amplitude_ids.amplitude_id
),

-- Every identity on those devices. Reading the events of their amplitude_ids (and the events
-- without amplitude_id on their devices) gives each rebuilt user all its events, each scope
-- amplitude_id all its events (for stitching), and each of those events all its duplicates.
final as (
    select distinct
        identities.source_relation,
        identities.device_key,
        identities.amplitude_id
    from identities
    inner join scope_devices
        on identities.source_relation = scope_devices.source_relation
        and identities.device_key = scope_devices.device_key
)

select * from final

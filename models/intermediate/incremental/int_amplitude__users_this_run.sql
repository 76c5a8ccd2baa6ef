-- depends_on: {{ ref('int_amplitude__devices_this_run') }}
-- depends_on: {{ ref('int_amplitude__identities') }}
{#- Inlined by the scoped models on every run (a depends_on ref); it reads anything only on incremental runs. #}
{%- if not amplitude_sessions.is_incremental_scope_run() %}

select
    cast(null as {{ dbt.type_string() }}) as source_relation,
    cast(null as {{ dbt.type_string() }}) as amplitude_user_id
where 1 = 0

{%- else %}

with identities as (
    select
        source_relation,
        device_key,
        amplitude_id,
        user_id
    from {{ ref('int_amplitude__identities') }}
),

new_devices as (
    select
        source_relation,
        device_key
    from {{ ref('int_amplitude__devices_this_run') }}
),

-- Every identity on a device with a new row: the new rows' and those of every row that may be a
-- duplicate of one (duplicates share their device).
touched_identities as (
    select identities.*
    from identities
    inner join new_devices
        on identities.source_relation = new_devices.source_relation
        and identities.device_key = new_devices.device_key
),

touched_amplitude_ids as (
    select distinct
        source_relation,
        amplitude_id
    from touched_identities
    where amplitude_id is not null
),

-- Every user_id seen with a touched amplitude_id: the users its anonymous events may move between.
stitch_candidates as (
    select distinct
        identities.source_relation,
        identities.user_id
    from identities
    inner join touched_amplitude_ids
        on identities.source_relation = touched_amplitude_ids.source_relation
        and identities.amplitude_id = touched_amplitude_ids.amplitude_id
    where identities.user_id is not null
),

final as (
    select
        source_relation,
        user_id as amplitude_user_id
    from touched_identities
    where user_id is not null
    union
    select
        source_relation,
        cast(amplitude_id as {{ dbt.type_string() }})
    from touched_amplitude_ids
    union
    select
        source_relation,
        user_id
    from stitch_candidates
)

select * from final
{%- endif %}

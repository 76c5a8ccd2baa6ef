{{
    config(
        materialized=amplitude_sessions.sessions_materialization(),
        incremental_strategy='delete+insert',
        unique_key='identity_id',
        on_schema_change='sync_all_columns',
        pre_hook=[
            "{{ amplitude_sessions.planner_settings() }}",
            "{{ amplitude_sessions.clear_for_rebuild() }}",
            "{{ amplitude_sessions.record_synced_mark('last_synced_at', 'last_event_at') }}",
        ],
        post_hook=[
            "{{ amplitude_sessions.record_settings() }}",
            "{{ amplitude_sessions.mark_indexes('last_synced_at', 'last_event_at') }}",
        ],
    )
}}
{%- set state = amplitude_sessions.incremental_state('int_amplitude__identities') %}
{%- set incremental_run = state == 'incremental' %}
{%- set columns = ['source_relation', 'device_id', 'amplitude_id', 'user_id', 'event_at', 'fivetran_synced_at'] %}

-- Every identity seen in the events: one row per (source_relation, device, amplitude_id, user_id).
-- Incremental runs of amplitude__sessions find the events they must re-read through it, without
-- scanning the event table for each step of identity stitching.
with new_events as (
    {% if incremental_run -%}
    {{ amplitude_sessions.select_new_events(
        ref('stg_amplitude__event'), [(this, 'last_synced_at', 'last_event_at')], columns
    ) }}
    {%- else -%}
    select {{ columns | join(', ') }}
    from {{ ref('stg_amplitude__event') }}
    {%- endif %}
),

-- Grouped on the raw device_id (no expression over every row); the device key is derived per group.
new_identities as (
    select
        source_relation,
        device_id,
        amplitude_id,
        user_id,
        max(event_at) as last_event_at,
        max(fivetran_synced_at) as last_synced_at
    from new_events
    group by source_relation, device_id, amplitude_id, user_id
),

keyed_identities as (
    select
        {{ amplitude_sessions.surrogate_key(['source_relation', 'device_id', 'amplitude_id', 'user_id']) }}
            as identity_id,
        source_relation,
        {{ amplitude_sessions.device_key('device_id') }} as device_key,
        amplitude_id,
        user_id,
        last_event_at,
        last_synced_at
    from new_identities
),

final as (
    {% if incremental_run -%}
    -- An identity seen again keeps the later of its old and new watermarks.
    select
        keyed_identities.identity_id,
        keyed_identities.source_relation,
        keyed_identities.device_key,
        keyed_identities.amplitude_id,
        keyed_identities.user_id,
        case
            when existing.last_event_at > keyed_identities.last_event_at then existing.last_event_at
            else keyed_identities.last_event_at
        end as last_event_at,
        case
            when existing.last_synced_at > keyed_identities.last_synced_at then existing.last_synced_at
            else coalesce(keyed_identities.last_synced_at, existing.last_synced_at)
        end as last_synced_at
    from keyed_identities
    left join {{ this }} as existing
        on keyed_identities.identity_id = existing.identity_id
    {%- else -%}
    select * from keyed_identities
    {%- endif %}
)

select * from final

{{
    config(
        materialized=amplitude_sessions.event_numbers_materialization(),
        enabled=var('amplitude__event_enhanced_enabled'),
        pre_hook="{{ amplitude_sessions.planner_settings() }}",
    )
}}
-- depends_on: {{ ref('int_amplitude__users_this_run') }}
-- depends_on: {{ ref('int_amplitude__identities') }}
-- depends_on: {{ ref('stg_amplitude__event') }}

{%- set incremental_run = amplitude_sessions.incremental_state('amplitude__event_enhanced', fail=false) == 'incremental'
    and amplitude_sessions.is_incremental_scope_run() %}
{%- set part_keys = amplitude_sessions.session_part_keys() %}
{%- set event_order -%}
    event_at, event_id nulls last, {{ amplitude_sessions.bytewise('event_uuid') }} nulls last, unique_event_id
{%- endset %}

-- Only the columns that place and order an event: amplitude__event_enhanced joins the numbers to the kept events'
-- other columns, so that the numbering windows below sort eight columns, not every column of the event.
with deduplicated_events as (
    select
        unique_event_id,
        source_relation,
        event_id,
        event_uuid,
        user_id,
        amplitude_id,
        session_id,
        event_at,
        fivetran_synced_at,
        {%- for key_name, key_expression in part_keys %}
        {{ key_expression }} as part_{{ key_name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_amplitude__deduplicated_events') }}
),

sessionized_parts as (
    select
        source_relation,
        part_amplitude_id,
        part_user_id,
        part_session_id,
        out_of_session_event_at,
        amplitude_user_id,
        resolved_user_id,
        session_id
    from {{ ref('int_amplitude__sessionized_parts') }}
),

-- Every kept event with the user and session of its part (contract sections 4 and 5): the part's session id, or
-- for an event in no session its own raw session_id.
sessionized_events as (
    select
        deduplicated_events.unique_event_id,
        deduplicated_events.source_relation,
        deduplicated_events.event_id,
        deduplicated_events.event_uuid,
        deduplicated_events.event_at,
        deduplicated_events.fivetran_synced_at,
        sessionized_parts.amplitude_user_id,
        sessionized_parts.resolved_user_id,
        coalesce(sessionized_parts.session_id, deduplicated_events.session_id) as session_id,
        sessionized_parts.session_id is not null as is_in_session
    from deduplicated_events
    inner join sessionized_parts
        on deduplicated_events.source_relation = sessionized_parts.source_relation
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.amplitude_id', 'sessionized_parts.part_amplitude_id', '0') }}
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.user_id', 'sessionized_parts.part_user_id', "''") }}
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.part_session_id', 'sessionized_parts.part_session_id', '0') }}
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.part_out_of_session_event_at', 'sessionized_parts.out_of_session_event_at',
            "cast('1970-01-01' as " ~ amplitude_sessions.type_utc_timestamp() ~ ")") }}
),

{% if incremental_run -%}
users_this_run as (
    select
        source_relation,
        amplitude_user_id
    from {{ ref('int_amplitude__users_this_run') }}
),

{% endif -%}
-- An incremental run numbers every event of the users new rows touch (a user's numbers run over all their events)
-- and the events of no user on the devices with new rows.
events_in_scope as (
    select *
    from sessionized_events
    {%- if incremental_run %}
    where
        amplitude_user_id is null
        or exists (
            select 1
            from users_this_run
            where
                users_this_run.source_relation = sessionized_events.source_relation
                and users_this_run.amplitude_user_id = sessionized_events.amplitude_user_id
        )
    {%- endif %}
),

-- Contract section 9: events numbered in the event order (event_time, id, uuid, a null after every value) within
-- their user; the event key breaks the ties the order leaves ...
user_numbered_events as (
    select
        *,
        case when amplitude_user_id is not null then row_number() over (
            partition by source_relation, amplitude_user_id
            order by {{ event_order }}
        ) end as user_event_number
    from events_in_scope
),

-- ... and within their session, whose events are some of its user's: in the order of their user numbers, a sort of
-- integers instead of the event order's strings.
numbered_events as (
    select
        *,
        case when is_in_session then row_number() over (
            partition by source_relation, amplitude_user_id, session_id, is_in_session
            order by user_event_number
        ) end as session_event_number
    from user_numbered_events
),

final as (
    select
        unique_event_id,
        fivetran_synced_at,
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        is_in_session,
        session_event_number,
        user_event_number
    from numbered_events
)

select * from final

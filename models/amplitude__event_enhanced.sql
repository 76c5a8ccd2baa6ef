{{
    config(
        materialized=amplitude_sessions.sessions_materialization(),
        enabled=var('amplitude__event_enhanced_enabled'),
        incremental_strategy='delete+insert',
        unique_key='unique_event_id',
        on_schema_change='sync_all_columns',
        indexes=amplitude_sessions.lookup_indexes([
            {'columns': ['unique_event_id']},
            {'columns': ['source_relation', 'amplitude_user_id']},
        ]),
        pre_hook=[
            "{{ amplitude_sessions.planner_settings() }}",
            "{{ amplitude_sessions.clear_for_rebuild() }}",
        ],
        post_hook="{{ amplitude_sessions.record_settings() }}",
    )
}}
-- depends_on: {{ ref('int_amplitude__users_this_run') }}
-- depends_on: {{ ref('int_amplitude__identities') }}
-- depends_on: {{ ref('stg_amplitude__event') }}

{%- set columns = amplitude_sessions.duplicate_columns() | reject('equalto', 'session_id') | list %}
{%- set state = amplitude_sessions.incremental_state('amplitude__event_enhanced') %}
{%- set incremental_run = state == 'incremental' and amplitude_sessions.is_incremental_scope_run() %}
{%- if incremental_run %}
    {%- do amplitude_sessions.assert_identities_current() %}
{%- endif %}
{%- set event_order -%}
    event_at, event_id nulls last, {{ amplitude_sessions.bytewise('event_uuid') }} nulls last, unique_event_id
{%- endset %}

with sessionized_events as (
    select
        {{ columns | join(',\n        ') }},
        amplitude_user_id,
        resolved_user_id,
        session_id,
        is_in_session
    from {{ ref('int_amplitude__sessionized_events') }}
),

event_types as (
    {{ amplitude_sessions.select_event_types() }}
),

{% if incremental_run -%}
users_this_run as (
    select
        source_relation,
        amplitude_user_id
    from {{ ref('int_amplitude__users_this_run') }}
),

-- The stored rows of the users this run rebuilds, and of no user: what the rebuilt rows are compared with.
stored_events as (
    select *
    from {{ this }} as stored
    where
        stored.amplitude_user_id is null
        or exists (
            select 1
            from users_this_run
            where
                users_this_run.source_relation = stored.source_relation
                and users_this_run.amplitude_user_id = stored.amplitude_user_id
        )
),

{% endif -%}
-- An incremental run rebuilds every event of the users new rows touch (all their events are in scope) and the
-- events of no user on the devices with new rows.
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

-- Contract section 9: an event's key is that of its duplicates (section 3): (device_id, _insert_id), or without
-- _insert_id (id, device_id, client_event_time in epoch milliseconds, user_id or amplitude_id).
keyed_events as (
    select
        *,
        case
            when insert_id is not null
                then {{ amplitude_sessions.surrogate_key(['source_relation', 'device_id', 'insert_id']) }}
            else {{ amplitude_sessions.surrogate_key([
                'source_relation',
                'event_id',
                'device_id',
                amplitude_sessions.epoch_milliseconds('client_event_at'),
                'coalesce(user_id, cast(amplitude_id as ' ~ dbt.type_string() ~ '))',
            ]) }}
        end as unique_event_id
    from events_in_scope
),

-- Contract section 9: events numbered in the event order (event_time, id, uuid, a null after every value) within
-- their session and within their user; the event key breaks the ties the order leaves.
numbered_events as (
    select
        *,
        case when is_in_session then row_number() over (
            partition by source_relation, amplitude_user_id, session_id, is_in_session
            order by {{ event_order }}
        ) end as session_event_number,
        case when amplitude_user_id is not null then row_number() over (
            partition by source_relation, amplitude_user_id
            order by {{ event_order }}
        ) end as user_event_number
    from keyed_events
),

-- Contract section 9: the event type's name and display from the optional event_type table.
described_events as (
    select
        numbered_events.*,
        event_types.event_type_name,
        event_types.event_type_display
    from numbered_events
    left join event_types
        on numbered_events.source_relation = event_types.source_relation
        and numbered_events.event_type_id = event_types.event_type_id
        and numbered_events.project_name = event_types.project_name
),

enhanced_events as (
    select
        unique_event_id,
        source_relation,
        event_id,
        event_type,
        event_at as event_time,
        cast(event_at as date) as event_day,
        amplitude_id,
        user_id,
        device_id,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        case when is_in_session then
            {{ amplitude_sessions.surrogate_key(['source_relation', 'amplitude_user_id', 'session_id']) }}
        end as unique_session_id,
        session_event_number,
        user_event_number,
        event_type_id,
        event_type_name,
        event_type_display,
        event_uuid as uuid,  -- noqa: RF04
        insert_id as _insert_id,
        client_event_at as client_event_time,
        client_upload_at as client_upload_time,
        fivetran_synced_at as _fivetran_synced,
        {%- for context_column in amplitude_sessions.session_context_columns() %}
        {{ context_column }},
        {%- endfor %}
        {%- for raw_name, family, staged_name in amplitude_sessions.event_carried_columns()
            if raw_name not in ['event_type_id'] %}
        {{ staged_name }} as {{ raw_name }}{{ "," if not loop.last }}
        {%- endfor %}
    from described_events
),

{% if incremental_run -%}
{%- set stored_columns = amplitude_sessions.incremental_model_columns('amplitude__event_enhanced') %}
-- Contract section 7: a run writes only the rows whose values change (an ordinary new day's events are new rows;
-- a late event renumbers the user's later events) ...
changed_events as (
    select {{ stored_columns | join(', ') }} from enhanced_events
    except
    select {{ stored_columns | join(', ') }} from stored_events
),

-- ... and, of the events it does not rebuild, those whose event type was renamed or deleted since they were written.
renamed_events as (
    select
        {%- for column in stored_columns %}
        {{ 'event_types' if column in ['event_type_name', 'event_type_display'] else 'stored' }}.{{ column }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ this }} as stored
    left join event_types
        on stored.source_relation = event_types.source_relation
        and stored.event_type_id = event_types.event_type_id
        and stored.project_name = event_types.project_name
    where
        (
            stored.event_type_name is distinct from event_types.event_type_name
            or stored.event_type_display is distinct from event_types.event_type_display
        )
        and not exists (
            select 1
            from enhanced_events
            where enhanced_events.unique_event_id = stored.unique_event_id
        )
),

{% endif -%}
final as (
    {%- if incremental_run %}
    select * from changed_events
    union all
    select * from renamed_events
    {%- else %}
    select * from enhanced_events
    {%- endif %}
)

select * from final

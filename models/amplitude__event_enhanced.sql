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
            "{{ amplitude_sessions.written_join_order() }}",
            "{{ amplitude_sessions.clear_for_rebuild() }}",
            "{{ amplitude_sessions.record_synced_mark('_fivetran_synced', 'event_time') }}",
        ],
        post_hook=[
            "{{ amplitude_sessions.reset_join_order() }}",
            "{{ amplitude_sessions.record_settings() }}",
            "{{ amplitude_sessions.mark_indexes('_fivetran_synced', 'event_time') }}",
        ],
    )
}}
-- depends_on: {{ ref('int_amplitude__users_this_run') }}
-- depends_on: {{ ref('int_amplitude__identities') }}
-- depends_on: {{ ref('stg_amplitude__event') }}

{%- set columns = amplitude_sessions.duplicate_columns() | reject('equalto', 'session_id') | list %}
{%- set state = amplitude_sessions.incremental_state('amplitude__event_enhanced') %}
{%- set incremental_run = state == 'incremental' and amplitude_sessions.is_incremental_scope_run() %}
{%- if execute %}
    {%- do amplitude_sessions.assert_inputs_current(incremental_run) %}
{%- endif %}

with deduplicated_events as (
    select
        unique_event_id,
        {{ columns | join(',\n        ') }}
    from {{ ref('int_amplitude__deduplicated_events') }}
),

-- The user, session and numbers of each kept event of this run's scope (an incremental run's: every event of the
-- users it rebuilds, and the events of no user on the devices with new rows).
sessionized_events as (
    select
        unique_event_id,
        fivetran_synced_at,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        is_in_session,
        session_event_number,
        user_event_number
    from {{ ref('int_amplitude__sessionized_events_this_run') }}
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
-- Each kept event of the scope with its user, session and numbers. The kept row is matched by its load time too:
-- a copy loaded while the run went on (after the numbers were taken) waits for the next run.
numbered_events as (
    select
        deduplicated_events.*,
        sessionized_events.amplitude_user_id,
        sessionized_events.resolved_user_id,
        sessionized_events.session_id,
        sessionized_events.is_in_session,
        sessionized_events.session_event_number,
        sessionized_events.user_event_number
    from deduplicated_events
    inner join sessionized_events
        on deduplicated_events.unique_event_id = sessionized_events.unique_event_id
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.fivetran_synced_at', 'sessionized_events.fivetran_synced_at',
            "cast('1970-01-01' as " ~ amplitude_sessions.type_utc_timestamp() ~ ")") }}
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

-- ... and, of the events it does not rebuild, those whose event type was renamed or deleted since they were
-- written: first the event types whose stored name or display differs from the event_type table's (four narrow
-- columns of the stored table read, instead of every column) ...
renamed_event_types as (
    select distinct
        stored.source_relation,
        stored.event_type_id,
        stored.project_name
    from {{ this }} as stored
    left join event_types
        on stored.source_relation = event_types.source_relation
        and stored.event_type_id = event_types.event_type_id
        and stored.project_name = event_types.project_name
    where
        stored.event_type_name is distinct from event_types.event_type_name
        or stored.event_type_display is distinct from event_types.event_type_display
),

-- ... then their stored events, with the new name and display.
renamed_events as (
    select
        {%- for column in stored_columns %}
        {{ 'event_types' if column in ['event_type_name', 'event_type_display'] else 'stored' }}.{{ column }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ this }} as stored
    inner join renamed_event_types
        on stored.source_relation = renamed_event_types.source_relation
        and stored.event_type_id = renamed_event_types.event_type_id
        and stored.project_name = renamed_event_types.project_name
    left join event_types
        on stored.source_relation = event_types.source_relation
        and stored.event_type_id = event_types.event_type_id
        and stored.project_name = event_types.project_name
    where not exists (
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

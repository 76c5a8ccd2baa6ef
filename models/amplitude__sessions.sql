{{
    config(
        materialized=amplitude_sessions.sessions_materialization(),
        incremental_strategy='amplitude_user_replace',
        unique_key=['source_relation', 'amplitude_user_id'],
        on_schema_change='fail',
    )
}}
-- depends_on: {{ ref('int_amplitude__incremental_users') }}

with sessionized_events as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        event_count,
        first_event_at,
        last_event_at,
        last_synced_at
    from {{ ref('int_amplitude__sessionized_events') }}
),

{% if is_incremental() -%}
-- An incremental run rebuilds every session of the users touched by new rows, and no other.
incremental_users as (
    select
        source_relation,
        amplitude_user_id
    from {{ ref('int_amplitude__incremental_users') }}
),

{% endif -%}
sessions as (
    select
        source_relation,
        session_id,
        amplitude_user_id,
        max({{ amplitude_sessions.bytewise('resolved_user_id') }}) as user_id,
        cast(sum(event_count) as {{ dbt.type_bigint() }}) as events_per_session,
        min(first_event_at) as session_started_at,
        max(last_event_at) as session_ended_at,
        max(last_synced_at) as last_synced_at
    from sessionized_events
    group by source_relation, amplitude_user_id, session_id
),

sessions_in_scope as (
    select sessions.*
    from sessions
    {%- if is_incremental() %}
    inner join incremental_users
        on sessions.source_relation = incremental_users.source_relation
        and sessions.amplitude_user_id = incremental_users.amplitude_user_id
    {%- endif %}
),

numbered_sessions as (
    select
        *,
        row_number() over (
            partition by source_relation, amplitude_user_id
            order by session_started_at, session_id
        ) as user_session_number,
        lag(session_ended_at) over (
            partition by source_relation, amplitude_user_id
            order by session_started_at, session_id
        ) as last_session_ended_at
    from sessions_in_scope
),

final as (
    select
        {{ amplitude_sessions.surrogate_key(['source_relation', 'amplitude_user_id', 'session_id']) }}
            as unique_session_id,
        source_relation,
        session_id,
        amplitude_user_id,
        user_id,
        events_per_session,
        session_started_at,
        session_ended_at,
        {{ amplitude_sessions.minutes_between('session_started_at', 'session_ended_at') }} as session_length_in_minutes,
        cast(session_started_at as date) as session_started_at_day,
        cast(session_ended_at as date) as session_ended_at_day,
        user_session_number,
        last_session_ended_at,
        cast(last_session_ended_at as date) as last_session_ended_at_day,
        cast(case when user_session_number = 1 then 1 else 0 end as {{ dbt.type_int() }}) as is_first_user_session,
        {{ amplitude_sessions.minutes_between('last_session_ended_at', 'session_started_at') }}
            as minutes_in_between_sessions,
        coalesce(session_id < 0, false) as is_inferred_session,
        last_synced_at
    from numbered_sessions
    {%- if is_incremental() %}
    -- One marker row per rebuilt user, so that a user left with no session loses its old rows too.
    union all
    select
        cast(null as {{ dbt.type_string() }}),
        source_relation,
        cast(null as {{ dbt.type_bigint() }}),
        amplitude_user_id,
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_bigint() }}),
        cast(null as {{ dbt.type_timestamp() }}),
        cast(null as {{ dbt.type_timestamp() }}),
        cast(null as {{ dbt.type_numeric() }}),
        cast(null as date),
        cast(null as date),
        cast(null as {{ dbt.type_bigint() }}),
        cast(null as {{ dbt.type_timestamp() }}),
        cast(null as date),
        cast(null as {{ dbt.type_int() }}),
        cast(null as {{ dbt.type_numeric() }}),
        cast(null as {{ dbt.type_boolean() }}),
        cast(null as {{ dbt.type_timestamp() }})
    from incremental_users
    {%- endif %}
)

select * from final

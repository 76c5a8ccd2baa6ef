{{ config(materialized='table', enabled=var('amplitude__user_enhanced_enabled')) }}

with sessions as (
    select
        source_relation,
        amplitude_user_id,
        user_id,
        user_session_number,
        session_started_at,
        session_ended_at,
        session_started_at_day,
        events_per_session,
        session_length_in_minutes,
        minutes_in_between_sessions,
        is_engaged_session,
        conversion_events,
        platform,
        country,
        version_name
    from {{ ref('amplitude__sessions') }}
),

-- Contract section 10: what the user's first session says of them.
first_sessions as (
    select
        source_relation,
        amplitude_user_id,
        session_started_at as first_session_at,
        platform as first_platform,
        country as first_country,
        version_name as first_version_name
    from sessions
    where user_session_number = 1
),

-- Contract section 10: totals over every session of the user, each session weighing the same.
user_totals as (
    select
        source_relation,
        amplitude_user_id,
        max({{ amplitude_sessions.bytewise('user_id') }}) as user_id,
        max(session_started_at) as last_session_at,
        max(session_ended_at) as last_session_ended_at,
        count(*) as total_sessions,
        sum(events_per_session) as total_events_in_sessions,
        sum(session_length_in_minutes) as total_session_minutes,
        sum(minutes_in_between_sessions) as total_minutes_in_between_sessions,
        count(minutes_in_between_sessions) as gaps_between_sessions,
        count(distinct session_started_at_day) as active_days,
        sum(case when is_engaged_session then 1 else 0 end) as engaged_sessions,
        sum(conversion_events) as conversion_events
    from sessions
    group by source_relation, amplitude_user_id
),

final as (
    select
        {{ amplitude_sessions.surrogate_key(['user_totals.source_relation', 'user_totals.amplitude_user_id']) }}
            as unique_user_id,
        user_totals.source_relation,
        user_totals.amplitude_user_id,
        user_totals.user_id,
        first_sessions.first_session_at,
        user_totals.last_session_at,
        user_totals.last_session_ended_at,
        cast(user_totals.total_sessions as {{ dbt.type_bigint() }}) as total_sessions,
        cast(user_totals.total_events_in_sessions as {{ dbt.type_bigint() }}) as total_events_in_sessions,
        cast(user_totals.total_session_minutes as {{ dbt.type_numeric() }}) as total_session_minutes,
        {{ amplitude_sessions.average_to_six_places(
            'user_totals.total_session_minutes', 'user_totals.total_sessions'
        ) }} as average_session_length_in_minutes,
        case when user_totals.gaps_between_sessions > 0 then
            {{ amplitude_sessions.average_to_six_places(
                'user_totals.total_minutes_in_between_sessions', 'user_totals.gaps_between_sessions'
            ) }}
        end as average_minutes_in_between_sessions,
        cast(user_totals.active_days as {{ dbt.type_bigint() }}) as active_days,
        cast(user_totals.engaged_sessions as {{ dbt.type_bigint() }}) as engaged_sessions,
        cast(user_totals.conversion_events as {{ dbt.type_bigint() }}) as conversion_events,
        first_sessions.first_platform,
        first_sessions.first_country,
        first_sessions.first_version_name
    from user_totals
    inner join first_sessions
        on user_totals.source_relation = first_sessions.source_relation
        and user_totals.amplitude_user_id = first_sessions.amplitude_user_id
)

select * from final

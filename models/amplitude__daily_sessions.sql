{{ config(materialized='table', enabled=var('amplitude__daily_sessions_enabled')) }}

with sessions as (
    select
        source_relation,
        session_started_at_day,
        amplitude_user_id,
        user_session_number,
        events_per_session,
        session_length_in_minutes,
        is_engaged_session,
        conversion_events
    from {{ ref('amplitude__sessions') }}
),

-- Contract section 11: the figures of Amplitude's "User Sessions" chart, per day of session start.
daily_totals as (
    select
        source_relation,
        session_started_at_day,
        count(*) as number_sessions,
        count(distinct amplitude_user_id) as number_users,
        sum(case when user_session_number = 1 then 1 else 0 end) as number_new_users,
        sum(session_length_in_minutes) as total_session_minutes,
        sum(events_per_session) as total_events,
        sum(case when is_engaged_session then 1 else 0 end) as engaged_sessions,
        sum(conversion_events) as conversion_events
    from sessions
    group by source_relation, session_started_at_day
),

final as (
    select
        {{ amplitude_sessions.surrogate_key([
            'source_relation', amplitude_sessions.iso_day('session_started_at_day'),
        ]) }} as daily_unique_key,
        source_relation,
        session_started_at_day,
        cast(number_sessions as {{ dbt.type_bigint() }}) as number_sessions,
        cast(number_users as {{ dbt.type_bigint() }}) as number_users,
        cast(number_new_users as {{ dbt.type_bigint() }}) as number_new_users,
        cast(total_session_minutes as {{ dbt.type_numeric() }}) as total_session_minutes,
        {{ amplitude_sessions.average_to_six_places('total_session_minutes', 'number_sessions') }}
            as average_session_length_in_minutes,
        {{ amplitude_sessions.average_to_six_places('total_events', 'number_sessions') }}
            as average_events_per_session,
        cast(engaged_sessions as {{ dbt.type_bigint() }}) as engaged_sessions,
        cast(conversion_events as {{ dbt.type_bigint() }}) as conversion_events
    from daily_totals
)

select * from final

{{
    config(
        materialized='table',
        enabled=var('amplitude__daily_performance_enabled') and var('amplitude__event_enhanced_enabled'),
    )
}}
{#- Kept events lie inside the date range, so no zero-filled span is longer than it. #}
{%- set range_days = (
    amplitude_sessions.date_range_end_day() - amplitude_sessions.parse_day_var('amplitude__date_range_start')
).days + 1 %}

with events as (
    select
        source_relation,
        event_day,
        event_type,
        unique_session_id,
        amplitude_user_id
    from {{ ref('amplitude__event_enhanced') }}
),

first_sessions as (
    select
        source_relation,
        amplitude_user_id,
        session_started_at_day
    from {{ ref('amplitude__sessions') }}
    where user_session_number = 1
),

day_offsets as (
    {{ dbt.generate_series([range_days, 1] | max) }}
),

-- Contract section 11: per day and event type, the events, their sessions and users, and the users among them
-- whose first session started that day.
event_type_days as (
    select
        events.source_relation,
        events.event_day,
        events.event_type,
        count(*) as number_events,
        count(distinct events.unique_session_id) as number_sessions,
        count(distinct events.amplitude_user_id) as number_users,
        count(distinct case
            when first_sessions.session_started_at_day = events.event_day then events.amplitude_user_id
        end) as number_new_users
    from events
    left join first_sessions
        on events.source_relation = first_sessions.source_relation
        and events.amplitude_user_id = first_sessions.amplitude_user_id
    where events.event_type is not null
    group by events.source_relation, events.event_day, events.event_type
),

connection_last_days as (
    select
        source_relation,
        max(event_day) as last_day
    from events
    group by source_relation
),

-- Contract section 11: each event type has a row for every day from its first day to the connection's last day.
event_type_spans as (
    select
        event_type_days.source_relation,
        event_type_days.event_type,
        min(event_type_days.event_day) as first_day,
        max(connection_last_days.last_day) as last_day
    from event_type_days
    inner join connection_last_days
        on event_type_days.source_relation = connection_last_days.source_relation
    group by event_type_days.source_relation, event_type_days.event_type
),

event_type_spine as (
    select
        event_type_spans.source_relation,
        event_type_spans.event_type,
        cast({{ dbt.dateadd('day', 'day_offsets.generated_number - 1', 'event_type_spans.first_day') }} as date)
            as event_day
    from event_type_spans
    inner join day_offsets
        on day_offsets.generated_number - 1
        <= {{ dbt.datediff('event_type_spans.first_day', 'event_type_spans.last_day', 'day') }}
),

final as (
    select
        {{ amplitude_sessions.surrogate_key([
            'event_type_spine.source_relation',
            amplitude_sessions.iso_day('event_type_spine.event_day'),
            'event_type_spine.event_type',
        ]) }} as daily_unique_key,
        event_type_spine.source_relation,
        event_type_spine.event_day,
        event_type_spine.event_type,
        cast(coalesce(event_type_days.number_events, 0) as {{ dbt.type_bigint() }}) as number_events,
        cast(coalesce(event_type_days.number_sessions, 0) as {{ dbt.type_bigint() }}) as number_sessions,
        cast(coalesce(event_type_days.number_users, 0) as {{ dbt.type_bigint() }}) as number_users,
        cast(coalesce(event_type_days.number_new_users, 0) as {{ dbt.type_bigint() }}) as number_new_users
    from event_type_spine
    left join event_type_days
        on event_type_spine.source_relation = event_type_days.source_relation
        and event_type_spine.event_day = event_type_days.event_day
        and event_type_spine.event_type = event_type_days.event_type
)

select * from final

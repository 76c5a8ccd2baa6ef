-- The spec as one plain DuckDB statement, the way anyone would first write it: dedup with
-- row_number() over the duplicate keys, stitching by a join on amplitude_id, sessions by
-- group by, numbering with window functions. benchmark/run.py times it beside the package.
create or replace table baseline_sessions as
with events as (
    select *
    from amplitude.event
    where event_time is not null
        and cast(event_time as date) between date '2020-01-01' and current_date
),

deduplicated as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by
                    device_id,
                    _insert_id,
                    case when _insert_id is null then id end,
                    case when _insert_id is null then client_event_time end,
                    case when _insert_id is null then coalesce(user_id, cast(amplitude_id as varchar)) end
                order by client_upload_time desc nulls last, _fivetran_synced desc nulls last
            ) as duplicate_rank
        from events
    )
    where duplicate_rank = 1
),

first_identified as (
    select amplitude_id, min(event_time) as first_identified_at
    from deduplicated
    where user_id is not null
    group by amplitude_id
),

stitched as (
    select deduplicated.amplitude_id, min(deduplicated.user_id) as stitched_user_id
    from deduplicated
    inner join first_identified
        on deduplicated.amplitude_id = first_identified.amplitude_id
        and deduplicated.event_time = first_identified.first_identified_at
    where deduplicated.user_id is not null
    group by deduplicated.amplitude_id
),

user_events as (
    select
        coalesce(deduplicated.user_id, stitched.stitched_user_id) as user_id,
        coalesce(deduplicated.user_id, stitched.stitched_user_id, cast(deduplicated.amplitude_id as varchar))
            as amplitude_user_id,
        deduplicated.session_id,
        deduplicated.event_time
    from deduplicated
    left join stitched on deduplicated.amplitude_id = stitched.amplitude_id
    where deduplicated.session_id > 0
),

sessions as (
    select
        amplitude_user_id,
        session_id,
        max(user_id) as user_id,
        count(*) as events_per_session,
        min(event_time) as session_started_at,
        max(event_time) as session_ended_at
    from user_events
    where amplitude_user_id is not null
    group by amplitude_user_id, session_id
),

numbered as (
    select
        *,
        row_number() over (partition by amplitude_user_id order by session_started_at, session_id)
            as user_session_number,
        lag(session_ended_at) over (partition by amplitude_user_id order by session_started_at, session_id)
            as last_session_ended_at
    from sessions
)

select
    md5('benchmark.amplitude-' || amplitude_user_id || '-' || session_id) as unique_session_id,
    session_id,
    amplitude_user_id,
    user_id,
    events_per_session,
    session_started_at,
    session_ended_at,
    cast((epoch_ms(session_ended_at) - epoch_ms(session_started_at)) / 60000 as decimal(28, 6))
        as session_length_in_minutes,
    cast(session_started_at as date) as session_started_at_day,
    cast(session_ended_at as date) as session_ended_at_day,
    user_session_number,
    last_session_ended_at,
    cast(last_session_ended_at as date) as last_session_ended_at_day,
    case when user_session_number = 1 then 1 else 0 end as is_first_user_session,
    cast((epoch_ms(session_started_at) - epoch_ms(last_session_ended_at)) / 60000 as decimal(28, 6))
        as minutes_in_between_sessions
from numbered

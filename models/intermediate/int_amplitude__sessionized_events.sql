{%- set sessionize = var('amplitude__out_of_session_events') == 'sessionize' %}

with deduplicated_events as (
    select
        source_relation,
        user_id,
        amplitude_id,
        session_id,
        event_at,
        fivetran_synced_at
    from {{ ref('int_amplitude__deduplicated_events') }}
),

-- Events of one session sent under one identity, counted together. Out-of-session events are kept
-- too, because a login sent outside a session still stitches its amplitude_id (spec 4 reads every
-- kept event); they form one group per identity, or with 'sessionize' one per timestamp, so that
-- gaps between them can still be measured.
event_groups as (
    select
        source_relation,
        user_id,
        amplitude_id,
        case when session_id > 0 then session_id end as session_id,
        {%- if sessionize %}
        case when session_id > 0 then null else event_at end as out_of_session_event_at,
        {%- endif %}
        count(*) as event_count,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        max(fivetran_synced_at) as last_synced_at
    from deduplicated_events
    where user_id is not null or amplitude_id is not null
    group by
        source_relation,
        user_id,
        amplitude_id,
        case when session_id > 0 then session_id end
        {%- if sessionize %},
        case when session_id > 0 then null else event_at end
        {%- endif %}
),

-- Spec 4: per amplitude_id, the first user_id ever seen with it (first by event_time, then smallest).
stitched_user_ids as (
    {{ amplitude_sessions.first_user_ids(
        '(select source_relation, amplitude_id, user_id, first_event_at as event_at from event_groups)'
    ) }}
),

-- Spec 4: whom each event belongs to; anonymous events take the stitched user_id when stitching is on.
user_event_groups as (
    select
        event_groups.source_relation,
        {%- if var('amplitude__stitch_anonymous_events') %}
        coalesce(event_groups.user_id, stitched_user_ids.stitched_user_id) as resolved_user_id,
        {%- else %}
        event_groups.user_id as resolved_user_id,
        {%- endif %}
        event_groups.amplitude_id,
        event_groups.session_id,
        {%- if sessionize %}
        event_groups.out_of_session_event_at,
        {%- endif %}
        event_groups.event_count,
        event_groups.first_event_at,
        event_groups.last_event_at,
        event_groups.last_synced_at
    from event_groups
    left join stitched_user_ids
        on event_groups.user_id is null
        and event_groups.source_relation = stitched_user_ids.source_relation
        and event_groups.amplitude_id = stitched_user_ids.amplitude_id
),

identified_event_groups as (
    select
        *,
        coalesce(resolved_user_id, cast(amplitude_id as {{ dbt.type_string() }})) as amplitude_user_id
    from user_event_groups
),

-- Spec 5: an event with a positive session_id belongs to that session of its user.
in_session_event_groups as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        event_count,
        first_event_at,
        last_event_at,
        last_synced_at
    from identified_event_groups
    where session_id is not null
),

{% if sessionize -%}
-- Spec 5, 'sessionize': out-of-session events split into inferred sessions at gaps over the timeout.
out_of_session_event_groups as (
    select
        *,
        {{ amplitude_sessions.epoch_milliseconds('out_of_session_event_at') }} as event_epoch_ms
    from identified_event_groups
    where session_id is null
),

inferred_session_starts as (
    select
        *,
        case
            when event_epoch_ms - lag(event_epoch_ms) over (
                partition by source_relation, amplitude_user_id
                order by out_of_session_event_at
            ) <= {{ var('amplitude__session_timeout_minutes') * 60000 }} then 0
            else 1
        end as is_session_start
    from out_of_session_event_groups
),

inferred_session_numbers as (
    select
        *,
        sum(is_session_start) over (
            partition by source_relation, amplitude_user_id
            order by out_of_session_event_at
            range between unbounded preceding and current row
        ) as inferred_session_number
    from inferred_session_starts
),

inferred_session_event_groups as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        -1 * min(event_epoch_ms) over (
            partition by source_relation, amplitude_user_id, inferred_session_number
        ) as session_id,
        event_count,
        first_event_at,
        last_event_at,
        last_synced_at
    from inferred_session_numbers
),

{% endif -%}
final as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        event_count,
        first_event_at,
        last_event_at,
        last_synced_at
    from in_session_event_groups
    {%- if sessionize %}
    union all
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        event_count,
        first_event_at,
        last_event_at,
        last_synced_at
    from inferred_session_event_groups
    {%- endif %}
)

select * from final

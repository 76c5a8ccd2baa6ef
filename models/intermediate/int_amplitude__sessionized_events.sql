{%- set out_of_session_events = var('amplitude__out_of_session_events') %}

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

-- Spec 4: per amplitude_id, the first user_id ever seen with it (first by event_time, then smallest).
stitched_user_ids as (
    {{ amplitude_sessions.first_user_ids('deduplicated_events') }}
),

-- Spec 4: whom each event belongs to; anonymous events take the stitched user_id when stitching is on.
user_events as (
    select
        deduplicated_events.source_relation,
        {% if var('amplitude__stitch_anonymous_events') -%}
        coalesce(deduplicated_events.user_id, stitched_user_ids.stitched_user_id) as resolved_user_id,
        {%- else -%}
        deduplicated_events.user_id as resolved_user_id,
        {%- endif %}
        deduplicated_events.amplitude_id,
        deduplicated_events.session_id,
        deduplicated_events.event_at,
        deduplicated_events.fivetran_synced_at
    from deduplicated_events
    left join stitched_user_ids
        on deduplicated_events.user_id is null
        and deduplicated_events.source_relation = stitched_user_ids.source_relation
        and deduplicated_events.amplitude_id = stitched_user_ids.amplitude_id
),

identified_events as (
    select
        source_relation,
        coalesce(resolved_user_id, cast(amplitude_id as {{ dbt.type_string() }})) as amplitude_user_id,
        resolved_user_id,
        session_id,
        event_at,
        fivetran_synced_at
    from user_events
    where resolved_user_id is not null or amplitude_id is not null
),

-- Spec 5: an event with a positive session_id belongs to that session of its user.
in_session_events as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        event_at,
        fivetran_synced_at
    from identified_events
    where session_id > 0
),

{% if out_of_session_events == 'sessionize' -%}
-- Spec 5, 'sessionize': out-of-session events split into inferred sessions at gaps over the timeout.
out_of_session_events as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        event_at,
        fivetran_synced_at,
        {{ amplitude_sessions.epoch_milliseconds('event_at') }} as event_epoch_ms
    from identified_events
    where not coalesce(session_id > 0, false)
),

inferred_session_starts as (
    select
        *,
        case
            when event_epoch_ms - lag(event_epoch_ms) over (
                partition by source_relation, amplitude_user_id
                order by event_at
            ) <= {{ var('amplitude__session_timeout_minutes') * 60000 }} then 0
            else 1
        end as is_session_start
    from out_of_session_events
),

inferred_session_numbers as (
    select
        *,
        sum(is_session_start) over (
            partition by source_relation, amplitude_user_id
            order by event_at
            range between unbounded preceding and current row
        ) as inferred_session_number
    from inferred_session_starts
),

inferred_session_events as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        -1 * min(event_epoch_ms) over (
            partition by source_relation, amplitude_user_id, inferred_session_number
        ) as session_id,
        event_at,
        fivetran_synced_at
    from inferred_session_numbers
),

{% endif -%}
final as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        event_at,
        fivetran_synced_at
    from in_session_events
    {%- if out_of_session_events == 'sessionize' %}
    union all
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        event_at,
        fivetran_synced_at
    from inferred_session_events
    {%- endif %}
)

select * from final

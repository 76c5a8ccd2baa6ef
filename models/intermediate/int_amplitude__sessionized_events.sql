{%- set sessionize = var('amplitude__out_of_session_events') == 'sessionize' %}
{%- set described_columns = amplitude_sessions.session_described_columns() %}

with deduplicated_events as (
    select
        source_relation,
        event_id,
        event_uuid,
        user_id,
        amplitude_id,
        session_id,
        event_at,
        fivetran_synced_at,
        event_type,
        {%- for column in described_columns %}
        {{ column }},
        {%- endfor %}
        session_id is null or session_id <= 0 as is_out_of_session
    from {{ ref('int_amplitude__deduplicated_events') }}
),

-- Each (amplitude_id, user_id) pair once, with its first event_time: what stitching chooses from.
identified_pairs as (
    select
        source_relation,
        amplitude_id,
        user_id,
        min(event_at) as event_at
    from deduplicated_events
    where user_id is not null and amplitude_id is not null
    group by source_relation, amplitude_id, user_id
),

-- Contract section 4: per amplitude_id, the first user_id seen with it among every kept event (out-of-session
-- events included: a login sent outside a session still stitches), first by event_time, then the smallest.
stitched_user_ids as (
    {{ amplitude_sessions.first_user_ids('identified_pairs') }}
),

-- Contract section 4: whom each event belongs to; with stitching on, an anonymous event takes the stitched user_id.
identified_events as (
    select
        deduplicated_events.*,
        coalesce(
            deduplicated_events.user_id,
            {%- if var('amplitude__stitch_anonymous_events') %}
            stitched_user_ids.stitched_user_id,
            {%- endif %}
            cast(deduplicated_events.amplitude_id as {{ dbt.type_string() }})
        ) as amplitude_user_id,
        {%- if var('amplitude__stitch_anonymous_events') %}
        coalesce(deduplicated_events.user_id, stitched_user_ids.stitched_user_id) as resolved_user_id
        {%- else %}
        deduplicated_events.user_id as resolved_user_id
        {%- endif %}
    from deduplicated_events
    left join stitched_user_ids
        on deduplicated_events.user_id is null
        and deduplicated_events.source_relation = stitched_user_ids.source_relation
        and deduplicated_events.amplitude_id = stitched_user_ids.amplitude_id
),

-- Contract section 5: an event with a positive session_id belongs to that session of its user.
in_session_events as (
    select *
    from identified_events
    where amplitude_user_id is not null and not is_out_of_session
),

{% if sessionize -%}
-- Contract section 5, 'sessionize': a user's out-of-session events split into inferred sessions at gaps over
-- the timeout; an inferred session's id is minus the epoch milliseconds of its first event.
out_of_session_events as (
    select
        *,
        {{ amplitude_sessions.epoch_milliseconds('event_at') }} as event_epoch_ms
    from identified_events
    where amplitude_user_id is not null and is_out_of_session
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
        *,
        -1 * min(event_epoch_ms) over (
            partition by source_relation, amplitude_user_id, inferred_session_number
        ) as inferred_session_id
    from inferred_session_numbers
),

{% endif -%}
final as (
    {%- set session_ids = {'in_session_events': 'session_id', 'inferred_session_events': 'inferred_session_id'} %}
    {%- for relation in ['in_session_events'] + (['inferred_session_events'] if sessionize else []) %}
    {% if not loop.first %}union all{% endif %}
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        {{ session_ids[relation] }} as session_id,
        event_id,
        event_uuid,
        event_at,
        fivetran_synced_at,
        event_type,
        {%- for column in described_columns %}
        {{ column }},
        {%- endfor %}
        amplitude_id
    from {{ relation }}
    {%- endfor %}
)

select * from final

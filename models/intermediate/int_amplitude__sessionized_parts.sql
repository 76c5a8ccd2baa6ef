-- depends_on: {{ ref('int_amplitude__identities_this_run') }}
{%- set sessionize = var('amplitude__out_of_session_events') == 'sessionize' %}
{%- set part_columns = amplitude_sessions.session_part_columns() %}

{%- set stored_scope = amplitude_sessions.stored_parts_enabled() and amplitude_sessions.is_incremental_scope_run() %}

{%- set session_part_columns -%}
        source_relation,
        amplitude_id,
        user_id,
        session_id,
        out_of_session_event_at,
        {{ part_columns | join(',\n        ') }}
{%- endset %}

with session_parts as {{ amplitude_sessions.not_materialized() if stored_scope }} (
    select
        {{ session_part_columns }}
    {%- if stored_scope %}
    -- Stored parts: an incremental run reads the few without amplitude_id, and those of its scope's amplitude_ids
    -- (int_amplitude__identities_this_run), found by amplitude_id (in_lookup: through the parts' index on
    -- PostgreSQL). Each ref is wrapped in a subquery with an alias: under --empty dbt renders a ref as an already
    -- aliased subquery.
    from (select * from {{ ref('int_amplitude__session_parts') }}) as session_parts
    where amplitude_id is null
    union all
    select
        {{ session_part_columns }}
    from (select * from {{ ref('int_amplitude__session_parts') }}) as session_parts
    where
        {{ amplitude_sessions.in_lookup(
            'session_parts.amplitude_id',
            'select identities_this_run.amplitude_id from (select * from '
            ~ ref('int_amplitude__identities_this_run') ~ ') as identities_this_run'
        ) }}
        and exists (
            select 1
            from (select * from {{ ref('int_amplitude__identities_this_run') }}) as identities_this_run
            where
                identities_this_run.source_relation = session_parts.source_relation
                and identities_this_run.amplitude_id = session_parts.amplitude_id
        )
    {%- else %}
    from {{ ref('int_amplitude__session_parts') }}
    {%- endif %}
),

-- Each (amplitude_id, user_id) pair once, with its first event_time: what stitching chooses from.
identified_pairs as (
    select
        source_relation,
        amplitude_id,
        user_id,
        min(part_started_at) as event_at
    from session_parts
    where user_id is not null and amplitude_id is not null
    group by source_relation, amplitude_id, user_id
),

-- Contract section 4: per amplitude_id, the first user_id seen with it among every kept event (out-of-session
-- events included: a login sent outside a session still stitches), first by event_time, then the smallest.
stitched_user_ids as (
    {{ amplitude_sessions.first_user_ids('identified_pairs') }}
),

-- Contract section 4: whom each part's events belong to; with stitching on, anonymous events take the stitched
-- user_id.
identified_parts as (
    select
        session_parts.*,
        coalesce(
            session_parts.user_id,
            {%- if var('amplitude__stitch_anonymous_events') %}
            stitched_user_ids.stitched_user_id,
            {%- endif %}
            cast(session_parts.amplitude_id as {{ dbt.type_string() }})
        ) as amplitude_user_id,
        {%- if var('amplitude__stitch_anonymous_events') %}
        coalesce(session_parts.user_id, stitched_user_ids.stitched_user_id) as resolved_user_id
        {%- else %}
        session_parts.user_id as resolved_user_id
        {%- endif %}
    from session_parts
    left join stitched_user_ids
        on session_parts.user_id is null
        and session_parts.source_relation = stitched_user_ids.source_relation
        and session_parts.amplitude_id = stitched_user_ids.amplitude_id
),

-- Contract section 5: events with a positive session_id belong to that session of their user.
in_session_parts as (
    select *
    from identified_parts
    where amplitude_user_id is not null and session_id is not null
),

-- Contract section 5: events of no user, and out-of-session events in 'exclude' mode, belong to no session (kept
-- here for amplitude__event_enhanced, which lists every kept event).
no_session_parts as (
    select *
    from identified_parts
    where amplitude_user_id is null{% if not sessionize %} or session_id is null{% endif %}
),

{% if sessionize -%}
-- Contract section 5, 'sessionize': a user's out-of-session events split into inferred sessions at gaps over
-- the timeout; an inferred session's id is minus the epoch milliseconds of its first event. Parts of
-- out-of-session events hold events of one event_at, so the gaps between parts are the gaps between events.
out_of_session_parts as (
    select
        *,
        {{ amplitude_sessions.epoch_milliseconds('out_of_session_event_at') }} as event_epoch_ms
    from identified_parts
    where amplitude_user_id is not null and out_of_session_event_at is not null
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
    from out_of_session_parts
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

inferred_session_parts as (
    select
        *,
        -1 * min(event_epoch_ms) over (
            partition by source_relation, amplitude_user_id, inferred_session_number
        ) as inferred_session_id
    from inferred_session_numbers
),

{% endif -%}
-- Every part with its user and its session (null for a part in no session), and the keys it was grouped by.
final as (
    {%- set session_ids = {
        'in_session_parts': 'session_id',
        'inferred_session_parts': 'inferred_session_id',
        'no_session_parts': 'cast(null as ' ~ dbt.type_bigint() ~ ')',
    } %}
    {%- for relation in ['in_session_parts', 'no_session_parts'] + (['inferred_session_parts'] if sessionize else []) %}
    {% if not loop.first %}union all{% endif %}
    select
        source_relation,
        amplitude_id as part_amplitude_id,
        user_id as part_user_id,
        session_id as part_session_id,
        out_of_session_event_at,
        amplitude_user_id,
        resolved_user_id,
        {{ session_ids[relation] }} as session_id,
        {{ part_columns | join(',\n        ') }}
    from {{ relation }}
    {%- endfor %}
)

select * from final

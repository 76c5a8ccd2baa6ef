-- depends_on: {{ ref('int_amplitude__session_parts') }}
{#- Inlined by amplitude__sessions; it reads anything only where that model rebuilds the sessions of changed parts. #}
{%- if not amplitude_sessions.sessions_from_part_changes() %}

select
    cast(null as {{ dbt.type_string() }}) as source_relation,
    cast(null as {{ dbt.type_bigint() }}) as session_id
where 1 = 0

{%- else %}

-- The keys of the stored parts changed since amplitude__sessions last ran (part_changes_relation), with the start of
-- each version of an identified part written or replaced since.
with part_changes as (
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id,
        part_started_at
    from {{ amplitude_sessions.part_changes_relation() }}
),

-- Read twice, each time through other keys (which the engine then filters in the scan): not materialized.
session_parts as {{ amplitude_sessions.not_materialized() }} (
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id,
        part_started_at
    from {{ ref('int_amplitude__session_parts') }}
),

-- A changed part changes its session (and every other session with its session_id, which is rebuilt too).
changed_part_sessions as (
    select distinct
        source_relation,
        session_id
    from part_changes
    where session_id is not null
),

changed_identified_parts as (
    select
        source_relation,
        amplitude_id,
        part_started_at
    from part_changes
    where user_id is not null and amplitude_id is not null
),

-- The first start of each such amplitude_id's identified parts as they are now.
first_identified_starts as (
    select
        session_parts.source_relation,
        session_parts.amplitude_id,
        min(session_parts.part_started_at) as first_started_at
    from session_parts
    where
        session_parts.user_id is not null
        and session_parts.amplitude_id in (select changed_identified_parts.amplitude_id from changed_identified_parts)
    group by session_parts.source_relation, session_parts.amplitude_id
),

-- Contract section 4: whom an amplitude_id's anonymous events belong to is its first identified part (by start, then
-- user_id). It can have changed only where some version of a changed identified part, old or new, starts no later
-- than the first identified part now: otherwise that first part, and every identified part before it, was there
-- unchanged before, and came first then too. Only then may every anonymous part of the amplitude_id belong to
-- another user.
restitched_amplitude_ids as (
    select distinct
        changed_identified_parts.source_relation,
        changed_identified_parts.amplitude_id
    from changed_identified_parts
    left join first_identified_starts
        on changed_identified_parts.source_relation = first_identified_starts.source_relation
        and changed_identified_parts.amplitude_id = first_identified_starts.amplitude_id
    where
        first_identified_starts.first_started_at is null
        or changed_identified_parts.part_started_at <= first_identified_starts.first_started_at
),

restitched_sessions as (
    select distinct
        session_parts.source_relation,
        session_parts.session_id
    from session_parts
    inner join restitched_amplitude_ids
        on session_parts.source_relation = restitched_amplitude_ids.source_relation
        and session_parts.amplitude_id = restitched_amplitude_ids.amplitude_id
    where session_parts.user_id is null and session_parts.session_id is not null
),

final as (
    select
        source_relation,
        session_id
    from changed_part_sessions
    union
    select
        source_relation,
        session_id
    from restitched_sessions
)

select * from final
{%- endif %}

-- depends_on: {{ ref('int_amplitude__session_parts') }}
{#- Inlined by amplitude__sessions; it reads anything only where that model rebuilds the sessions of changed parts. #}
{%- if not amplitude_sessions.sessions_from_part_changes() %}

select
    cast(null as {{ dbt.type_string() }}) as source_relation,
    cast(null as {{ dbt.type_bigint() }}) as session_id
where 1 = 0

{%- else %}

-- The keys of the stored parts changed since amplitude__sessions last ran (part_changes_relation).
with part_changes as (
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id
    from {{ amplitude_sessions.part_changes_relation() }}
),

session_parts as (
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id
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

-- Contract section 4: whom an amplitude_id's anonymous events belong to depends only on its identified events, so a
-- changed identified part (in a session or not) may move every anonymous part of its amplitude_id to another user.
restitched_amplitude_ids as (
    select distinct
        source_relation,
        amplitude_id
    from part_changes
    where user_id is not null and amplitude_id is not null
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

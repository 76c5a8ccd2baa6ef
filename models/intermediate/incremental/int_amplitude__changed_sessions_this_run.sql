-- depends_on: {{ ref('int_amplitude__session_parts') }}
{#- Inlined by amplitude__sessions; it reads anything only where that model rebuilds the sessions of changed parts. #}
{%- if not amplitude_sessions.sessions_from_part_changes() %}

select
    cast(null as {{ dbt.type_string() }}) as source_relation,
    cast(null as {{ dbt.type_bigint() }}) as session_id
where 1 = 0

{%- else %}

-- The keys of the stored parts changed since amplitude__sessions last ran (part_changes_relation), with the start of
-- each version of an identified part written or replaced since (is_replaced).
with part_changes as (
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id,
        part_started_at,
        is_replaced
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
        user_id,
        part_started_at as event_at,
        is_replaced
    from part_changes
    where user_id is not null and amplitude_id is not null and part_started_at is not null
),

-- The identified parts, as they are now, of the amplitude_ids with a changed one.
identified_parts_now as (
    select
        session_parts.source_relation,
        session_parts.amplitude_id,
        session_parts.user_id,
        session_parts.part_started_at as event_at
    from session_parts
    where
        session_parts.user_id is not null
        and {{ amplitude_sessions.in_lookup(
            'session_parts.amplitude_id', 'select changed_identified_parts.amplitude_id from changed_identified_parts'
        ) }}
),

-- The versions of those parts written since amplitude__sessions last ran, and those replaced since. A version written
-- and then replaced again between two of its runs is listed both ways, and is neither (except all).
written_versions as (
    select source_relation, amplitude_id, user_id, event_at
    from changed_identified_parts
    where not is_replaced
    except all
    select source_relation, amplitude_id, user_id, event_at
    from changed_identified_parts
    where is_replaced
),

replaced_versions as (
    select source_relation, amplitude_id, user_id, event_at
    from changed_identified_parts
    where is_replaced
    except all
    select source_relation, amplitude_id, user_id, event_at
    from changed_identified_parts
    where not is_replaced
),

-- The same parts as amplitude__sessions last saw them: those now, but the versions written since, and with those
-- replaced since.
identified_parts_before as (
    select * from (
        select * from identified_parts_now
        except all
        select * from written_versions
    ) as kept_versions
    union all
    select * from replaced_versions
),

-- Contract section 4: whom an amplitude_id's anonymous events belong to is its first identified part (by start, then
-- user_id), as for int_amplitude__sessionized_parts (first_user_ids). Every anonymous part of an amplitude_id whose
-- first user_id differs now from when amplitude__sessions last ran may belong to another user.
stitched_now as (
    {{ amplitude_sessions.first_user_ids('identified_parts_now') }}
),

stitched_before as (
    {{ amplitude_sessions.first_user_ids('identified_parts_before') }}
),

restitched_amplitude_ids as (
    select distinct
        changed_identified_parts.source_relation,
        changed_identified_parts.amplitude_id
    from changed_identified_parts
    left join stitched_now
        on changed_identified_parts.source_relation = stitched_now.source_relation
        and changed_identified_parts.amplitude_id = stitched_now.amplitude_id
    left join stitched_before
        on changed_identified_parts.source_relation = stitched_before.source_relation
        and changed_identified_parts.amplitude_id = stitched_before.amplitude_id
    where not ({{ amplitude_sessions.null_safe_equals(
        'stitched_now.stitched_user_id', 'stitched_before.stitched_user_id', 'null'
    ) }})
),

-- The anonymous sessions of those amplitude_ids (found by the parts' amplitude_id, through an index where the parts
-- keep one).
restitched_sessions as (
    select distinct
        session_parts.source_relation,
        session_parts.session_id
    from session_parts
    inner join restitched_amplitude_ids
        on session_parts.source_relation = restitched_amplitude_ids.source_relation
        and session_parts.amplitude_id = restitched_amplitude_ids.amplitude_id
    where
        session_parts.user_id is null
        and session_parts.session_id is not null
        and {{ amplitude_sessions.in_lookup(
            'session_parts.amplitude_id', 'select restitched_amplitude_ids.amplitude_id from restitched_amplitude_ids'
        ) }}
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

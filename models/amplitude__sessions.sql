{{
    config(
        materialized=amplitude_sessions.sessions_materialization(),
        incremental_strategy='amplitude_user_replace',
        unique_key=['source_relation', 'amplitude_user_id'],
        indexes=amplitude_sessions.lookup_indexes([{'columns': ['session_id']}, {'columns': ['amplitude_user_id']}]),
        on_schema_change='sync_all_columns',
        pre_hook=[
            "{{ amplitude_sessions.planner_settings() }}",
            "{{ amplitude_sessions.clear_for_rebuild() }}",
            "{{ amplitude_sessions.record_synced_mark('last_synced_at', 'session_ended_at') }}",
        ],
        post_hook=[
            "{{ amplitude_sessions.record_settings() }}",
            "{{ amplitude_sessions.clear_part_changes() }}",
            "{{ amplitude_sessions.mark_indexes('last_synced_at', 'session_ended_at') }}",
        ],
    )
}}
-- depends_on: {{ ref('int_amplitude__users_this_run') }}
-- depends_on: {{ ref('int_amplitude__changed_sessions_this_run') }}
-- depends_on: {{ ref('int_amplitude__identities') }}
-- depends_on: {{ ref('int_amplitude__session_parts') }}
-- depends_on: {{ ref('stg_amplitude__event') }}

{%- set described_columns = amplitude_sessions.session_described_columns() %}
{%- set state = amplitude_sessions.incremental_state('amplitude__sessions') %}
{#- Incremental only when every scoped model is: the ephemeral models read every event when one is rebuilt whole. #}
{%- set incremental_run = state == 'incremental' and amplitude_sessions.is_incremental_scope_run() %}
{%- if execute %}
    {%- do amplitude_sessions.assert_inputs_current(incremental_run) %}
{%- endif %}
{#- Over stored parts, an incremental run rebuilds only the sessions of the parts changed since the last run. #}
{%- set from_part_changes = incremental_run and amplitude_sessions.sessions_from_part_changes() %}
{%- set stored_parts = amplitude_sessions.package_model_relation('int_amplitude__session_parts') if from_part_changes %}
{%- set by_row_id = amplitude_sessions.reads_by_row_id() %}
{%- set written_parts_from = amplitude_sessions.written_parts_from() if from_part_changes and by_row_id %}
{%- set session_columns = [
    'source_relation', 'session_id', 'amplitude_user_id', 'user_id', 'events_per_session', 'session_started_at',
    'session_ended_at', 'last_synced_at', 'first_event_type', 'last_event_type', 'distinct_event_types',
    'conversion_events',
] + described_columns %}

with
{%- if from_part_changes %}
changed_sessions as (
    select
        source_relation,
        session_id
    from {{ ref('int_amplitude__changed_sessions_this_run') }}
),

-- Read twice, each time through other keys: not materialized.
stored_sessions as {{ amplitude_sessions.not_materialized() }} (
    select
        {{ session_columns | join(', ') }},
        user_session_number as stored_user_session_number,
        last_session_ended_at as stored_last_session_ended_at
    from {{ this }}
),

-- Over stored parts, the changed sessions' parts are read whole straight from their table (through
-- int_amplitude__sessionized_parts every part of the touched users would be read whole), and whom each belongs to is
-- read from int_amplitude__sessionized_parts, only by its keys. The parts are found by their session_id column alone
-- ("session_id in" lets the engine skip the other parts in the scan; a filter of two columns would not; the owners
-- match the source_relation too), then read whole by where they lie, so that the engine loads only the blocks that
-- hold them: those the parts model has written since this model last ran, at the end of the table, by their range
-- (written_parts_from), and the few others by their row ids (row_filter_pushdown). Where rows are not read by rowid
-- (PostgreSQL), they are read at once through the index on session_id (in_lookup).
-- The table itself is read (rowid is the table's), also under --empty, where every user to write is read empty.
{%- set part_filters = [] %}
{%- if by_row_id %}
    {%- for comparison in ['>=', '<'] %}
        {%- do part_filters.append(
            'rowid ' ~ comparison ~ ' ' ~ written_parts_from ~ '\n        and rowid in (\n'
            ~ '            select changed_part_rows.part_row\n            from changed_part_rows\n'
            ~ '            where changed_part_rows.part_row ' ~ comparison ~ ' ' ~ written_parts_from ~ '\n        )'
        ) %}
    {%- endfor %}
{%- else %}
    {%- do part_filters.append(amplitude_sessions.in_lookup(
        'session_id', 'select changed_sessions.session_id from changed_sessions'
    )) %}
{%- endif %}
{% if by_row_id -%}
changed_part_rows as (
    select rowid as part_row
    from {{ stored_parts }}
    where session_id in (select changed_sessions.session_id from changed_sessions)
),

{% endif -%}
changed_parts as (
    {%- for part_filter in part_filters %}
    {% if not loop.first %}union all{% endif %}
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id,
        {{ amplitude_sessions.session_part_columns() | join(',\n        ') }}
    from {{ stored_parts }}
    where
        {{ part_filter }}
    {%- endfor %}
),

-- Computed apart (planned_apart): the changed sessions must filter the owners before the parts join them.
changed_part_owners as {{ amplitude_sessions.planned_apart() }} (
    select
        source_relation,
        part_amplitude_id,
        part_user_id,
        part_session_id,
        amplitude_user_id,
        resolved_user_id,
        session_id
    from (select * from {{ ref('int_amplitude__sessionized_parts') }}) as sessionized_parts
    where exists (
        select 1
        from changed_sessions
        where
            changed_sessions.source_relation = sessionized_parts.source_relation
            and changed_sessions.session_id = sessionized_parts.session_id
    )
),

sessionized_parts as (
    select
        changed_part_owners.source_relation,
        changed_part_owners.amplitude_user_id,
        changed_part_owners.resolved_user_id,
        changed_part_owners.session_id,
        {%- for column in amplitude_sessions.session_part_columns() %}
        changed_parts.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from changed_parts
    inner join changed_part_owners
        on changed_parts.source_relation = changed_part_owners.source_relation
        and {{ amplitude_sessions.null_safe_equals(
            'changed_parts.amplitude_id', 'changed_part_owners.part_amplitude_id', 'null'
        ) }}
        and {{ amplitude_sessions.null_safe_equals('changed_parts.user_id', 'changed_part_owners.part_user_id', 'null') }}
        and changed_parts.session_id = changed_part_owners.part_session_id
),

{%- else %}
sessionized_parts as (
    select
        source_relation,
        amplitude_user_id,
        resolved_user_id,
        session_id,
        {{ amplitude_sessions.session_part_columns() | join(',\n        ') }}
    from {{ ref('int_amplitude__sessionized_parts') }}
    where session_id is not null
),

{%- endif %}

{% if incremental_run -%}
-- The users new rows touch: an incremental run writes the sessions of no other user.
users_this_run as (
    select
        source_relation,
        amplitude_user_id
    from {{ ref('int_amplitude__users_this_run') }}
),

{% endif -%}
-- Contract sections 6 and 8: what each session's events add up to, from its parts (merged_part_column).
sessions as (
    select
        source_relation,
        session_id,
        amplitude_user_id,
        max({{ amplitude_sessions.bytewise('resolved_user_id') }}) as user_id,
        {{ amplitude_sessions.merged_part_column('part_events') }} as events_per_session,
        {{ amplitude_sessions.merged_part_column('part_started_at') }} as session_started_at,
        {{ amplitude_sessions.merged_part_column('part_ended_at') }} as session_ended_at,
        {{ amplitude_sessions.merged_part_column('last_synced_at') }} as last_synced_at,
        {{ amplitude_sessions.merged_part_column('first_event_type') }} as first_event_type,
        {{ amplitude_sessions.merged_part_column('last_event_type') }} as last_event_type,
        {{ amplitude_sessions.count_distinct_values('event_types') }} as distinct_event_types,
        {{ amplitude_sessions.merged_part_column('conversion_events') }} as conversion_events,
        {%- for column in described_columns %}
        {{ amplitude_sessions.merged_part_column(column) }} as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from sessionized_parts
    group by source_relation, amplitude_user_id, session_id
),

{% if from_part_changes -%}
-- Contract section 7: only the changed sessions are rebuilt from parts (those of the touched users); every user with
-- a rebuilt session or a stored one that changed is numbered again, its other sessions taken from its stored rows.
rebuilt_sessions as (
    select sessions.*
    from sessions
    inner join users_this_run
        on sessions.source_relation = users_this_run.source_relation
        and sessions.amplitude_user_id = users_this_run.amplitude_user_id
),

-- The stored rows of the changed sessions, of the touched users: each is deleted (and written again if rebuilt).
-- Found by session_id (in_lookup: through the table's index on PostgreSQL), as the written users' other sessions are
-- found by amplitude_user_id.
replaced_sessions as (
    select
        stored_sessions.source_relation,
        stored_sessions.session_id,
        stored_sessions.amplitude_user_id,
        stored_sessions.session_started_at
    from stored_sessions
    where
        {{ amplitude_sessions.in_lookup(
            'stored_sessions.session_id', 'select changed_sessions.session_id from changed_sessions'
        ) }}
        and exists (
            select 1
            from changed_sessions
            where
                changed_sessions.source_relation = stored_sessions.source_relation
                and changed_sessions.session_id = stored_sessions.session_id
        )
        and exists (
            select 1
            from users_this_run
            where
                users_this_run.source_relation = stored_sessions.source_relation
                and users_this_run.amplitude_user_id = stored_sessions.amplitude_user_id
        )
),

-- Each user with a rebuilt or replaced session, from the earliest start among them (a replaced session by its stored
-- start): its stored sessions that start earlier are the same sessions in the same order as when they were numbered.
written_users as (
    select
        source_relation,
        amplitude_user_id,
        min(session_started_at) as changed_from
    from (
        select
            source_relation,
            amplitude_user_id,
            session_started_at
        from rebuilt_sessions
        union all
        select
            source_relation,
            amplitude_user_id,
            session_started_at
        from replaced_sessions
    ) as changed_starts
    group by source_relation, amplitude_user_id
),

kept_sessions as (
    select
        stored_sessions.*,
        stored_sessions.session_started_at < written_users.changed_from as is_before_change
    from stored_sessions
    inner join written_users
        on stored_sessions.source_relation = written_users.source_relation
        and stored_sessions.amplitude_user_id = written_users.amplitude_user_id
    where
        {{ amplitude_sessions.in_lookup(
            'stored_sessions.amplitude_user_id', 'select written_users.amplitude_user_id from written_users'
        ) }}
        and not exists (
            select 1
            from changed_sessions
            where
                changed_sessions.source_relation = stored_sessions.source_relation
                and changed_sessions.session_id = stored_sessions.session_id
        )
),

-- Contract section 6, numbered from the change on: a user's kept sessions before it keep their numbers, which run
-- from 1 in order; the last of them (the anchor) is numbered again with the later ones, from its own number, so that
-- the first session after it gets its end as the previous session's.
anchor_numbers as (
    select
        source_relation,
        amplitude_user_id,
        max(stored_user_session_number) as anchor_user_session_number
    from kept_sessions
    where is_before_change
    group by source_relation, amplitude_user_id
),

renumbered_kept_sessions as (
    select
        kept_sessions.*,
        kept_sessions.is_before_change as is_anchor
    from kept_sessions
    left join anchor_numbers
        on kept_sessions.source_relation = anchor_numbers.source_relation
        and kept_sessions.amplitude_user_id = anchor_numbers.amplitude_user_id
    where
        not kept_sessions.is_before_change
        or kept_sessions.stored_user_session_number = anchor_numbers.anchor_user_session_number
),

-- Every session of the written users from the anchor on, with what its stored row says of its place (null where
-- rebuilt), and a row without events for each replaced session, by which the strategy deletes it.
written_sessions as (
    select
        {{ session_columns | join(', ') }},
        true as is_rebuilt,
        false as is_anchor,
        cast(null as {{ dbt.type_bigint() }}) as stored_user_session_number,
        cast(null as {{ amplitude_sessions.type_utc_timestamp() }}) as stored_last_session_ended_at
    from rebuilt_sessions
    union all
    select
        {{ session_columns | join(', ') }},
        false as is_rebuilt,
        is_anchor,
        stored_user_session_number,
        stored_last_session_ended_at
    from renumbered_kept_sessions
    union all
    select
        source_relation,
        session_id,
        amplitude_user_id,
        {%- for column in session_columns[3:] %}
        null as {{ column }},
        {%- endfor %}
        null as is_rebuilt,
        null as is_anchor,
        null as stored_user_session_number,
        null as stored_last_session_ended_at
    from replaced_sessions
),

{% endif -%}
-- The sessions this run numbers, keyed by the user they are written for, with the rows without events by which the
-- amplitude_user_replace strategy deletes stored rows (it inserts only rows with events): one without a session per
-- user of a per-user rebuild (all the user's stored rows), one per replaced session over changed parts.
sessions_in_scope as (
    {%- if from_part_changes %}
    select
        written_users.source_relation as scope_source_relation,
        written_users.amplitude_user_id as scope_amplitude_user_id,
        coalesce(anchor_numbers.anchor_user_session_number - 1, 0) as numbered_after,
        written_sessions.*
    from written_users
    left join anchor_numbers
        on written_users.source_relation = anchor_numbers.source_relation
        and written_users.amplitude_user_id = anchor_numbers.amplitude_user_id
    left join written_sessions
        on written_users.source_relation = written_sessions.source_relation
        and written_users.amplitude_user_id = written_sessions.amplitude_user_id
    {%- elif incremental_run %}
    select
        users_this_run.source_relation as scope_source_relation,
        users_this_run.amplitude_user_id as scope_amplitude_user_id,
        sessions.*
    from users_this_run
    inner join sessions
        on users_this_run.source_relation = sessions.source_relation
        and users_this_run.amplitude_user_id = sessions.amplitude_user_id
    union all
    select
        users_this_run.source_relation as scope_source_relation,
        users_this_run.amplitude_user_id as scope_amplitude_user_id,
        sessions.*
    from users_this_run
    left join sessions
        on 1 = 0
    {%- else %}
    select
        sessions.source_relation as scope_source_relation,
        sessions.amplitude_user_id as scope_amplitude_user_id,
        sessions.*
    from sessions
    {%- endif %}
),

-- Contract section 6: a user's sessions in order; the rows without events are numbered apart, never in between.
numbered_sessions as (
    select
        *,
        {% if from_part_changes %}numbered_after + {% endif %}row_number() over (
            partition by scope_source_relation, scope_amplitude_user_id, events_per_session is null
            order by session_started_at, session_id
        ) as user_session_number,
        lag(session_ended_at) over (
            partition by scope_source_relation, scope_amplitude_user_id, events_per_session is null
            order by session_started_at, session_id
        ) as last_session_ended_at
    from sessions_in_scope
),

{% if from_part_changes -%}
-- Over changed parts, only the rows that change are written: the rebuilt sessions, the stored ones whose number or
-- previous session moved, and the rows that delete.
written_rows as (
    select *
    from numbered_sessions
    where
        events_per_session is null
        or (
            not is_anchor
            and (
                is_rebuilt
                or not ({{ amplitude_sessions.null_safe_equals(
                    'user_session_number', 'stored_user_session_number', 'null'
                ) }})
                or not ({{ amplitude_sessions.null_safe_equals(
                    'last_session_ended_at', 'stored_last_session_ended_at', 'null'
                ) }})
            )
        )
),

{% endif -%}
final as (
    select
        case when events_per_session is not null then
            {{ amplitude_sessions.surrogate_key(['source_relation', 'amplitude_user_id', 'session_id']) }}
        end as unique_session_id,
        scope_source_relation as source_relation,
        session_id,
        scope_amplitude_user_id as amplitude_user_id,
        user_id,
        events_per_session,
        session_started_at,
        session_ended_at,
        {{ amplitude_sessions.minutes_between('session_started_at', 'session_ended_at') }} as session_length_in_minutes,
        cast(session_started_at as date) as session_started_at_day,
        cast(session_ended_at as date) as session_ended_at_day,
        user_session_number,
        last_session_ended_at,
        cast(last_session_ended_at as date) as last_session_ended_at_day,
        cast(case when user_session_number = 1 then 1 else 0 end as {{ dbt.type_int() }}) as is_first_user_session,
        {{ amplitude_sessions.minutes_between('last_session_ended_at', 'session_started_at') }}
            as minutes_in_between_sessions,
        coalesce(session_id < 0, false) as is_inferred_session,
        last_synced_at,
        first_event_type,
        last_event_type,
        cast(distinct_event_types as {{ dbt.type_bigint() }}) as distinct_event_types,
        {%- for column in described_columns %}
        {{ column }},
        {%- endfor %}
        cast(conversion_events as {{ dbt.type_bigint() }}) as conversion_events,
        -- Contract section 8: engaged when it lasted the threshold or converted.
        (
            {{ amplitude_sessions.epoch_milliseconds('session_ended_at') }}
            - {{ amplitude_sessions.epoch_milliseconds('session_started_at') }}
            >= {{ 1000 * var('amplitude__engaged_session_min_seconds') }}
            or conversion_events > 0
        ) as is_engaged_session
    from {{ 'written_rows' if from_part_changes else 'numbered_sessions' }}
)

select * from final

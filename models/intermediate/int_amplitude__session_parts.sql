{{
    config(
        materialized=amplitude_sessions.session_parts_materialization(),
        incremental_strategy='amplitude_part_replace',
        on_schema_change='sync_all_columns',
        pre_hook=[
            "{{ amplitude_sessions.planner_settings() }}",
            "{{ amplitude_sessions.clear_for_rebuild() }}",
            "{{ amplitude_sessions.write_event_locators() }}",
            "{{ amplitude_sessions.written_join_order() if amplitude_sessions.is_incremental_parts_run() else '' }}",
            "{{ amplitude_sessions.record_synced_mark('last_synced_at', 'part_ended_at') }}",
        ],
        post_hook=[
            "{{ amplitude_sessions.reset_join_order() }}",
            "{{ amplitude_sessions.record_settings() }}",
        ],
    )
}}
-- depends_on: {{ ref('stg_amplitude__event') }}
{%- set described_columns = amplitude_sessions.session_described_columns() %}
{%- set conversion_event_types = var('amplitude__conversion_event_types') %}
{%- set incremental_run = amplitude_sessions.is_incremental_parts_run() %}

{% if incremental_run -%}
{%- set locators = amplitude_sessions.event_locators_relation() %}
{%- set columns = amplitude_sessions.duplicate_columns() %}
{%- set recent_from = amplitude_sessions.recent_parts_from(this) %}
-- An incremental run rebuilds from the staged rows every part that holds a row of a duplicate group a new row
-- joined, and for simplicity every other part of those rows' sessions (and, out of session, of their
-- amplitude_ids and days); every other stored part keeps its row. The locators (written by write_event_locators
-- just before this query) say where the rows lie: the sessions and out-of-session event times below are the keys
-- of joins by which the engine skips the rest of the staged rows. The locators and the staged rows are read several
-- times, each through other keys: not materialized. Each join's build side is the small set of keys on its right
-- (written_join_order).
with stored_locators as {{ amplitude_sessions.not_materialized() }} (
    select
        source_relation,
        duplicate_hash,
        session_id,
        amplitude_id,
        event_at
    from {{ locators }}
),

-- The rows this run located (write_event_locators): those the stored parts have not seen.
new_hashes as (
    select distinct duplicate_hash
    from {{ amplitude_sessions.event_locators_this_run_relation() }}
),

-- Every row of a duplicate group that gained a row.
changed_group_locators as (
    select
        source_relation,
        session_id,
        amplitude_id,
        event_at
    from stored_locators
    where duplicate_hash in (select new_hashes.duplicate_hash from new_hashes)
),

changed_sessions as (
    select distinct session_id
    from changed_group_locators
    where session_id is not null
),

changed_out_of_session_days as (
    select distinct
        source_relation,
        amplitude_id,
        {{ dbt.date_trunc('day', 'event_at') }} as event_day
    from changed_group_locators
    where session_id is null
),

-- Out of session, a part holds the out-of-session rows of one amplitude_id, user_id and day ('exclude' mode) or
-- event time ('sessionize'): every out-of-session row of the changed amplitude_ids and days is read.
changed_out_of_session_locators as (
    select distinct
        stored_locators.source_relation,
        stored_locators.amplitude_id,
        stored_locators.event_at
    from stored_locators
    inner join changed_out_of_session_days
        on stored_locators.source_relation = changed_out_of_session_days.source_relation
        and {{ amplitude_sessions.null_safe_equals(
            'stored_locators.amplitude_id', 'changed_out_of_session_days.amplitude_id', 'null'
        ) }}
        and {{ dbt.date_trunc('day', 'stored_locators.event_at') }} = changed_out_of_session_days.event_day
    where stored_locators.session_id is null
),

staged_events as {{ amplitude_sessions.not_materialized() }} (
    select
        hash({{ amplitude_sessions.duplicate_key_columns() }}) as duplicate_hash,
        {{ columns | join(',\n        ') }}
    from {{ ref('stg_amplitude__event') }}
),

-- Every staged row of the changed sessions, and every out-of-session row of the changed amplitude_ids and days:
-- whole parts, the ones rebuilt. Sessions that started lately, and out-of-session rows of late, are read by a
-- constant range (the engine skips the older rows by their min and max), older ones by their ids and times: else
-- the 2 % of rows out of session, which lie in every block, would all be read.
rebuilt_part_events as (
    {%- for comparison in ['>=', '<'] %}
    {% if not loop.first %}union all{% endif %}
    select *
    from staged_events
    where
        session_id {{ comparison }} {{ recent_from.session_id }}
        and session_id in (
            select changed_sessions.session_id
            from changed_sessions
            where changed_sessions.session_id {{ comparison }} {{ recent_from.session_id }}
        )
    union all
    select staged_events.*
    from staged_events
    inner join changed_out_of_session_locators
        on staged_events.source_relation = changed_out_of_session_locators.source_relation
        and {{ amplitude_sessions.null_safe_equals(
            'staged_events.amplitude_id', 'changed_out_of_session_locators.amplitude_id', 'null'
        ) }}
        and staged_events.event_at = changed_out_of_session_locators.event_at
    where
        (staged_events.session_id is null or staged_events.session_id <= 0)
        and staged_events.event_at {{ comparison }} {{ recent_from.event_at }}
        and staged_events.event_at in (
            select changed_out_of_session_locators.event_at
            from changed_out_of_session_locators
            where changed_out_of_session_locators.event_at {{ comparison }} {{ recent_from.event_at }}
        )
    {%- endfor %}
),

rebuilt_part_keys as (
    select distinct
        source_relation,
        amplitude_id,
        user_id,
        {%- for key_name, key_expression in amplitude_sessions.session_part_keys() %}
        {{ key_expression }} as {{ key_name }}{{ "," if not loop.last }}
        {%- endfor %}
    from rebuilt_part_events
),

-- Every row of every duplicate group with a row in a rebuilt part, wherever it lies: deduplication needs the whole
-- group (contract section 3). Most lie in the rebuilt parts; the others (a copy in another session, or a hash
-- shared by two events, which only brings in more whole groups) are located and read by their sessions or, out of
-- session, their times.
group_hashes as (
    select distinct duplicate_hash
    from rebuilt_part_events
),

group_locators as (
    select
        source_relation,
        session_id,
        amplitude_id,
        event_at
    from stored_locators
    where duplicate_hash in (select group_hashes.duplicate_hash from group_hashes)
),

other_group_sessions as (
    select distinct session_id
    from group_locators
    where
        session_id is not null
        and session_id not in (select changed_sessions.session_id from changed_sessions)
),

-- Out-of-session rows outside the rebuilt days (those were all read); a row read twice all the same (another row
-- at the same time) is one group of copies of itself to deduplication, so it counts once.
other_group_times as (
    select distinct group_locators.event_at
    from group_locators
    where
        group_locators.session_id is null
        and not exists (
            select 1
            from changed_out_of_session_days
            where
                changed_out_of_session_days.source_relation = group_locators.source_relation
                and {{ amplitude_sessions.null_safe_equals(
                    'changed_out_of_session_days.amplitude_id', 'group_locators.amplitude_id', 'null'
                ) }}
                and changed_out_of_session_days.event_day = {{ dbt.date_trunc('day', 'group_locators.event_at') }}
        )
),

group_events as (
    select {{ columns | join(', ') }}
    from rebuilt_part_events
    union all
    select {{ columns | join(', ') }}
    from staged_events
    where
        session_id in (select other_group_sessions.session_id from other_group_sessions)
        and duplicate_hash in (select group_hashes.duplicate_hash from group_hashes)
    union all
    select {{ columns | join(', ') }}
    from staged_events
    where
        (session_id is null or session_id <= 0)
        and event_at in (select other_group_times.event_at from other_group_times)
        and duplicate_hash in (select group_hashes.duplicate_hash from group_hashes)
),

-- Contract section 3, as in int_amplitude__deduplicated_events, over whole duplicate groups.
deduplicated_group_events as (
    {{ amplitude_sessions.deduplicate_events('group_events') }}
),

{% else -%}
with
{% endif -%}
-- Contract section 8: an empty string in a context or passthrough column describes nothing; it counts as null.
part_events as (
    select
        source_relation,
        user_id,
        amplitude_id,
        {%- for key_name, key_expression in amplitude_sessions.session_part_keys() %}
        {{ key_expression }} as {{ key_name }},
        {%- endfor %}
        event_type,
        event_at,
        fivetran_synced_at,
        {%- for column in described_columns %}
        nullif({{ column }}, '') as {{ column }},
        {%- endfor %}
        {{ amplitude_sessions.event_order_key('first') }} as first_order_key,
        {{ amplitude_sessions.event_order_key('last') }} as last_order_key
    {%- if incremental_run %}
    from deduplicated_group_events
    {%- else %}
    from {{ ref('int_amplitude__deduplicated_events') }}
    {{ amplitude_sessions.evaluate_once() }}
    {%- endif %}
),

-- Every kept event, grouped by what decides its session (connection, amplitude_id, user_id, session_id): all the
-- events of a part end in one session, so sessions add up from parts. An out-of-session event has a null
-- session_id; its parts are split by event_at in 'sessionize' mode (for the gaps between them), else by day. Each part
-- keeps, besides its counts and bounds, its first and last event types with their event order keys, its distinct
-- event types, its conversions and, per context column, the first non-null value with its key (contract
-- section 8), so that parts merge exactly.
session_parts as (
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id,
        out_of_session_event_at,
        count(*) as part_events,
        min(event_at) as part_started_at,
        max(event_at) as part_ended_at,
        max(fivetran_synced_at) as last_synced_at,
        {{ amplitude_sessions.extreme_key('first_order_key', 'first') }} as first_event_key,
        {{ amplitude_sessions.extreme_key('last_order_key', 'last') }} as last_event_key,
        {{ amplitude_sessions.value_at_key('event_type', 'first_order_key', 'first', skip_nulls=false) }}
            as first_event_type,
        {{ amplitude_sessions.value_at_key('event_type', 'last_order_key', 'last', skip_nulls=false) }}
            as last_event_type,
        {{ amplitude_sessions.distinct_values('event_type') }} as event_types,
        {%- if conversion_event_types | length > 0 %}
        sum(case when event_type in (
            {%- for event_type in conversion_event_types %}
            '{{ event_type | replace("'", "''") }}'{{ "," if not loop.last }}
            {%- endfor %}
        ) then 1 else 0 end) as conversion_events,
        {%- else %}
        0 as conversion_events,
        {%- endif %}
        {%- for column in described_columns %}
        {{ amplitude_sessions.value_at_key(column, 'first_order_key', 'first') }} as {{ column }},
        {{ amplitude_sessions.extreme_key('case when ' ~ column ~ ' is not null then first_order_key end', 'first') }}
            as {{ column }}_key{{ "," if not loop.last }}
        {%- endfor %}
    from part_events
    group by source_relation, amplitude_id, user_id, session_id, out_of_session_event_at
),

{% if incremental_run -%}
-- The rebuilt parts, each with what its kept rows add up to; a part left without a kept row (its events' kept rows
-- lie in another part now) is a row without events, which deletes the stored part.
final as (
    select
        rebuilt_part_keys.source_relation,
        rebuilt_part_keys.amplitude_id,
        rebuilt_part_keys.user_id,
        rebuilt_part_keys.session_id,
        rebuilt_part_keys.out_of_session_event_at,
        {{ amplitude_sessions.session_part_columns() | join(',\n        ') }}
    from rebuilt_part_keys
    left join session_parts
        on rebuilt_part_keys.source_relation = session_parts.source_relation
        {%- for key in amplitude_sessions.session_part_key_names() %}
        and {{ amplitude_sessions.null_safe_equals('rebuilt_part_keys.' ~ key, 'session_parts.' ~ key, 'null') }}
        {%- endfor %}
)
{%- else -%}
final as (
    select * from session_parts
)
{%- endif %}

select * from final

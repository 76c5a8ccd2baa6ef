{{
    config(
        materialized=amplitude_sessions.session_parts_materialization(),
        incremental_strategy='amplitude_part_replace',
        on_schema_change='sync_all_columns',
        indexes=amplitude_sessions.lookup_indexes([{'columns': ['session_id']}, {'columns': ['amplitude_id']}]),
        pre_hook=[
            "{{ amplitude_sessions.planner_settings() }}",
            "{{ amplitude_sessions.clear_for_rebuild() }}",
            "{{ amplitude_sessions.write_event_locators() }}",
            "{{ amplitude_sessions.written_join_order() if amplitude_sessions.is_incremental_parts_run() else '' }}",
            "{{ amplitude_sessions.row_filter_pushdown() if amplitude_sessions.is_incremental_parts_run() else '' }}",
            "{{ amplitude_sessions.record_synced_mark('last_synced_at', 'part_ended_at') }}",
        ],
        post_hook=[
            "{{ amplitude_sessions.reset_join_order() }}",
            "{{ amplitude_sessions.reset_row_filter_pushdown() }}",
            "{{ amplitude_sessions.record_settings() }}",
            "{{ amplitude_sessions.mark_indexes('last_synced_at', 'part_ended_at') }}",
        ],
    )
}}
-- depends_on: {{ ref('stg_amplitude__event') }}
{%- set described_columns = amplitude_sessions.session_described_columns() %}
{%- set conversion_event_types = var('amplitude__conversion_event_types') %}
{%- set incremental_run = amplitude_sessions.is_incremental_parts_run() %}

{% if incremental_run -%}
{%- set locators = amplitude_sessions.event_locators_relation() %}
{%- set located_this_run = amplitude_sessions.event_locators_this_run_relation() %}
{%- set locator_names = amplitude_sessions.event_locator_columns() | map(attribute=0) | list %}
{%- set columns = amplitude_sessions.session_source_columns() %}
{%- set part_keys = amplitude_sessions.session_part_keys() %}
{%- set recent_from = amplitude_sessions.recent_parts_from(this) %}
{%- set row_ids = amplitude_sessions.staged_row_ids_available() %}
{%- set by_row_id = amplitude_sessions.reads_by_row_id() %}
{#- What the rows near a re-sent copy's older row are found with: their rowid, or the columns the check reads. #}
{%- set near_columns = 'source_relation, duplicate_hash, session_id, amplitude_id, event_at' %}
{%- set located_near_columns = 'rowid as locator_row' if by_row_id else near_columns %}
{%- set found_columns = 'staged_events.source_relation, staged_events.source_row_id' if row_ids else 'staged_events.*' %}
{%- set replaceable_keys = ['first_event_key', 'last_event_key'] %}
{%- for column in described_columns %}
    {%- do replaceable_keys.append(column ~ '_key') %}
{%- endfor %}
-- An incremental run changes a stored part in one of three ways, by what the duplicate groups that gained a row held
-- before (the locators, written by write_event_locators just before this query, say where each row lies):
-- - a group whose every row is new adds its kept row to its part (fresh_events): the part is its stored row merged
--   with the new events' aggregates, no older event read;
-- - a group with one older row, its kept row, and a re-sent copy: a copy uploaded earlier changes nothing; one
--   uploaded later, adding the same to the same part (content_hash), takes the older row's place where its keys in
--   the part can be told (replaced_copies): the part gains the copy's _fivetran_synced and, for the keys that were
--   the older row's, the copy's;
-- - every other group rebuilds from the staged rows every part that holds one of its rows and, for simplicity, every
--   other part of those rows' sessions (and, out of session, of their amplitude_ids and days); the sessions and
--   out-of-session event times are the keys of joins by which the engine skips the rest of the staged rows.
-- A part rebuilt is rebuilt whole, whatever else it gains. The locators are read from their table each time, and the
-- staged rows, read several times through other keys, are not materialized. On DuckDB a few stored rows are found by
-- their key columns alone and then read whole by their rowid, so that the engine loads only the blocks that hold them
-- (row_filter_pushdown); elsewhere (reads_by_row_id) they are read at once by those columns, which indexes find
-- (in_lookup), and the staged rows of rebuilt parts at the _fivetran_synced values their locators hold
-- (located_synced_bound). Each join's build side is the small set of keys on its right (written_join_order).
-- How many of each duplicate group's rows this run located (write_event_locators): rows the stored parts have not
-- seen.
with new_group_rows as (
    select
        duplicate_hash,
        count(*) as new_rows
    from {{ located_this_run }}
    group by duplicate_hash
),

-- Where every located row of the groups that gained a row lies in the locators' table, the new ones included: only
-- the hash column is read.
changed_group_rows as (
    select
        {%- if by_row_id %}
        rowid as locator_row,
        {%- endif %}
        duplicate_hash
    from {{ locators }}
    where {{ amplitude_sessions.in_lookup(
        'duplicate_hash', 'select new_group_rows.duplicate_hash from new_group_rows'
    ) }}
),

-- How many rows each of those groups had before this run.
changed_groups as (
    select
        changed_group_rows.duplicate_hash,
        count(*) - max(new_group_rows.new_rows) as earlier_rows
    from changed_group_rows
    inner join new_group_rows
        on changed_group_rows.duplicate_hash = new_group_rows.duplicate_hash
    group by changed_group_rows.duplicate_hash
),

-- Every located row of the groups that had an older row, read by where it lies: the engine reads only the blocks that
-- hold them.
changed_group_locators as (
    select {{ locator_names | join(', ') }}
    from {{ locators }}
    where
        {%- if by_row_id %}
        rowid in (
            select changed_group_rows.locator_row
            from changed_group_rows
            where changed_group_rows.duplicate_hash in (
                select changed_groups.duplicate_hash
                from changed_groups
                where changed_groups.earlier_rows > 0
            )
        )
        {%- else %}
        {{ amplitude_sessions.in_lookup(
            'duplicate_hash',
            'select changed_groups.duplicate_hash from changed_groups where changed_groups.earlier_rows > 0',
        ) }}
        {%- endif %}
),

-- The one row located before this run of each group that had one: its kept row, which a re-sent copy meets.
earlier_copies as (
    select {{ locator_names | join(', ') }}
    from changed_group_locators
    where duplicate_hash in (
        select changed_groups.duplicate_hash
        from changed_groups
        where changed_groups.earlier_rows = 1
    )
    except all
    select {{ locator_names | join(', ') }}
    from {{ located_this_run }}
    where duplicate_hash in (
        select changed_groups.duplicate_hash
        from changed_groups
        where changed_groups.earlier_rows = 1
    )
),

staged_events as {{ amplitude_sessions.not_materialized() }} (
    select
        source_row_id,
        {{ amplitude_sessions.duplicate_key_hash() }} as duplicate_hash,
        {{ columns | join(',\n        ') }}
    from {{ ref('stg_amplitude__event') }}
),

-- The staged rows this run reads as new, by the filters write_event_locators read them by (rows re-read at the mark
-- included), of the groups with no older row or one.
read_events as (
    select
        {{ amplitude_sessions.duplicate_key_hash() }} as duplicate_hash,
        {{ columns | join(',\n        ') }}
    from ({{ amplitude_sessions.select_new_events(
        ref('stg_amplitude__event'), amplitude_sessions.event_locator_watermark_tables(), columns,
    ) }}) as read_rows
    where {{ amplitude_sessions.duplicate_key_hash() }} in (
        select changed_groups.duplicate_hash
        from changed_groups
        where changed_groups.earlier_rows <= 1
    )
),

-- The rows of the groups whose every row is new: all of them were read.
fresh_events as (
    select {{ columns | join(', ') }}
    from read_events
    where duplicate_hash in (
        select changed_groups.duplicate_hash
        from changed_groups
        where changed_groups.earlier_rows = 0
    )
),

-- Contract section 3, among the fresh groups' rows.
deduplicated_fresh_events as (
    {{ amplitude_sessions.deduplicate_events('fresh_events', columns) }}
),

-- The read rows of the groups with one older row, but the older one where it was read again at the mark (a row that
-- holds what its locator holds).
resent_read_rows as (
    select read_events.*
    from read_events
    left join earlier_copies
        on read_events.duplicate_hash = earlier_copies.duplicate_hash
        and {{ amplitude_sessions.null_safe_equals(
            'read_events.fivetran_synced_at', 'earlier_copies.fivetran_synced_at', 'null'
        ) }}
        and {{ amplitude_sessions.null_safe_equals('read_events.client_upload_at', 'earlier_copies.upload_at', 'null') }}
        and {{ amplitude_sessions.event_content_hash('read_events') }}
            = earlier_copies.content_hash
    where
        read_events.duplicate_hash in (
            select changed_groups.duplicate_hash
            from changed_groups
            where changed_groups.earlier_rows = 1
        )
        and earlier_copies.duplicate_hash is null
),

-- Those groups' new rows, where every one of them was read (none is told from the older row only by what its locator
-- does not hold).
resent_rows as (
    select {{ columns | join(', ') }}
    from resent_read_rows
    where duplicate_hash in (
        select read_counts.duplicate_hash
        from new_group_rows
        inner join (
            select
                duplicate_hash,
                count(*) as read_rows
            from resent_read_rows
            group by duplicate_hash
        ) as read_counts
            on new_group_rows.duplicate_hash = read_counts.duplicate_hash
        where read_counts.read_rows = new_group_rows.new_rows
    )
),

-- Contract section 3 among a group's new rows: its preferred copy, where they are copies of one event (two events
-- under one hash go to the rebuild).
deduplicated_resent_rows as (
    {{ amplitude_sessions.deduplicate_events('resent_rows', columns) }}
),

resent_copies as (
    select
        {{ amplitude_sessions.duplicate_key_hash() }} as duplicate_hash,
        {{ amplitude_sessions.event_content_hash() }} as content_hash,
        amplitude_id as part_amplitude_id,
        user_id as part_user_id,
        {%- for key_name, key_expression in part_keys %}
        {{ key_expression }} as part_{{ key_name }},
        {%- endfor %}
        {{ amplitude_sessions.event_order_key('first') }} as first_order_key,
        {{ amplitude_sessions.event_order_key('last') }} as last_order_key,
        {{ columns | join(',\n        ') }}
    from deduplicated_resent_rows
    where {{ amplitude_sessions.duplicate_key_hash() }} in (
        select {{ amplitude_sessions.duplicate_key_hash() }}
        from deduplicated_resent_rows
        group by 1
        having count(*) = 1
    )
),

-- Contract section 3 between a re-sent copy and the older kept row of its event, by the first preference, the later
-- upload: a copy uploaded earlier is dropped and changes nothing; one uploaded later, adding the same to the same part,
-- and synced no earlier, replaces the older row. Anything else (a tie, another content) rebuilds.
resent_outcomes as (
    select
        resent_copies.*,
        case
            when
                earlier_copies.upload_at is not null
                and (resent_copies.client_upload_at is null or resent_copies.client_upload_at < earlier_copies.upload_at)
                then 'dropped'
            when
                resent_copies.client_upload_at is not null
                and (earlier_copies.upload_at is null or resent_copies.client_upload_at > earlier_copies.upload_at)
                and resent_copies.content_hash = earlier_copies.content_hash
                and resent_copies.fivetran_synced_at >= earlier_copies.fivetran_synced_at
                then 'replaces'
        end as resent_outcome
    from resent_copies
    inner join earlier_copies
        on resent_copies.duplicate_hash = earlier_copies.duplicate_hash
),

-- Where the located rows at the older rows' times lie, in their sessions (or, out of session, their amplitude_ids),
-- found by those columns alone. In session and out of session are found apart, so that each find's filters are simple
-- enough to push into the scan.
located_near_rows as (
    select {{ located_near_columns }}
    from {{ locators }}
    where
        {{ amplitude_sessions.in_lookup('session_id', 'select earlier_copies.session_id from earlier_copies') }}
        and event_at in (select earlier_copies.event_at from earlier_copies)
    union all
    select {{ located_near_columns }}
    from {{ locators }}
    where
        session_id is null
        and {{ amplitude_sessions.in_lookup(
            'amplitude_id',
            'select earlier_copies.amplitude_id from earlier_copies where earlier_copies.session_id is null',
        ) }}
        and event_at in (select earlier_copies.event_at from earlier_copies)
),

-- The older rows of re-sent groups that share their time with another located row of their session (or, out of
-- session, of their amplitude_id): where one does not, every key of its part at its time is its own. The located
-- rows near them are read by where they lie.
crowded_earlier_copies as (
    select distinct earlier_copies.duplicate_hash
    from (
        {%- if by_row_id %}
        select {{ near_columns }}
        from {{ locators }}
        where rowid in (select located_near_rows.locator_row from located_near_rows)
        {%- else %}
        select * from located_near_rows
        {%- endif %}
    ) as located_near
    inner join earlier_copies
        on located_near.source_relation = earlier_copies.source_relation
        and located_near.event_at = earlier_copies.event_at
        and {{ amplitude_sessions.null_safe_equals('located_near.session_id', 'earlier_copies.session_id', 'null') }}
        and (
            earlier_copies.session_id is not null
            or {{ amplitude_sessions.null_safe_equals(
                'located_near.amplitude_id', 'earlier_copies.amplitude_id', 'null'
            ) }}
        )
        and located_near.duplicate_hash != earlier_copies.duplicate_hash
),

-- The keys of the parts the fresh groups' kept rows and the replacing copies fall in.
merged_part_keys as (
    select distinct
        source_relation,
        amplitude_id,
        user_id,
        {%- for key_name, key_expression in part_keys %}
        {{ key_expression }} as {{ key_name }}{{ "," if not loop.last }}
        {%- endfor %}
    from deduplicated_fresh_events
    union
    select
        source_relation,
        amplitude_id,
        user_id,
        {%- for key_name, key_expression in part_keys %}
        part_{{ key_name }} as {{ key_name }}{{ "," if not loop.last }}
        {%- endfor %}
    from resent_outcomes
    where resent_outcome = 'replaces'
),

-- Where their stored parts lie in the parts' table, found by the keys alone (only the key columns are read).
{%- if by_row_id %}
stored_merged_part_rows as (
    select stored_parts.rowid as part_row
    from {{ this }} as stored_parts
    inner join merged_part_keys
        on {{ amplitude_sessions.session_part_keys_equal('stored_parts', 'merged_part_keys') }}
),

{% endif -%}
-- Their stored parts, read by where they lie: the engine decodes the other columns of those rows only.
stored_merged_parts as (
    select *
    from {{ this }} as stored_parts
    {%- if by_row_id %}
    where rowid in (select stored_merged_part_rows.part_row from stored_merged_part_rows)
    {%- else %}
    {#- Narrowed first by session_id, or out of session by amplitude_id: keys the parts' indexes find (in_lookup). #}
    where
        (
            {{ amplitude_sessions.in_lookup(
                'stored_parts.session_id', 'select merged_part_keys.session_id from merged_part_keys'
            ) }}
            or (
                stored_parts.session_id is null
                and {{ amplitude_sessions.in_lookup(
                    'stored_parts.amplitude_id',
                    'select merged_part_keys.amplitude_id from merged_part_keys where merged_part_keys.session_id is null'
                ) }}
            )
            or (stored_parts.session_id is null and stored_parts.amplitude_id is null)
        )
        and exists (
            select 1
            from merged_part_keys
            where {{ amplitude_sessions.session_part_keys_equal('stored_parts', 'merged_part_keys') }}
        )
    {%- endif %}
),

-- A replacing copy takes the older row's place in its part, adding the same: the part changes only by the copy's
-- _fivetran_synced and, where a key of the part is the older row's, by the copy's key there. That is known where the
-- older row shares its time with no other row of its session (every key at its time is its own), or where no key of
-- the part lies among the keys of events at its time (the part's first and last events are at other times, and so
-- is the first non-null value of every described column). Otherwise its parts are rebuilt.
replaced_copies as (
    select
        stored_merged_parts.source_relation,
        {%- for key in amplitude_sessions.session_part_key_names() %}
        stored_merged_parts.{{ key }},
        {%- endfor %}
        resent_outcomes.duplicate_hash,
        resent_outcomes.event_at,
        resent_outcomes.fivetran_synced_at,
        resent_outcomes.event_type,
        resent_outcomes.first_order_key,
        resent_outcomes.last_order_key,
        {%- for column in described_columns %}
        nullif(resent_outcomes.{{ column }}, '') as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from resent_outcomes
    inner join stored_merged_parts
        on {{ amplitude_sessions.session_part_keys_equal('resent_outcomes', 'stored_merged_parts', 'part_') }}
    where
        resent_outcomes.resent_outcome = 'replaces'
        and (
            resent_outcomes.duplicate_hash not in (
                select crowded_earlier_copies.duplicate_hash
                from crowded_earlier_copies
            )
            or (
                stored_merged_parts.part_started_at < resent_outcomes.event_at
                and resent_outcomes.event_at < stored_merged_parts.part_ended_at
                {%- for column in described_columns %}
                and not {{ amplitude_sessions.is_key_at_time(
                    'stored_merged_parts.' ~ column ~ '_key', 'resent_outcomes.event_at'
                ) }}
                {%- endfor %}
            )
        )
),

-- Per stored part with a replaced older row, which of its keys are that row's (those at its time), to give way to
-- the copy's.
replaced_part_keys as (
    select
        stored_merged_parts.source_relation,
        {%- for key in amplitude_sessions.session_part_key_names() %}
        stored_merged_parts.{{ key }},
        {%- endfor %}
        {%- for key_column in replaceable_keys %}
        max(case when {{ amplitude_sessions.is_key_at_time(
            'stored_merged_parts.' ~ key_column, 'replaced_copies.event_at'
        ) }} then 1 else 0 end) as is_{{ key_column }}_replaced{{ "," if not loop.last }}
        {%- endfor %}
    from stored_merged_parts
    inner join replaced_copies
        on {{ amplitude_sessions.session_part_keys_equal('stored_merged_parts', 'replaced_copies') }}
    group by
        stored_merged_parts.source_relation
        {%- for key in amplitude_sessions.session_part_key_names() %},
        stored_merged_parts.{{ key }}
        {%- endfor %}
),

-- The groups whose parts are rebuilt: those that had older rows, except the dropped and replacing copies.
rebuilt_hashes as (
    select duplicate_hash
    from changed_groups
    where earlier_rows > 0
    except
    select duplicate_hash
    from resent_outcomes
    where resent_outcome = 'dropped'
    except
    select duplicate_hash
    from replaced_copies
),

-- Every row of a rebuilt group.
changed_group_rebuilt_locators as (
    select
        source_relation,
        session_id,
        amplitude_id,
        event_at
    from changed_group_locators
    where duplicate_hash in (select rebuilt_hashes.duplicate_hash from rebuilt_hashes)
),

changed_sessions as (
    select distinct session_id
    from changed_group_rebuilt_locators
    where session_id is not null
),

changed_out_of_session_days as (
    select distinct
        source_relation,
        amplitude_id,
        {{ dbt.date_trunc('day', 'event_at') }} as event_day
    from changed_group_rebuilt_locators
    where session_id is null
),

-- Out of session, a part holds the out-of-session rows of one amplitude_id, user_id and day ('exclude' mode) or
-- event time ('sessionize'): every out-of-session row of the changed amplitude_ids and days is read.
changed_out_of_session_rows as (
    select
        stored_locators.source_relation,
        stored_locators.amplitude_id,
        stored_locators.event_at,
        stored_locators.fivetran_synced_at
    from {{ locators }} as stored_locators
    inner join changed_out_of_session_days
        on stored_locators.source_relation = changed_out_of_session_days.source_relation
        and {{ amplitude_sessions.null_safe_equals(
            'stored_locators.amplitude_id', 'changed_out_of_session_days.amplitude_id', 'null'
        ) }}
        and {{ dbt.date_trunc('day', 'stored_locators.event_at') }} = changed_out_of_session_days.event_day
    where
        stored_locators.session_id is null
        {%- if not by_row_id %}
        {#- Where rows are not read by rowid, found first by amplitude_id, through the locators' index (in_lookup). #}
        and (
            {{ amplitude_sessions.in_lookup(
                'stored_locators.amplitude_id',
                'select changed_out_of_session_days.amplitude_id from changed_out_of_session_days'
            ) }}
            or stored_locators.amplitude_id is null
        )
        {%- endif %}
),

changed_out_of_session_locators as (
    select distinct
        source_relation,
        amplitude_id,
        event_at
    from changed_out_of_session_rows
),
{%- if not by_row_id %}

-- Where the engine cannot read rows by where they lie, the _fivetran_synced of every located row of the changed
-- sessions and out-of-session days bounds the read of the staged rows: an index on the raw table's _fivetran_synced
-- (on PostgreSQL, the BRIN index the README asks for) then finds the blocks that hold them. A row without
-- _fivetran_synced is read wherever it lies.
rebuilt_synced_at as (
    select fivetran_synced_at
    from {{ locators }}
    where {{ amplitude_sessions.in_lookup('session_id', 'select changed_sessions.session_id from changed_sessions') }}
    union
    select fivetran_synced_at
    from changed_out_of_session_rows
),
{%- endif %}

-- Where every staged row of the changed sessions, and every out-of-session row of the changed amplitude_ids and days,
-- lies in its raw table: whole parts, the ones rebuilt, found by a few columns. Sessions that started lately, and
-- out-of-session rows of late, are found by a constant range (the engine skips the older rows by their min and max),
-- older ones by their ids and times: else the 2 % of rows out of session, which lie in every block, would all be read.
rebuilt_part_rows as (
    {%- for comparison in ['>=', '<'] %}
    {% if not loop.first %}union all{% endif %}
    select {{ found_columns }}
    from staged_events
    where
        session_id {{ comparison }} {{ recent_from.session_id }}
        and session_id in (
            select changed_sessions.session_id
            from changed_sessions
            where changed_sessions.session_id {{ comparison }} {{ recent_from.session_id }}
        )
        {{- amplitude_sessions.located_synced_bound('rebuilt_synced_at') }}
    union all
    select {{ found_columns }}
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
        {{- amplitude_sessions.located_synced_bound('rebuilt_synced_at', 'staged_events.') }}
    {%- endfor %}
),

-- Those rows, read whole by where they lie (source_row_id): the engine loads only the blocks of the raw table that
-- hold them (row_filter_pushdown), where finding them read a few columns of every block the filters could not skip.
-- A raw relation without row ids (a view) has its rows read whole where they are found.
rebuilt_part_events as (
    {%- if row_ids %}
    select staged_events.*
    from staged_events
    inner join rebuilt_part_rows
        on staged_events.source_row_id = rebuilt_part_rows.source_row_id
        and staged_events.source_relation = rebuilt_part_rows.source_relation
    {%- else %}
    select * from rebuilt_part_rows
    {%- endif %}
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
        event_at,
        fivetran_synced_at
    from {{ locators }}
    where
        {%- if by_row_id %}
        rowid in (
            select group_rows.rowid
            from {{ locators }} as group_rows
            where group_rows.duplicate_hash in (select group_hashes.duplicate_hash from group_hashes)
        )
        {%- else %}
        {{ amplitude_sessions.in_lookup('duplicate_hash', 'select group_hashes.duplicate_hash from group_hashes') }}
        {%- endif %}
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
        {{- amplitude_sessions.located_synced_bound('group_locators') }}
    union all
    select {{ columns | join(', ') }}
    from staged_events
    where
        (session_id is null or session_id <= 0)
        and event_at in (select other_group_times.event_at from other_group_times)
        and duplicate_hash in (select group_hashes.duplicate_hash from group_hashes)
        {{- amplitude_sessions.located_synced_bound('group_locators') }}
),

-- Contract section 3, as in int_amplitude__deduplicated_events, over whole duplicate groups.
deduplicated_group_events as (
    {{ amplitude_sessions.deduplicate_events('group_events', columns) }}
),

-- The kept events this run aggregates: those of the rebuilt parts, and those the fresh groups add to their parts.
run_events as (
    select
        {{ columns | join(', ') }},
        false as is_folded
    from deduplicated_group_events
    union all
    select
        {{ columns | join(', ') }},
        true as is_folded
    from deduplicated_fresh_events
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
        {{ amplitude_sessions.event_order_key('last') }} as last_order_key{{ "," if incremental_run }}
    {%- if incremental_run %}
        is_folded
    from run_events
    {%- else %}
    from {{ ref('int_amplitude__deduplicated_events') }}
    {%- endif %}
    {{ amplitude_sessions.evaluate_once() }}
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
        cast(sum(case when event_type in (
            {%- for event_type in conversion_event_types %}
            '{{ event_type | replace("'", "''") }}'{{ "," if not loop.last }}
            {%- endfor %}
        ) then 1 else 0 end) as {{ dbt.type_bigint() }}) as conversion_events,
        {%- else %}
        cast(0 as {{ dbt.type_bigint() }}) as conversion_events,
        {%- endif %}
        {%- for column in described_columns %}
        {{ amplitude_sessions.value_at_key(column, 'first_order_key', 'first') }} as {{ column }},
        {{ amplitude_sessions.extreme_key('case when ' ~ column ~ ' is not null then first_order_key end', 'first') }}
            as {{ column }}_key{{ "," if not loop.last or incremental_run }}
        {%- endfor %}
        {%- if incremental_run %}
        is_folded
        {%- endif %}
    from part_events
    group by source_relation, amplitude_id, user_id, session_id, out_of_session_event_at{{ ", is_folded" if incremental_run }}
),

{% if incremental_run -%}
-- The rebuilt parts, each with what its kept rows add up to; a part left without a kept row (its events' kept rows
-- lie in another part now) is a row without events, which deletes the stored part.
rebuilt_parts as (
    select
        rebuilt_part_keys.source_relation,
        rebuilt_part_keys.amplitude_id,
        rebuilt_part_keys.user_id,
        rebuilt_part_keys.session_id,
        rebuilt_part_keys.out_of_session_event_at,
        {{ amplitude_sessions.session_part_columns() | join(',\n        ') }}
    from rebuilt_part_keys
    left join session_parts
        on {{ amplitude_sessions.session_part_keys_equal('rebuilt_part_keys', 'session_parts') }}
        and not session_parts.is_folded
),

-- What changes the parts the fresh groups' kept rows and the replacing copies fall in: the fresh events' aggregates;
-- each replacing copy as an event that counts for none (it takes the older row's place), with its _fivetran_synced,
-- event type, described values and keys; and the stored parts, without the keys that were a replaced row's.
merging_parts as (
    select
        source_relation,
        {{ amplitude_sessions.session_part_key_names() | join(', ') }},
        {{ amplitude_sessions.session_part_columns() | join(', ') }},
        true as is_change
    from session_parts
    where is_folded
    union all
    select
        source_relation,
        {{ amplitude_sessions.session_part_key_names() | join(', ') }},
        {%- for column in amplitude_sessions.session_part_columns() %}
        {%- if column == 'last_synced_at' %}
        fivetran_synced_at as last_synced_at,
        {%- elif column in ['part_events', 'conversion_events'] %}
        0 as {{ column }},
        {%- elif column in ['first_event_type', 'last_event_type'] %}
        event_type as {{ column }},
        {%- elif column == 'first_event_key' %}
        first_order_key as first_event_key,
        {%- elif column == 'last_event_key' %}
        last_order_key as last_event_key,
        {%- elif column in described_columns %}
        {{ column }},
        {%- elif column in replaceable_keys %}
        case when {{ column[:-4] }} is not null then first_order_key end as {{ column }},
        {%- else %}
        null as {{ column }},
        {%- endif %}
        {%- endfor %}
        true as is_change
    from replaced_copies
    union all
    select
        stored_merged_parts.source_relation,
        {%- for key in amplitude_sessions.session_part_key_names() %}
        stored_merged_parts.{{ key }},
        {%- endfor %}
        {%- for column in amplitude_sessions.session_part_columns() %}
        {%- if column in replaceable_keys %}
        case when replaced_part_keys.is_{{ column }}_replaced = 1 then null else stored_merged_parts.{{ column }} end
            as {{ column }},
        {%- else %}
        stored_merged_parts.{{ column }},
        {%- endif %}
        {%- endfor %}
        false as is_change
    from stored_merged_parts
    left join replaced_part_keys
        on {{ amplitude_sessions.session_part_keys_equal('stored_merged_parts', 'replaced_part_keys') }}
),

-- Each such part merged as its events add up (merged_part_column, as sessions add up from parts), where something
-- changed it.
merged_parts as (
    select
        source_relation,
        {{ amplitude_sessions.session_part_key_names() | join(',\n        ') }},
        {%- for column in amplitude_sessions.session_part_columns() %}
        {{ amplitude_sessions.merged_part_column(column) }} as {{ column }},
        {%- endfor %}
        max(case when is_change then 1 else 0 end) as is_changed
    from merging_parts
    group by source_relation, {{ amplitude_sessions.session_part_key_names() | join(', ') }}
),

final as (
    select * from rebuilt_parts
    union all
    select
        source_relation,
        {{ amplitude_sessions.session_part_key_names() | join(', ') }},
        {{ amplitude_sessions.session_part_columns() | join(', ') }}
    from merged_parts
    where
        is_changed = 1
        and not exists (
            select 1
            from rebuilt_part_keys
            where
                {{ amplitude_sessions.session_part_keys_equal('rebuilt_part_keys', 'merged_parts') }}
        )
)
{%- else -%}
-- Stored, a whole build writes the parts in amplitude_id order: an incremental run reads the parts of a few
-- amplitude_ids whole (a user's parts, an amplitude_id's re-stitched anonymous parts), which then lie in few blocks.
final as (
    select * from session_parts
    {%- if amplitude_sessions.stored_parts_enabled() %}
    order by source_relation, amplitude_id, session_id
    {%- endif %}
)
{%- endif %}

select * from final

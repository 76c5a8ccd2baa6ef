-- Whether int_amplitude__session_parts is a stored table that incremental runs update part by part (var
-- amplitude__stored_session_parts, on DuckDB, which prunes a scan by a join's keys, and PostgreSQL, which finds the
-- rows by indexes on the package's own tables), instead of an ephemeral model.
{% macro stored_parts_enabled() %}
    {{ return(adapter.dispatch('stored_parts_enabled', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__stored_parts_enabled() %}
    {{ return(false) }}
{% endmacro %}

{% macro duckdb__stored_parts_enabled() %}
    {{ return(var('amplitude__stored_session_parts')) }}
{% endmacro %}

{% macro postgres__stored_parts_enabled() %}
    {{ return(var('amplitude__stored_session_parts')) }}
{% endmacro %}

-- How int_amplitude__session_parts is materialized: incremental where its parts are stored, else ephemeral.
{% macro session_parts_materialization() %}
    {{ return('incremental' if amplitude_sessions.stored_parts_enabled() else 'ephemeral') }}
{% endmacro %}

-- The table beside the stored session parts that locates every staged row:
-- int_amplitude__session_parts__event_locators.
{% macro event_locators_relation() %}
    {%- set parts = amplitude_sessions.package_model_relation('int_amplitude__session_parts') -%}
    {{ return(api.Relation.create(
        database=parts.database, schema=parts.schema, identifier=parts.identifier ~ '__event_locators', type='table'
    )) }}
{% endmacro %}

-- The table of the locators' high-water marks, one row per source_relation (the latest _fivetran_synced and event time
-- located), kept by write_event_locators so that a check need not scan the locators:
-- int_amplitude__session_parts__event_locator_marks.
{% macro event_locator_marks_relation() %}
    {%- set parts = amplitude_sessions.package_model_relation('int_amplitude__session_parts') -%}
    {{ return(parts.incorporate(path={'identifier': parts.identifier ~ '__event_locator_marks'})) }}
{% endmacro %}

-- The columns of an event locator, as (name, expression over the staged event columns): the 64-bit hash of the
-- duplicate key (rows of one event share it), and where the row lies: its session_id when positive, else (out of
-- session) its amplitude_id and event time; with its _fivetran_synced for the locators' own high-water mark, and what
-- a re-sent copy is compared with: its client_upload_time (the first preference among copies) and the hash of what it
-- adds to its part (event_content_hash).
{% macro event_locator_columns() %}
    {{ return([
        ('source_relation', 'source_relation'),
        ('duplicate_hash', amplitude_sessions.duplicate_key_hash()),
        ('session_id', 'case when session_id > 0 then session_id end'),
        ('amplitude_id', 'amplitude_id'),
        ('event_at', 'event_at'),
        ('fivetran_synced_at', 'fivetran_synced_at'),
        ('upload_at', 'client_upload_at'),
        ('content_hash', amplitude_sessions.event_content_hash()),
    ]) }}
{% endmacro %}

-- The 64-bit hash of what a kept event adds to its session part, over the staged event columns, except its order
-- key: its part's keys, time, event type and described columns. Two copies of an event with the same hash add the same
-- to the same part. relation, when given, qualifies the columns.
{% macro event_content_hash(relation=none) %}
    {%- set columns = ['source_relation', 'amplitude_id', 'user_id', 'session_id', 'event_at', 'event_type']
        + amplitude_sessions.session_described_columns() -%}
    {%- set qualifier = relation ~ '.' if relation else '' -%}
    {{ return(amplitude_sessions.key_hash(qualifier ~ columns | join(', ' ~ qualifier))) }}
{% endmacro %}

-- The select list of a locator over the staged event columns: each expression of event_locator_columns named.
{% macro event_locator_expressions() %}
    {%- set expressions = [] -%}
    {%- for name, expression in amplitude_sessions.event_locator_columns() -%}
        {%- do expressions.append(expression ~ ' as ' ~ name) -%}
    {%- endfor -%}
    {{ return(expressions | join(', ')) }}
{% endmacro %}

-- Whether the locators table exists (a whole build of the parts writes it).
{% macro event_locators_exist() %}
    {{ return(amplitude_sessions.relation_exists(amplitude_sessions.event_locators_relation())) }}
{% endmacro %}

-- Whether the locators table exists with the columns this version of the package writes (an earlier one kept no
-- content_hash). Read from the warehouse, not dbt's relation cache, which does not see a table a hook of this
-- invocation created.
{% macro event_locators_current() %}
    {%- set columns = adapter.get_columns_in_relation(amplitude_sessions.event_locators_relation()) -%}
    {{ return('content_hash' in columns | map(attribute='name') | map('lower') | list) }}
{% endmacro %}

-- The high-water marks of the locators, for select_new_events: the stored parts' latest _fivetran_synced and event
-- time, never later than the locators' own (so no new row is missed), read from a table a hundred times smaller.
{% macro event_locator_watermark_tables() %}
    {%- set parts = amplitude_sessions.package_model_relation('int_amplitude__session_parts') -%}
    {{ return([(parts, 'last_synced_at', 'part_ended_at')]) }}
{% endmacro %}

-- The staged rows that may be new since the stored parts were last built (select_new_events on the locators'
-- high-water marks), as locators.
{% macro select_new_locators() %}
    select {{ amplitude_sessions.event_locator_expressions() }}
    from ({{ amplitude_sessions.select_new_events(
        ref('stg_amplitude__event'),
        amplitude_sessions.event_locator_watermark_tables(),
        amplitude_sessions.session_source_columns(),
    ) }}) as new_events
{% endmacro %}

-- The stored locators that select_new_locators' filters select, which are all the stored locators that can equal one
-- of its rows: those filters read only the source, _fivetran_synced and event time, which a locator holds. The
-- locators are stored in load order, so the engine skips the older ones by their min and max (on PostgreSQL, by a
-- BRIN index); the marks table lists every source_relation located, so a source the parts do not have yet is looked
-- for only where one was located.
{% macro select_located_since_marks() %}
    {%- set names = amplitude_sessions.event_locator_columns() | map(attribute=0) | list -%}
    {{ amplitude_sessions.select_new_events(
        amplitude_sessions.event_locators_relation(), amplitude_sessions.event_locator_watermark_tables(), names,
        amplitude_sessions.event_locator_marks_relation(),
    ) }}
{% endmacro %}

-- The table of the locators of the last run's new rows (written by write_event_locators in the parts model's
-- transaction; empty after a whole build): int_amplitude__session_parts__event_locators_this_run.
{% macro event_locators_this_run_relation() %}
    {%- set locators = amplitude_sessions.event_locators_relation() -%}
    {{ return(locators.incorporate(path={'identifier': locators.identifier ~ '_this_run'})) }}
{% endmacro %}

-- True when this run updates the stored session parts part by part: they are stored, their table is current
-- (incremental_state) and their locators exist with this version's columns.
{% macro is_incremental_parts_run(fail=true) %}
    {#- A unit test of the parts checks their whole build. -#}
    {%- if model.resource_type == 'unit_test' or not amplitude_sessions.stored_parts_enabled()
        or amplitude_sessions.incremental_state('int_amplitude__session_parts', fail) != 'incremental' -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(amplitude_sessions.event_locators_current()) }}
{% endmacro %}

-- Where an incremental run of the stored parts starts reading by a constant range rather than by keys: two days before
-- the latest event of the stored parts, as a session_id (epoch milliseconds, for sessions) and as an event time (for
-- out-of-session rows). Any value reads the same rows; this one keeps the ranges small.
{% macro recent_parts_from(parts) %}
    {#- The latest part end, from the parts' marks (watermarks_query: a few index pages on PostgreSQL). -#}
    {%- set ended = [] -%}
    {%- for synced_through, ended_through in amplitude_sessions.earliest_watermarks(
        [(parts, 'last_synced_at', 'part_ended_at')]
    ).values() if ended_through is not none -%}
        {%- do ended.append(ended_through) -%}
    {%- endfor -%}
    {%- set latest = ended | max if ended else none -%}
    {%- if latest is none -%}
        {%- set latest = modules.datetime.datetime(1970, 1, 3) -%}
    {%- endif -%}
    {%- set cutoff = latest.replace(tzinfo=none) - modules.datetime.timedelta(days=2) -%}
    {{ return({
        'session_id': ((cutoff - modules.datetime.datetime(1970, 1, 1)).total_seconds() * 1000) | int,
        'event_at': "cast('" ~ cutoff.isoformat(' ') ~ "' as " ~ amplitude_sessions.type_utc_timestamp() ~ ")",
    }) }}
{% endmacro %}

-- Statements after a whole build of the locators: the indexes an incremental run finds locators by.
{% macro event_locator_indexes(locators) %}
    {{ return(adapter.dispatch('event_locator_indexes', 'amplitude_sessions')(locators)) }}
{% endmacro %}

{% macro default__event_locator_indexes(locators) %}
    {{ return('') }}
{% endmacro %}

-- PostgreSQL: a B-tree on the duplicate-key hash (a run's groups), on the session and time (the rows near a re-sent
-- copy, a rebuilt session's rows) and, out of session, on the amplitude_id and time; a BRIN index on _fivetran_synced
-- (the locators lie in load order), by which write_event_locators reads the latest ones.
{% macro postgres__event_locator_indexes(locators) %}
    create index on {{ locators }} using brin (fivetran_synced_at) with (autosummarize = on);
    create index on {{ locators }} (duplicate_hash);
    create index on {{ locators }} (session_id, event_at);
    create index on {{ locators }} (amplitude_id, event_at) where session_id is null;
{% endmacro %}

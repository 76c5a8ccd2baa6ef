-- The table of the keys of the stored session parts changed since amplitude__sessions last read them:
-- int_amplitude__session_parts__changes. The parts' strategy appends each batch's keys (a part rebuilt, added or
-- deleted); a whole build of the parts leaves one row marked is_whole_build instead; amplitude__sessions empties
-- it in its own transaction (clear_part_changes).
{% macro part_changes_relation() %}
    {%- set parts = amplitude_sessions.package_model_relation('int_amplitude__session_parts') -%}
    {{ return(parts.incorporate(path={'identifier': parts.identifier ~ '__changes'})) }}
{% endmacro %}

-- The select of the one row that stands for a whole build of the parts (every part may have changed).
{% macro whole_build_part_change() %}
    select
        cast(null as {{ dbt.type_string() }}) as source_relation,
        cast(null as {{ dbt.type_bigint() }}) as amplitude_id,
        cast(null as {{ dbt.type_string() }}) as user_id,
        cast(null as {{ dbt.type_bigint() }}) as session_id,
        cast(null as {{ amplitude_sessions.type_utc_timestamp() }}) as out_of_session_event_at,
        true as is_whole_build
{% endmacro %}

-- Statements of the parts' whole build: the changes table holds only the whole-build row.
{% macro reset_part_changes() %}
    create or replace table {{ amplitude_sessions.part_changes_relation() }} as
    {{ amplitude_sessions.whole_build_part_change() }}
{% endmacro %}

-- Statements of the parts' strategy: appends the keys of every part of the batch. A changes table that is missing
-- (parts built by an earlier version of the package) starts with the whole-build row, since what changed before is
-- unknown.
{% macro record_part_changes(batch) %}
    {%- set changes = amplitude_sessions.part_changes_relation() -%}
    create table if not exists {{ changes }} as
    {{ amplitude_sessions.whole_build_part_change() }};

    insert into {{ changes }} (
        source_relation, {{ amplitude_sessions.session_part_key_names() | join(', ') }}, is_whole_build
    )
    select source_relation, {{ amplitude_sessions.session_part_key_names() | join(', ') }}, false
    from {{ batch }}
{% endmacro %}

-- Whether amplitude__sessions can rebuild only the sessions of the changed parts: the parts are stored and the
-- changes table lists every change since it last read them (it exists and holds no whole-build row).
{% macro part_changes_listed() %}
    {%- if not execute or model.resource_type == 'unit_test' or not amplitude_sessions.stored_parts_enabled() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set changes = amplitude_sessions.part_changes_relation() -%}
    {%- if not amplitude_sessions.relation_exists(changes) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set whole_builds = run_query(
        "select count(*) from " ~ changes ~ " where is_whole_build"
    ).columns[0].values()[0] -%}
    {{ return(whole_builds == 0) }}
{% endmacro %}

-- Post-hook of amplitude__sessions: it has read every change of the parts (incrementally or whole), so the changes
-- table is left empty, in its transaction (created empty where missing: dbt's relation cache does not see a table a
-- hook of this invocation created).
{% macro clear_part_changes() %}
    {%- if not execute or config.get('materialized') != 'incremental' or not amplitude_sessions.stored_parts_enabled() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set changes = amplitude_sessions.part_changes_relation() -%}
    create table if not exists {{ changes }} as
    {{ amplitude_sessions.whole_build_part_change() }}
    limit 0;

    delete from {{ changes }}
{% endmacro %}

-- True when this run of amplitude__sessions rebuilds only the sessions of the parts changed since it last ran, and
-- renumbers its other stored rows of their users: an incremental run over stored parts whose changes are listed, in
-- 'exclude' mode ('sessionize' infers sessions from all of a user's out-of-session parts, so it rebuilds the touched
-- users from their parts).
{% macro sessions_from_part_changes() %}
    {{ return(
        var('amplitude__out_of_session_events') == 'exclude'
        and amplitude_sessions.incremental_state('amplitude__sessions', fail=(model.name == 'amplitude__sessions'))
            == 'incremental'
        and amplitude_sessions.is_incremental_scope_run()
        and amplitude_sessions.part_changes_listed()
    ) }}
{% endmacro %}

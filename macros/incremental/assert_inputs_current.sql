-- Before a scoped model (amplitude__sessions, amplitude__event_enhanced) writes: the tables it reads that other
-- models of the package keep must already hold every new row: int_amplitude__identities, which an incremental run
-- walks to find the users of the new rows, and on DuckDB and PostgreSQL the stored session parts (their locators), which every run
-- reads. A run that selected the model without them, or excluded them, finds them stale; then fail, naming them,
-- before the high-water mark moves past those rows.
{% macro assert_inputs_current(incremental_run) %}
    {#- A unit test has no tables to look at. -#}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set inputs = [] -%}
    {%- if incremental_run -%}
        {%- do inputs.append((
            amplitude_sessions.package_model_relation('int_amplitude__identities'), 'int_amplitude__identities',
            'last_synced_at', 'last_event_at', amplitude_sessions.scope_watermark_tables(),
        )) -%}
    {%- endif -%}
    {%- if amplitude_sessions.stored_parts_enabled() and amplitude_sessions.event_locators_exist() -%}
        {#- The locators' marks, from the table of marks where this invocation's relation cache has it (a table
            created by a hook of this invocation is not in it), else from the locators. -#}
        {%- set marks = amplitude_sessions.event_locator_marks_relation() -%}
        {%- set located = (marks, 'synced_through', 'event_through')
            if amplitude_sessions.relation_exists(marks)
            else (amplitude_sessions.event_locators_relation(), 'fivetran_synced_at', 'event_at') -%}
        {%- do inputs.append((located[0], 'int_amplitude__session_parts', located[1], located[2], [located])) -%}
    {%- endif -%}
    {%- for relation, built_by, synced_column, event_column, watermark_tables in inputs -%}
        {%- do amplitude_sessions.assert_relation_current(
            relation, built_by, synced_column, event_column, watermark_tables
        ) -%}
    {%- endfor -%}
{% endmacro %}

-- Fails, naming the model that keeps it, when a table of the package has not seen the newest staged rows: those
-- new since the watermarks of watermark_tables (select_new_events) with a later _fivetran_synced or event time than
-- the table's, or of a connection it lacks.
{% macro assert_relation_current(relation, built_by, synced_column, event_column, watermark_tables) %}
    {%- set check -%}
        with new_rows as (
            {{ amplitude_sessions.select_new_events(
                ref('stg_amplitude__event'),
                watermark_tables,
                ['source_relation', 'fivetran_synced_at', 'event_at'],
            ) }}
        ),

        new_marks as (
            select
                source_relation,
                max(fivetran_synced_at) as synced_through,
                max(event_at) as event_through
            from new_rows
            group by source_relation
        ),

        relation_marks as (
            {{ amplitude_sessions.watermarks_query(relation, synced_column, event_column) }}
        )

        select new_marks.source_relation
        from new_marks
        left join relation_marks
            on new_marks.source_relation = relation_marks.source_relation
        where
            relation_marks.source_relation is null
            or new_marks.synced_through > relation_marks.synced_through
            or (new_marks.synced_through is not null and relation_marks.synced_through is null)
            or new_marks.event_through > relation_marks.ended_through
    {%- endset -%}
    {#- The check runs while the model compiles, before its pre-hooks, in the transaction the model then runs in: with
        the model's planner settings ("set local", as its first pre-hook sets them); on PostgreSQL JIT compiled this
        check's plan for longer than the check ran. -#}
    {%- set settings = amplitude_sessions.planner_settings() -%}
    {%- if settings | trim -%}
        {%- do run_query(settings) -%}
    {%- endif -%}
    {%- set stale = run_query(check).columns[0].values() | list -%}
    {%- if stale -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: " ~ relation ~ " (" ~ built_by ~ ") has not seen the newest rows of "
            ~ stale | join(", ") ~ ", so this run of " ~ model.name ~ " would miss them. It was left out"
            ~ " of the selection: run `dbt run --select +" ~ model.name ~ "`. Nothing was written."
        ) }}
    {%- endif -%}
{% endmacro %}

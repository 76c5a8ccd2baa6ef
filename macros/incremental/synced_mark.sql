-- The table beside a model's table that records, per source_relation, the latest _fivetran_synced among the staged
-- rows when the model's last run began and how many staged rows had it: <model>__synced_mark.
{% macro synced_mark_relation(relation) %}
    {{ return(api.Relation.create(
        database=relation.database, schema=relation.schema, identifier=relation.identifier ~ '__synced_mark', type='table'
    )) }}
{% endmacro %}

-- Pre-hook of the models whose tables are high-water marks for select_new_events: records, in the model's transaction
-- and before its query reads the staged rows, per source_relation the latest _fivetran_synced among them and how many
-- have it (select_new_events then tells a run with no new row at the mark from one with some). An incremental run
-- reads only the rows synced at or after the table's own mark of each source_relation that has one (the engine skips
-- the older ones; on PostgreSQL by the BRIN index, as planner_settings, the first pre-hook, turns sequential scans
-- off); a whole build records nothing (reading every row again would cost as much as a part of the build), so the run
-- after it reads the rows at the mark once more. Nothing where the model is rebuilt whole every run (Spark).
{% macro record_synced_mark(synced_column, event_column) %}
    {%- if not execute or config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set recorded = amplitude_sessions.synced_mark_relation(this) -%}
    {%- set reads = [] -%}
    {%- if amplitude_sessions.incremental_state(model.name, fail=false) == 'incremental' -%}
        {%- set marks = amplitude_sessions.earliest_watermarks([(this, synced_column, event_column)]) -%}
        {%- for source_relation, (synced_through, ended_through) in marks | dictsort if synced_through is not none -%}
            {%- do reads.append(
                "select source_relation, fivetran_synced_at from (select * from " ~ ref('stg_amplitude__event')
                ~ ") as events where source_relation = '" ~ (source_relation | replace("'", "''"))
                ~ "' and fivetran_synced_at >= cast('" ~ synced_through ~ "' as "
                ~ amplitude_sessions.type_utc_timestamp() ~ ")"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    create table if not exists {{ recorded }} (
        source_relation {{ dbt.type_string() }},
        synced_through {{ amplitude_sessions.type_utc_timestamp() }},
        rows_at_mark {{ dbt.type_bigint() }}
    );
    delete from {{ recorded }}
    {%- if reads %};
    insert into {{ recorded }} (source_relation, synced_through, rows_at_mark)
    with rows_per_synced as (
        select
            source_relation,
            fivetran_synced_at,
            count(*) as synced_rows
        from (
            {{ reads | join("\n            union all\n            ") }}
        ) as read_rows
        group by source_relation, fivetran_synced_at
    ),

    ranked as (
        select
            *,
            row_number() over (partition by source_relation order by fivetran_synced_at desc) as synced_rank
        from rows_per_synced
    )

    select
        source_relation,
        fivetran_synced_at,
        synced_rows
    from ranked
    where synced_rank = 1
    {%- endif %}
{% endmacro %}

-- Per source_relation whose synced mark (of marks, from earliest_watermarks) every one of watermark_tables recorded
-- (record_synced_mark) at that same _fivetran_synced with the same number of rows: that number, as a dict. A table
-- whose record is missing or names another mark leaves the source_relation out.
{% macro rows_at_recorded_marks(watermark_tables, marks) %}
    {%- set agreed = {} -%}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return(agreed) }}
    {%- endif -%}
    {%- for relation, synced_column, event_column in watermark_tables -%}
        {%- set recorded = amplitude_sessions.synced_mark_relation(relation) -%}
        {%- set table_rows = {} -%}
        {%- if amplitude_sessions.relation_exists(recorded) -%}
            {%- for source_relation, synced_through, rows_at_mark in run_query(
                "select source_relation, synced_through, rows_at_mark from " ~ recorded
            ).rows -%}
                {%- do table_rows.update({source_relation: (synced_through, rows_at_mark)}) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- if loop.first -%}
            {%- for source_relation, (synced_through, rows_at_mark) in table_rows.items() -%}
                {%- if source_relation in marks and marks[source_relation][0] is not none
                    and synced_through == marks[source_relation][0] -%}
                    {%- do agreed.update({source_relation: rows_at_mark}) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- else -%}
            {%- for source_relation in agreed.keys() | list -%}
                {%- if table_rows.get(source_relation) != (marks[source_relation][0], agreed[source_relation]) -%}
                    {%- do agreed.pop(source_relation) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(agreed) }}
{% endmacro %}

-- The table beside a model's table that records, per source_relation, the latest _fivetran_synced among the staged
-- rows when the model's last run began and how many staged rows had it: <model>__synced_mark.
{% macro synced_mark_relation(relation) %}
    {{ return(api.Relation.create(
        database=relation.database, schema=relation.schema, identifier=relation.identifier ~ '__synced_mark', type='table'
    )) }}
{% endmacro %}

-- Pre-hook of the models whose tables are high-water marks for select_new_events: records, in the model's transaction
-- and before its query reads the staged rows, per source_relation the latest _fivetran_synced among them and how many
-- have it (select_new_events then tells a run with no new row at the mark from one with some). Reads only the rows
-- from the table's own marks on (the engine skips the older ones), all of them when the model is built whole. Nothing
-- where the model is rebuilt whole every run (Spark).
{% macro record_synced_mark(synced_column, event_column) %}
    {%- if not execute or config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set recorded = amplitude_sessions.synced_mark_relation(this) -%}
    {%- set read_columns = ['source_relation', 'fivetran_synced_at'] -%}
    create table if not exists {{ recorded }} (
        source_relation {{ dbt.type_string() }},
        synced_through {{ amplitude_sessions.type_utc_timestamp() }},
        rows_at_mark {{ dbt.type_bigint() }}
    );
    delete from {{ recorded }};
    insert into {{ recorded }} (source_relation, synced_through, rows_at_mark)
    with read_rows as (
        {%- if amplitude_sessions.incremental_state(model.name, fail=false) == 'incremental' %}
        {{ amplitude_sessions.select_new_events(
            ref('stg_amplitude__event'), [(this, synced_column, event_column)], read_columns, strict=false,
        ) }}
        {%- else %}
        select {{ read_columns | join(', ') }}
        from {{ ref('stg_amplitude__event') }}
        {%- endif %}
    ),

    marks as (
        select
            source_relation,
            max(fivetran_synced_at) as synced_through
        from read_rows
        group by source_relation
    )

    select
        marks.source_relation,
        marks.synced_through,
        count(*) as rows_at_mark
    from read_rows
    inner join marks
        on read_rows.source_relation = marks.source_relation
        and read_rows.fivetran_synced_at = marks.synced_through
    group by marks.source_relation, marks.synced_through
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

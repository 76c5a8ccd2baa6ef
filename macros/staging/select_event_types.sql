-- The Fivetran event_type tables beside the event tables (var amplitude_event_type_identifier), one row per
-- (source_relation, event type id, project_name): its name and display, rows with _fivetran_deleted true left out,
-- the latest synced row where one id repeats. A connection without the table adds no rows; without any, an empty
-- typed select.
{% macro select_event_types() %}
    {{ return(adapter.dispatch('select_event_types', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__select_event_types() %}
    {%- set selects = [] -%}
    {%- for source in (amplitude_sessions.event_sources() if execute else []) -%}
        {%- set relation = adapter.get_relation(
            database=source.database, schema=source.schema, identifier=var('amplitude_event_type_identifier')
        ) -%}
        {%- if relation is not none -%}
            {%- set present = {} -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do present.update({column.name | lower: column}) -%}
            {%- endfor -%}
            {%- do selects.append(
                "select cast('" ~ (source.source_relation | replace("'", "''")) ~ "' as " ~ dbt.type_string() ~ ") as source_relation, "
                ~ amplitude_sessions.typed_column(present.get('id'), 'bigint') ~ " as event_type_id, "
                ~ amplitude_sessions.typed_column(present.get('project_name'), 'bigint') ~ " as project_name, "
                ~ amplitude_sessions.typed_column(present.get('name'), 'string') ~ " as event_type_name, "
                ~ amplitude_sessions.typed_column(present.get('display'), 'string') ~ " as event_type_display, "
                ~ amplitude_sessions.typed_column(present.get('_fivetran_synced'), 'timestamp') ~ " as fivetran_synced_at, "
                ~ amplitude_sessions.typed_column(present.get('_fivetran_deleted'), 'boolean') ~ " as is_deleted"
                ~ " from " ~ relation
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if selects -%}
    select
        source_relation,
        event_type_id,
        project_name,
        event_type_name,
        event_type_display
    from (
        select
            *,
            row_number() over (
                partition by source_relation, event_type_id, project_name
                order by
                    fivetran_synced_at desc nulls last,
                    {{ amplitude_sessions.bytewise('event_type_name') }} desc nulls last,
                    {{ amplitude_sessions.bytewise('event_type_display') }} desc nulls last
            ) as type_rank
        from (
            {{ selects | join('\n            union all\n            ') }}
        ) as event_type_rows
        where not coalesce(is_deleted, false)
    ) as ranked_event_types
    where type_rank = 1
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as source_relation,
        cast(null as {{ dbt.type_bigint() }}) as event_type_id,
        cast(null as {{ dbt.type_bigint() }}) as project_name,
        cast(null as {{ dbt.type_string() }}) as event_type_name,
        cast(null as {{ dbt.type_string() }}) as event_type_display
    where 1 = 0
    {%- endif %}
{% endmacro %}

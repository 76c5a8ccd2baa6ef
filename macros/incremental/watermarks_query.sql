-- The query of a table's marks (earliest_watermarks): per source_relation, its latest synced and event time values.
{% macro watermarks_query(relation, synced_column, event_column) %}
    {{ return(adapter.dispatch('watermarks_query', 'amplitude_sessions')(relation, synced_column, event_column)) }}
{% endmacro %}

{% macro default__watermarks_query(relation, synced_column, event_column) -%}
    select
        source_relation,
        max({{ synced_column }}) as synced_through,
        max({{ event_column }}) as ended_through
    from {{ relation }}
    group by source_relation
{%- endmacro %}

-- PostgreSQL: a group by reads the whole table, on every run and for each model that asks. Instead each
-- source_relation is found by skipping along the table's index on (source_relation, event mark), and each mark is
-- read from the end of its index (mark_indexes): a few index pages whatever the table's size. Every row has an event
-- mark, so the rows with one are every row.
{% macro postgres__watermarks_query(relation, synced_column, event_column) -%}
    with recursive source_relations as (
        select min(source_relation) as source_relation
        from {{ relation }}
        where {{ event_column }} is not null
        union all
        select (
            select min(later.source_relation)
            from {{ relation }} as later
            where
                later.{{ event_column }} is not null
                and later.source_relation > source_relations.source_relation
        )
        from source_relations
        where source_relations.source_relation is not null
    )

    select
        source_relations.source_relation,
        {%- for column, mark in [(synced_column, 'synced_through'), (event_column, 'ended_through')] %}
        (
            select max(marked.{{ column }})
            from {{ relation }} as marked
            where marked.source_relation = source_relations.source_relation and marked.{{ column }} is not null
        ) as {{ mark }}{{ "," if not loop.last }}
        {%- endfor %}
    from source_relations
    where source_relations.source_relation is not null
{%- endmacro %}

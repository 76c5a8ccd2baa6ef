-- Post-hook of the tables whose marks watermarks_query reads: on PostgreSQL, a B-tree index on (source_relation,
-- column) of the rows where the column is not null, for each mark column, where the table has none (a table built
-- whole gets them as it is built; one built by an earlier version of the package, on its next run). Nothing
-- elsewhere, nor where the model is not incremental.
{% macro mark_indexes(synced_column, event_column) %}
    {{ return(adapter.dispatch('mark_indexes', 'amplitude_sessions')(synced_column, event_column)) }}
{% endmacro %}

{% macro default__mark_indexes(synced_column, event_column) %}
    {{ return('') }}
{% endmacro %}

-- Partial indexes, which only a query that filters on the column being set can use: whole indexes led by
-- source_relation (one value) would hand the planner, with sequential scans off in incremental runs, a sorted read of
-- the whole table, and merge joins on source_relation alone. An index is found by its columns, not its name: a whole
-- build swaps tables, and the table it replaces keeps its indexes and their names until the swap commits. The catalog
-- is read for this table's indexes only (pg_indexes renders every index's definition, and failed on one that another
-- model's transaction dropped meanwhile).
{% macro postgres__mark_indexes(synced_column, event_column) %}
    {%- if not execute or config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    do $$
    begin
        {%- for column in [synced_column, event_column] %}
        if not exists (
            select 1
            from pg_index as table_index
            where
                table_index.indrelid = '{{ this }}'::regclass
                and table_index.indpred is not null
                and array(
                    select index_column.attname::text
                    from unnest(table_index.indkey::int2[]) with ordinality as index_key (attnum, position)
                    inner join pg_attribute as index_column
                        on index_column.attrelid = table_index.indrelid
                        and index_column.attnum = index_key.attnum
                    order by index_key.position
                ) = array['source_relation', '{{ column }}']
        ) then
            create index on {{ this }} (source_relation, {{ column }}) where {{ column }} is not null;
        end if;
        {%- endfor %}
    end
    $$
{% endmacro %}

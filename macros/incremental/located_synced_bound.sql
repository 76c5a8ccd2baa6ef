-- A filter of the staged rows the parts model reads, where the engine does not read them by rowid: their
-- _fivetran_synced is one of those a relation of locators lists, or null; an index on the raw table's _fivetran_synced
-- (on PostgreSQL, its BRIN index) then finds the blocks that hold them. Nothing where rows are read by rowid.
{% macro located_synced_bound(located, qualifier='') %}
    {%- if amplitude_sessions.reads_by_row_id() -%}
        {{ return('') }}
    {%- endif %}
        and (
            {{ amplitude_sessions.in_lookup(
                qualifier ~ 'fivetran_synced_at', 'select ' ~ located ~ '.fivetran_synced_at from ' ~ located
            ) }}
            or {{ qualifier }}fivetran_synced_at is null
        )
{%- endmacro %}

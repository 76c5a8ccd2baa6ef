-- Post-hook of the staging view: drops the replaced view inside the swap's transaction, so that no other run ever
-- sees its "__dbt_backup" copy.
{% macro drop_backup_before_commit() %}
    {{ return(adapter.dispatch('drop_backup_before_commit', 'amplitude_sessions')()) }}
{% endmacro %}

-- DuckDB lets one process write at a time, and Spark replaces a view in place: nothing to hide.
{% macro default__drop_backup_before_commit() %}
    {{ return('') }}
{% endmacro %}

-- PostgreSQL: dbt drops the backup only after the commit. A run starting in that moment lists the relations, then
-- finds the backup among the views that depend on the source and caches it as an "external" relation, and its own
-- view swap fails on "drop external if exists". Dropping the backup before the commit closes that window.
{% macro postgres__drop_backup_before_commit() %}
    {{ return("drop view if exists " ~ make_backup_relation(this, 'view')) }}
{% endmacro %}

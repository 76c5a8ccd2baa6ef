-- The statements that replace a table by the rows of a select, which may read the table it replaces.
{% macro replace_table_as(relation, select_sql) %}
    {{ return(adapter.dispatch('replace_table_as', 'amplitude_sessions')(relation, select_sql)) }}
{% endmacro %}

{% macro default__replace_table_as(relation, select_sql) %}
    create or replace table {{ relation }} as
    {{ select_sql }}
{% endmacro %}

-- PostgreSQL has no "create or replace table": the rows go to a new table, which takes the old one's name.
{% macro postgres__replace_table_as(relation, select_sql) %}
    {%- set replacement = relation.incorporate(path={'identifier': relation.identifier ~ '__new'}) -%}
    drop table if exists {{ replacement }};
    create table {{ replacement }} as
    {{ select_sql }};
    drop table if exists {{ relation }};
    alter table {{ replacement }} rename to {{ relation.identifier }}
{% endmacro %}

-- Whether a relation exists, by dbt's relation cache (which does not see a table a hook of this invocation created).
{% macro relation_exists(relation) %}
    {{ return(adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) is not none) }}
{% endmacro %}

-- The amplitude__sessions model node of this package, from the graph.
{% macro sessions_model_node() %}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.package_name == 'amplitude_sessions' and node.name == 'amplitude__sessions' -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("amplitude_sessions: the model amplitude__sessions is missing from the graph; is it disabled?") }}
{% endmacro %}

-- The relation amplitude__sessions is built in (at parse time, before the graph exists, the calling model's own).
{% macro sessions_relation() %}
    {%- if not execute -%}
        {{ return(this) }}
    {%- endif -%}
    {%- set node = amplitude_sessions.sessions_model_node() -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias, type='table')) }}
{% endmacro %}

-- True when this run updates an existing amplitude__sessions incrementally, exactly when its is_incremental() is;
-- the ephemeral models under it use this to read only the events an incremental run needs.
{% macro is_incremental_sessions_run() %}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {#- A unit test has no graph; there the usual is_incremental override decides. -#}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return(this is not none and is_incremental()) }}
    {%- endif -%}
    {%- set node = amplitude_sessions.sessions_model_node() -%}
    {%- if node.config.materialized != 'incremental' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set full_refresh = node.config.full_refresh if node.config.full_refresh is not none else flags.FULL_REFRESH -%}
    {%- if full_refresh -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {{ return(relation is not none and relation.type == 'table') }}
{% endmacro %}

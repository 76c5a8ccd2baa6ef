-- A model node of this package, from the graph; fails naming it when it is missing (disabled).
{% macro package_model_node(model_name) %}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.package_name == 'amplitude_sessions' and node.name == model_name -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("amplitude_sessions: the model " ~ model_name ~ " is missing from the graph; is it disabled?") }}
{% endmacro %}

-- The relation a model of this package is built in (at parse time, before the graph exists, the calling model's own).
{% macro package_model_relation(model_name) %}
    {%- if not execute -%}
        {{ return(this) }}
    {%- endif -%}
    {%- set node = amplitude_sessions.package_model_node(model_name) -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias, type='table')) }}
{% endmacro %}

-- How this run builds an incremental model of the package: 'full' (no table yet, --full-refresh, a model
-- rebuilt whole by every run, or with fail false a table of another shape), 'rebuild' (its settings changed and amplitude__full_refresh_on_config_change is
-- true: rebuilt whole inside the incremental materialization) or 'incremental'. Fails when the settings changed
-- otherwise (settings_force_rebuild), unless fail is false: the ephemeral models under amplitude__sessions compile
-- as nodes of their own before it, and the error belongs to the model that would write.
{% macro incremental_state(model_name, fail=true) %}
    {%- if not execute -%}
        {{ return('full') }}
    {%- endif -%}
    {#- A unit test has no graph; there the usual is_incremental override decides. -#}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return('incremental' if this is not none and is_incremental() else 'full') }}
    {%- endif -%}
    {%- set node = amplitude_sessions.package_model_node(model_name) -%}
    {%- if node.config.materialized != 'incremental' -%}
        {{ return('full') }}
    {%- endif -%}
    {%- set full_refresh = node.config.full_refresh if node.config.full_refresh is not none else flags.FULL_REFRESH -%}
    {%- if full_refresh -%}
        {{ return('full') }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if relation is none or relation.type != 'table' -%}
        {{ return('full') }}
    {%- endif -%}
    {%- if amplitude_sessions.settings_force_rebuild(model_name, relation, fail) -%}
        {{ return('rebuild') }}
    {%- endif -%}
    {{ return('incremental' if amplitude_sessions.assert_incremental_shape(model_name, relation, fail) else 'full') }}
{% endmacro %}

-- True when this run updates an existing amplitude__sessions incrementally, exactly when its is_incremental() is
-- and its settings are unchanged; the ephemeral models under it use this to read only what such a run needs.
{% macro is_incremental_sessions_run() %}
    {{ return(amplitude_sessions.incremental_state('amplitude__sessions', fail=(model.name == 'amplitude__sessions'))
        == 'incremental') }}
{% endmacro %}

-- The relation amplitude__sessions is built in.
{% macro sessions_relation() %}
    {{ return(amplitude_sessions.package_model_relation('amplitude__sessions')) }}
{% endmacro %}

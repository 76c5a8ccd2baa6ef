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

-- The incremental models built from the events of this run's scope (int_amplitude__users_this_run and the
-- ephemeral models under it) that this invocation builds, each with its synced and event time watermark columns:
-- amplitude__sessions, and amplitude__event_enhanced where it is enabled. A model left out of the selection keeps
-- its own watermark and catches up when it next runs.
{% macro scoped_models() %}
    {%- set enabled = [('amplitude__sessions', 'last_synced_at', 'session_ended_at')] -%}
    {%- if amplitude_sessions.stored_parts_enabled() -%}
        {%- do enabled.append(('int_amplitude__session_parts', 'last_synced_at', 'part_ended_at')) -%}
    {%- endif -%}
    {%- if var('amplitude__event_enhanced_enabled') -%}
        {%- do enabled.append(('amplitude__event_enhanced', '_fivetran_synced', 'event_time')) -%}
    {%- endif -%}
    {%- set selected = [] -%}
    {%- for scoped in enabled -%}
        {%- if 'model.amplitude_sessions.' ~ scoped[0] in (selected_resources or []) -%}
            {%- do selected.append(scoped) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(selected or enabled) }}
{% endmacro %}

-- True when this run updates every scoped model incrementally (each one's is_incremental() holds and its settings
-- are unchanged); the ephemeral models under them then read only the events of the users new rows touch. When
-- one of them is rebuilt whole, they all read every event (a model updated incrementally then rewrites every user).
-- The stored parts count as rebuilt whole from their whole build until amplitude__sessions has read it (the changes
-- table lists no change but a whole build): dbt compiles the ephemeral models once per invocation, with the first
-- model that refs them (the parts, before they are built), so the answer must not change when the parts are built
-- whole during the invocation.
{% macro is_incremental_scope_run() %}
    {%- for model_name, synced_column, event_column in amplitude_sessions.scoped_models() -%}
        {%- if model_name == 'int_amplitude__session_parts' -%}
            {#- A unit test has no graph and no tables: the other scoped models' is_incremental override decides. -#}
            {%- if model.resource_type != 'unit_test'
                and not (
                    amplitude_sessions.is_incremental_parts_run(fail=(model.name == model_name))
                    and amplitude_sessions.part_changes_listed()
                ) -%}
                {{ return(false) }}
            {%- endif -%}
        {%- elif amplitude_sessions.incremental_state(model_name, fail=(model.name == model_name)) != 'incremental' -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(true) }}
{% endmacro %}

-- The scoped models' tables with their watermark columns, for select_new_events: new rows are those that any of
-- them has not seen.
{% macro scope_watermark_tables() %}
    {%- set tables = [] -%}
    {%- for model_name, synced_column, event_column in amplitude_sessions.scoped_models() -%}
        {%- do tables.append((amplitude_sessions.package_model_relation(model_name), synced_column, event_column)) -%}
    {%- endfor -%}
    {{ return(tables) }}
{% endmacro %}

-- The settings that differ between what an existing incremental model recorded and this run's, as a list of
-- (var, recorded value, current value); empty when nothing changed or when nothing was recorded (a table built by
-- an earlier version of the package is taken as built with the current settings).
{% macro changed_settings(model_name, relation) %}
    {%- set settings_table = amplitude_sessions.settings_relation(relation) -%}
    {%- if not amplitude_sessions.relation_exists(settings_table) -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set recorded = {} -%}
    {%- for row in run_query('select setting, setting_value from ' ~ settings_table).rows -%}
        {%- do recorded.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {%- set changed = [] -%}
    {%- for name, value in amplitude_sessions.model_settings(model_name).items() -%}
        {%- if recorded.get(name) != tojson(value) -%}
            {%- do changed.append((name, recorded.get(name, 'not recorded'), tojson(value))) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(changed) }}
{% endmacro %}

-- True when an incremental run of the model must rebuild it whole because its settings changed and var
-- amplitude__full_refresh_on_config_change is true; fails before anything is written when they changed and it
-- is false, naming each changed var with its recorded and current value (or, with fail false, returns true).
{% macro settings_force_rebuild(model_name, relation, fail=true) %}
    {%- set changed = amplitude_sessions.changed_settings(model_name, relation) -%}
    {%- if not changed -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if var('amplitude__full_refresh_on_config_change') or not fail -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set lines = [] -%}
    {%- for name, recorded, current in changed -%}
        {%- do lines.append("  " ~ name ~ ": built with " ~ recorded ~ ", now " ~ current) -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        "amplitude_sessions: " ~ relation ~ " was built with other settings than this run's, so an incremental run"
        ~ " would mix two meanings:\n" ~ lines | join("\n")
        ~ "\nRun `dbt run --select +" ~ model_name ~ " --full-refresh` to rebuild it with the new settings"
        ~ " (or set var amplitude__full_refresh_on_config_change: true to rebuild automatically). Nothing was written."
    ) }}
{% endmacro %}

-- Pre-hook of the incremental models: when settings_force_rebuild decided on a whole rebuild, or (amplitude__sessions,
-- amplitude__event_enhanced) when a model sharing the scope is rebuilt whole, so that this one is written from every
-- event, empties the table in the model's transaction before the rebuilt rows go in.
{% macro clear_for_rebuild() %}
    {%- if execute and config.get('materialized') == 'incremental' -%}
        {%- set state = amplitude_sessions.incremental_state(model.name) -%}
        {%- if state == 'rebuild' -%}
            {{ log("amplitude_sessions: the settings of " ~ this ~ " changed; rebuilding it whole", info=true) }}
            delete from {{ this }}
        {%- elif state == 'incremental' and model.name in ['amplitude__sessions', 'amplitude__event_enhanced']
            and not amplitude_sessions.is_incremental_scope_run() -%}
            {#- Another scoped model (or the stored parts) is rebuilt whole: this one is written from every event,
                and a user or event that no longer exists must not stay behind. -#}
            {{ log("amplitude_sessions: a model " ~ this ~ " shares its scope with is rebuilt whole; rebuilding "
                ~ this ~ " whole too", info=true) }}
            delete from {{ this }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

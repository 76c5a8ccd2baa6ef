-- Post-hook of the incremental models: replaces the recorded settings with this run's (one row per setting, its
-- value as JSON), in the model's transaction. Nothing where the model is rebuilt whole every run (Spark).
{% macro record_settings() %}
    {%- if not execute or config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set settings_table = amplitude_sessions.settings_relation(this) -%}
    {%- set settings = amplitude_sessions.model_settings(this.identifier if model.name is not defined else model.name) -%}
    create table if not exists {{ settings_table }} (
        setting {{ dbt.type_string() }},
        setting_value {{ dbt.type_string() }}
    );
    delete from {{ settings_table }};
    insert into {{ settings_table }} (setting, setting_value) values
    {%- for name, value in settings.items() %}
        ('{{ name }}', '{{ tojson(value) | replace("'", "''") }}'){{ "," if not loop.last }}
    {%- endfor %}
{% endmacro %}

-- On Spark, sets the session time zone to AMPLITUDE_SESSIONS_TIME_ZONE before a model runs (nothing elsewhere).
{% macro set_spark_session_time_zone() %}
    {%- if target.type == 'spark' -%}
        set spark.sql.session.timeZone = {{ env_var('AMPLITUDE_SESSIONS_TIME_ZONE', 'UTC') }}
    {%- endif -%}
{% endmacro %}

-- The SQL type of every timestamp the package writes: without time zone, holding UTC.
{% macro type_utc_timestamp() %}
    {{ return(adapter.dispatch('type_utc_timestamp', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__type_utc_timestamp() %}
    {{ return(dbt.type_timestamp()) }}
{% endmacro %}

-- Spark's plain timestamp is an instant rendered in the session time zone; timestamp_ntz is a wall clock.
{% macro spark__type_utc_timestamp() %}
    {{ return('timestamp_ntz') }}
{% endmacro %}

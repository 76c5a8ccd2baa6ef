-- Minutes from one timestamp to another, from their millisecond difference, as numeric(28,6).
{% macro minutes_between(start_timestamp, end_timestamp) %}
    {{ return(adapter.dispatch('minutes_between', 'amplitude_sessions')(start_timestamp, end_timestamp)) }}
{% endmacro %}

{% macro default__minutes_between(start_timestamp, end_timestamp) -%}
    cast(
        cast(
            {{ amplitude_sessions.epoch_milliseconds(end_timestamp) }}
            - {{ amplitude_sessions.epoch_milliseconds(start_timestamp) }}
            as {{ dbt.type_numeric() }}
        ) / 60000
        as {{ dbt.type_numeric() }}
    )
{%- endmacro %}

-- Milliseconds since 1970-01-01 of a timestamp, as a bigint.
{% macro epoch_milliseconds(timestamp) %}
    {{ return(adapter.dispatch('epoch_milliseconds', 'amplitude_sessions')(timestamp)) }}
{% endmacro %}

{% macro default__epoch_milliseconds(timestamp) -%}
    cast(floor(extract(epoch from {{ timestamp }}) * 1000) as bigint)
{%- endmacro %}

{% macro duckdb__epoch_milliseconds(timestamp) -%}
    epoch_ms({{ timestamp }})
{%- endmacro %}

{% macro spark__epoch_milliseconds(timestamp) -%}
    unix_millis({{ timestamp }})
{%- endmacro %}

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

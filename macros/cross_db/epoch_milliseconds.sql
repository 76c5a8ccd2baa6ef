-- Milliseconds since 1970-01-01 of a UTC timestamp (without time zone), as a bigint.
{% macro epoch_milliseconds(timestamp) %}
    {{ return(adapter.dispatch('epoch_milliseconds', 'amplitude_sessions')(timestamp)) }}
{% endmacro %}

{% macro default__epoch_milliseconds(timestamp) -%}
    cast(floor(extract(epoch from {{ timestamp }}) * 1000) as bigint)
{%- endmacro %}

{% macro duckdb__epoch_milliseconds(timestamp) -%}
    epoch_ms({{ timestamp }})
{%- endmacro %}

-- unix_millis would read a timestamp_ntz in the session time zone; the difference from the epoch does not.
{% macro spark__epoch_milliseconds(timestamp) -%}
    timestampdiff(MILLISECOND, timestamp_ntz'1970-01-01 00:00:00', {{ timestamp }})
{%- endmacro %}

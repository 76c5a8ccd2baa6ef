-- A non-null key for a device_id, so that events without a device match each other in joins.
{% macro device_key(device_id) -%}
    coalesce({{ device_id }}, '_amplitude_sessions_null_device_')
{%- endmacro %}

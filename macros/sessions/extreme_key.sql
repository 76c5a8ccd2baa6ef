-- Aggregate: the smallest (position 'first') or largest ('last') of a group's event_order_key values.
{% macro extreme_key(key, position) %}
    {{ return(adapter.dispatch('extreme_key', 'amplitude_sessions')(key, position)) }}
{% endmacro %}

{% macro default__extreme_key(key, position) -%}
    {{ 'min' if position == 'first' else 'max' }}({{ key }})
{%- endmacro %}

{% macro postgres__extreme_key(key, position) -%}
    {{ 'min' if position == 'first' else 'max' }}({{ amplitude_sessions.bytewise(key) }})
{%- endmacro %}

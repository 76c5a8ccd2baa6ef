-- Casts an expression to a type, giving null instead of an error where the value does not cast.
{% macro safe_cast(expression, data_type) %}
    {{ return(adapter.dispatch('safe_cast', 'amplitude_sessions')(expression, data_type)) }}
{% endmacro %}

{% macro default__safe_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__safe_cast(expression, data_type) -%}
    {%- set text = "trim(cast(" ~ expression ~ " as text))" -%}
    {%- if 'int' in data_type | lower -%}
        case when {{ text }} ~ '^[+-]?[0-9]{1,18}$' then cast({{ text }} as {{ data_type }}) end
    {%- elif 'timestamp' in data_type | lower -%}
        case
            when {{ text }} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?)?([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)?$'
                then cast({{ text }} as {{ data_type }})
        end
    {%- elif 'bool' in data_type | lower -%}
        case
            when lower({{ text }}) in ('t', 'true', 'y', 'yes', 'on', '1', 'f', 'false', 'n', 'no', 'off', '0')
                then cast({{ text }} as {{ data_type }})
        end
    {%- else -%}
        cast({{ expression }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}

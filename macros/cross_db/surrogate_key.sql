-- md5 of the fields cast to strings, joined by '-', nulls written '_dbt_utils_surrogate_key_null_' (the dbt_utils key).
{% macro surrogate_key(field_list) %}
    {{ return(adapter.dispatch('surrogate_key', 'amplitude_sessions')(field_list)) }}
{% endmacro %}

{% macro default__surrogate_key(field_list) -%}
    {%- set parts = [] -%}
    {%- for field in field_list -%}
        {%- if not loop.first -%}
            {%- do parts.append("'-'") -%}
        {%- endif -%}
        {%- do parts.append(
            "coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_dbt_utils_surrogate_key_null_')"
        ) -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

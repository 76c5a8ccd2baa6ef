-- md5 of the fields cast to strings, joined by '-', a null written '_dbt_utils_surrogate_key_null_': byte for byte
-- dbt_utils.generate_surrogate_key of dbt-utils 1.0.0 to 1.3.x (with its default
-- surrogate_key_treat_nulls_as_empty_strings: false), so keys equal those of Fivetran's package.
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

-- Seeds with +schema: amplitude land in a schema named exactly 'amplitude', where the package looks by default.
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}

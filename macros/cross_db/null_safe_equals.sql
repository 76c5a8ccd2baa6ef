-- True when two expressions are equal or both null, in a form the engine can use as a hash join key.
{% macro null_safe_equals(left, right, placeholder) %}
    {{ return(adapter.dispatch('null_safe_equals', 'amplitude_sessions')(left, right, placeholder)) }}
{% endmacro %}

{% macro default__null_safe_equals(left, right, placeholder) -%}
    {{ left }} is not distinct from {{ right }}
{%- endmacro %}

-- PostgreSQL hashes only plain equalities: the values with a placeholder for null, and their null flags; with no
-- placeholder (the string 'null'), "is not distinct from".
{% macro postgres__null_safe_equals(left, right, placeholder) -%}
    {%- if placeholder | lower == 'null' -%}
    {{ left }} is not distinct from {{ right }}
    {%- else -%}
    coalesce({{ left }}, {{ placeholder }}) = coalesce({{ right }}, {{ placeholder }})
    and ({{ left }} is null) = ({{ right }} is null)
    {%- endif -%}
{%- endmacro %}

-- A filter: an expression is one of the values a subquery selects, in a form that lets the engine find the rows by an
-- index on the expression.
{% macro in_lookup(expression, subquery) %}
    {{ return(adapter.dispatch('in_lookup', 'amplitude_sessions')(expression, subquery)) }}
{% endmacro %}

{% macro default__in_lookup(expression, subquery) -%}
    {{ expression }} in ({{ subquery }})
{%- endmacro %}

-- PostgreSQL: "= any" of the values as one array, computed once before the scan, is an index condition; "in" is a
-- semi-join, which finds the rows by an index only through a nested loop (off in the incremental models).
{% macro postgres__in_lookup(expression, subquery) -%}
    {{ expression }} = any(array({{ subquery }}))
{%- endmacro %}

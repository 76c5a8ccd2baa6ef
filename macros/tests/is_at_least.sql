-- Rows where a column is below a minimum (or null).
{% test is_at_least(model, column_name, minimum) %}
    select {{ column_name }}
    from {{ model }}
    where not coalesce({{ column_name }} >= {{ minimum }}, false)
{% endtest %}

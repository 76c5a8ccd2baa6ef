-- Rows where a 0/1 flag disagrees with "the number column equals 1".
{% test flags_number_one(model, column_name, number_column) %}
    select {{ column_name }}, {{ number_column }}
    from {{ model }}
    where not coalesce({{ column_name }} = case when {{ number_column }} = 1 then 1 else 0 end, false)
{% endtest %}

-- Rows where a column is earlier than another column of the same row.
{% test is_not_before(model, column_name, other_column) %}
    select {{ column_name }}, {{ other_column }}
    from {{ model }}
    where {{ column_name }} < {{ other_column }}
{% endtest %}

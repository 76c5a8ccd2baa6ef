-- Rows where a column is below a minimum (or null).
{% test is_at_least(model, column_name, minimum) %}
    select {{ column_name }}
    from {{ model }}
    where not coalesce({{ column_name }} >= {{ minimum }}, false)
{% endtest %}

-- Rows where a column is earlier than another column of the same row.
{% test is_not_before(model, column_name, other_column) %}
    select {{ column_name }}, {{ other_column }}
    from {{ model }}
    where {{ column_name }} < {{ other_column }}
{% endtest %}

-- Groups whose numbers are not exactly 1, 2, … n without gaps or repeats.
{% test numbers_consecutive_from_one(model, column_name, group_by) %}
    select {{ group_by | join(', ') }}
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having
        min({{ column_name }}) != 1
        or max({{ column_name }}) != count(*)
        or count(distinct {{ column_name }}) != count(*)
{% endtest %}

-- Rows where a 0/1 flag disagrees with "the number column equals 1".
{% test flags_number_one(model, column_name, number_column) %}
    select {{ column_name }}, {{ number_column }}
    from {{ model }}
    where not coalesce({{ column_name }} = case when {{ number_column }} = 1 then 1 else 0 end, false)
{% endtest %}

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

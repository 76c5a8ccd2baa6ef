-- total / count as numeric(28,6), rounded half away from zero, the same on every engine: computed in whole
-- millionths with integer division (total has at most six decimals; count is a positive integer).
{% macro average_to_six_places(total, count) %}
    {%- set millionths = "cast(cast(" ~ total ~ " as " ~ dbt.type_numeric() ~ ") * 1000000 as " ~ dbt.type_bigint() ~ ")" -%}
    {%- set rounded = amplitude_sessions.integer_divide(
        "2 * abs(" ~ millionths ~ ") + (" ~ count ~ ")", "2 * (" ~ count ~ ")"
    ) -%}
    cast(
        cast(case when {{ millionths }} < 0 then -1 else 1 end * {{ rounded }} as decimal(28, 0))
        * cast(0.000001 as decimal(7, 6))
        as {{ dbt.type_numeric() }}
    )
{%- endmacro %}

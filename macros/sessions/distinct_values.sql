-- Aggregate: the distinct non-null values of an expression over a group, as one set value (a list or array).
{% macro distinct_values(expression) %}
    {{ return(adapter.dispatch('distinct_values', 'amplitude_sessions')(expression)) }}
{% endmacro %}

{% macro default__distinct_values(expression) -%}
    collect_set({{ expression }})
{%- endmacro %}

{% macro duckdb__distinct_values(expression) -%}
    list_distinct(list({{ expression }}))
{%- endmacro %}

-- PostgreSQL: a jsonb array, because arrays of different lengths cannot be aggregated into one array.
{% macro postgres__distinct_values(expression) -%}
    coalesce(jsonb_agg(distinct {{ expression }}) filter (where {{ expression }} is not null), '[]'::jsonb)
{%- endmacro %}

-- Aggregate: how many distinct values the distinct_values sets of a group hold together.
{% macro count_distinct_values(sets) %}
    {{ return(adapter.dispatch('count_distinct_values', 'amplitude_sessions')(sets)) }}
{% endmacro %}

{% macro default__count_distinct_values(sets) -%}
    size(array_distinct(flatten(collect_list({{ sets }}))))
{%- endmacro %}

{% macro duckdb__count_distinct_values(sets) -%}
    len(list_distinct(flatten(list({{ sets }}))))
{%- endmacro %}

-- PostgreSQL: the group's sets (a null one is no set) as one jsonb array of arrays, unnested twice in a subquery evaluated per group
-- (an aggregate whose arguments are all outer columns belongs to the outer query).
{% macro postgres__count_distinct_values(sets) -%}
    (
        select count(distinct value_in_set.value)
        from jsonb_array_elements(jsonb_agg({{ sets }}) filter (where {{ sets }} is not null)) as one_set (value),
            jsonb_array_elements_text(one_set.value) as value_in_set (value)
    )
{%- endmacro %}


-- Aggregate: the distinct values that the distinct_values sets of a group hold together, as one set value.
{% macro merged_distinct_values(sets) %}
    {{ return(adapter.dispatch('merged_distinct_values', 'amplitude_sessions')(sets)) }}
{% endmacro %}

{% macro default__merged_distinct_values(sets) -%}
    array_distinct(flatten(collect_list({{ sets }})))
{%- endmacro %}

{% macro duckdb__merged_distinct_values(sets) -%}
    list_distinct(flatten(list({{ sets }})))
{%- endmacro %}

-- PostgreSQL: the group's sets unnested in a subquery evaluated per group, as in count_distinct_values.
{% macro postgres__merged_distinct_values(sets) -%}
    (
        select coalesce(jsonb_agg(distinct value_in_set.value), '[]'::jsonb)
        from jsonb_array_elements(jsonb_agg({{ sets }}) filter (where {{ sets }} is not null)) as one_set (value),
            jsonb_array_elements(one_set.value) as value_in_set (value)
    )
{%- endmacro %}

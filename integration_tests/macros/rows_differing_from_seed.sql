-- The rows of a model missing from an expected-output seed or not in it (each column compared), for equality tests.
{% macro rows_differing_from_seed(model_name, seed_name, columns) %}
with actual as (
    select {{ columns | join(', ') }}
    from {{ ref(model_name) }}
),

expected as (
    select {{ columns | join(', ') }}
    from {{ ref(seed_name) }}
),

missing_rows as (
    select * from expected
    except all
    select * from actual
),

unexpected_rows as (
    select * from actual
    except all
    select * from expected
),

final as (
    select 'missing' as problem, missing_rows.* from missing_rows
    union all
    select 'unexpected' as problem, unexpected_rows.* from unexpected_rows
)

select * from final
{% endmacro %}

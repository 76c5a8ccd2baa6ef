-- The CTE keyword that keeps an engine from materializing a CTE read more than once (none where unsupported).
{% macro not_materialized() %}
    {{ return(adapter.dispatch('not_materialized', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__not_materialized() %}{{ return('') }}{% endmacro %}

{% macro duckdb__not_materialized() %}{{ return('not materialized') }}{% endmacro %}

{% macro postgres__not_materialized() %}{{ return('not materialized') }}{% endmacro %}

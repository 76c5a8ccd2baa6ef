-- How amplitude__sessions is materialized: incremental where the adapter can replace a user's rows in one transaction.
{% macro sessions_materialization() %}
    {{ return(adapter.dispatch('sessions_materialization', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__sessions_materialization() %}
    {{ return('incremental') }}
{% endmacro %}

-- Spark without a table format (Delta, Iceberg) cannot delete rows, so there the model is rebuilt whole.
{% macro spark__sessions_materialization() %}
    {{ return('table') }}
{% endmacro %}

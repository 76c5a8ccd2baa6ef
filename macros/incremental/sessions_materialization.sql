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

-- How int_amplitude__sessionized_events_this_run is materialized: a table that amplitude__event_enhanced joins, where
-- that model is incremental (its batch is compared with the stored rows, and the numbers are read once).
{% macro event_numbers_materialization() %}
    {{ return(adapter.dispatch('event_numbers_materialization', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__event_numbers_materialization() %}
    {{ return('table') }}
{% endmacro %}

-- Spark rebuilds amplitude__event_enhanced whole, and writing the numbers as a table of their own cost as much as the
-- sessions (29 s a run on the tests' cluster): there they are a CTE of that model.
{% macro spark__event_numbers_materialization() %}
    {{ return('ephemeral') }}
{% endmacro %}

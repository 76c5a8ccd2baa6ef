-- Pre-hook of every model the package writes: serialises overlapping runs of the model (an orchestrator retry, a manual
-- run during the scheduled one), so that the second computes its rows only after the first has committed.
{% macro lock_this_run() %}
    {{ return(adapter.dispatch('lock_this_run', 'amplitude_sessions')()) }}
{% endmacro %}

-- DuckDB lets one process write a database file at a time; a second dbt process gets DuckDB's lock error.
{% macro default__lock_this_run() %}
    {{ return('') }}
{% endmacro %}

-- PostgreSQL: a transaction-level advisory lock keyed by the relation's name, taken inside the model's transaction
-- before anything is computed or written; a second run waits here until the first commits, then reads what it
-- wrote. It serialises the view and table swaps too (each run's "__dbt_backup" rename), and works before the
-- relation first exists. Readers are not blocked.
{% macro postgres__lock_this_run() %}
    {{ return("select pg_advisory_xact_lock(hashtext('" ~ (this | string | replace("'", "''")) ~ "'))") }}
{% endmacro %}

-- Pre-hook of the incremental models: serialises overlapping runs of the model (an orchestrator retry, a manual
-- run during the scheduled one), so that the second computes its rows only after the first has committed.
{% macro lock_this_run() %}
    {{ return(adapter.dispatch('lock_this_run', 'amplitude_sessions')()) }}
{% endmacro %}

-- DuckDB lets one process write a database file at a time; a second dbt process gets DuckDB's lock error.
{% macro default__lock_this_run() %}
    {{ return('') }}
{% endmacro %}

-- PostgreSQL: a lock mode that conflicts with itself, taken inside the model's transaction before its rows are
-- computed; a second run waits here until the first commits, then reads what it wrote. Readers are not blocked.
{% macro postgres__lock_this_run() %}
    {%- if execute and config.get('materialized') == 'incremental'
        and adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) is not none -%}
        lock table {{ this }} in share row exclusive mode
    {%- endif -%}
{% endmacro %}

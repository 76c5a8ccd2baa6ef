-- Pre-hook of the incremental models and the event numbers: settings for the model's own transaction that keep the
-- engine's planner from a plan its row estimates cannot see through (nothing where none is needed).
{% macro planner_settings() %}
    {{ return(adapter.dispatch('planner_settings', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__planner_settings() %}
    {{ return('') }}
{% endmacro %}

-- PostgreSQL estimates one row for the events of an incremental run's users (they pass semi-joins it cannot
-- estimate) and then joins them to the stitched user ids by a nested loop that re-aggregates per row: 21.5 s
-- instead of 3.6 s for one day of 2 million events. A disabled plan node adds a constant penalty to the plan's
-- cost, which then passes every JIT threshold: compiling, optimizing and inlining the plan's expressions took
-- 3.5 s of a 7.4 s day at 2 million events, so JIT is off too. In an incremental run sequential scans are off where
-- another path exists: PostgreSQL estimates that a BRIN index returns every row, so it read the source whole (as
-- many times as a statement reads new rows) rather than the few blocks of the new rows by the index on
-- _fivetran_synced (259 ms instead of 26 ms for one statement at 2 million events). A table with no other path is
-- still read whole. "set local" lasts until the model's transaction ends.
{% macro postgres__planner_settings() %}
    {%- set settings = ['set local enable_nestloop = off', 'set local jit = off'] -%}
    {%- if is_incremental() -%}
        {%- do settings.append('set local enable_seqscan = off') -%}
    {%- endif -%}
    {{ return(settings | join('; ')) }}
{% endmacro %}

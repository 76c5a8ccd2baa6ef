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
-- 3.5 s of a 7.4 s day at 2 million events, so JIT is off too. "set local" lasts until the model's transaction ends.
{% macro postgres__planner_settings() %}
    {{ return('set local enable_nestloop = off; set local jit = off') }}
{% endmacro %}

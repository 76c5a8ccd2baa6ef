-- The CTE keyword that has the engine compute a CTE on its own before the query joins it (none where not needed).
{% macro planned_apart() %}
    {{ return(adapter.dispatch('planned_apart', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__planned_apart() %}{{ return('') }}{% endmacro %}

-- PostgreSQL: an inlined CTE's semi-join joins the rest of the query by its equivalence classes, and with the few rows
-- it estimates it may join two inputs by source_relation alone (one value) and filter the product later: 335 s for
-- one day's sessions at 6 million events, 1.2 s computed apart.
{% macro postgres__planned_apart() %}{{ return('materialized') }}{% endmacro %}

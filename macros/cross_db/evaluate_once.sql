-- Ends a subquery whose computed columns are read many times, so that the engine computes them once per row.
{% macro evaluate_once() %}
    {{ return(adapter.dispatch('evaluate_once', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__evaluate_once() %}
    {{ return('') }}
{% endmacro %}

-- PostgreSQL flattens a subquery into the query that reads it and then evaluates a computed column once per
-- reference: "offset 0" keeps the subquery, so each row's event order keys are built once, not once per aggregate.
{% macro postgres__evaluate_once() %}
    {{ return('offset 0') }}
{% endmacro %}

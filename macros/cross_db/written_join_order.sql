-- Pre-hook of amplitude__event_enhanced: joins as written (the right side of each join is its build side) where the
-- engine's row estimates would build the wrong side; nothing where none is needed.
{% macro written_join_order() %}
    {{ return(adapter.dispatch('written_join_order', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__written_join_order() %}
    {{ return('') }}
{% endmacro %}

-- DuckDB estimates a fifth of the kept events (its guess for the deduplication's "not in" filter) and then builds the
-- hash table of the join with the event numbers on the kept events, every column of them: 36.7 s and 10.2 GB instead
-- of about 3 s and 4.1 GB at 10 million events. The setting lasts for the connection; reset_join_order ends it.
{% macro duckdb__written_join_order() %}
    {{ return("set disabled_optimizers = 'join_order,build_side_probe_side'") }}
{% endmacro %}

-- Post-hook after written_join_order: the engine's own join order again for the models that follow.
{% macro reset_join_order() %}
    {{ return(adapter.dispatch('reset_join_order', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__reset_join_order() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__reset_join_order() %}
    {{ return('reset disabled_optimizers') }}
{% endmacro %}

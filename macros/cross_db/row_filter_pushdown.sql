-- Pre-hook of the stored session parts' incremental run: a join's small key set is pushed into the scan of the table
-- it filters (as an "in" filter), so that a read of a few rows by their rowid loads only the blocks that hold them;
-- nothing where the engine needs no setting.
{% macro row_filter_pushdown() %}
    {{ return(adapter.dispatch('row_filter_pushdown', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__row_filter_pushdown() %}
    {{ return('') }}
{% endmacro %}

-- DuckDB pushes a hash join's keys into the probe side's scan only up to 50 keys. Reading the locators of the
-- groups a day's re-sent copies fall in (about 600 rows of 100 million) by their rowids took 0.21 s with the keys
-- pushed and 1.74 s without, on a new connection to the 100-million-event benchmark file; above a few thousand keys
-- the scan's "in" filter costs more than it saves (25,000 rowids of the stored parts: 1.95 s pushed, 1.18 s not).
-- The setting lasts for the connection; reset_row_filter_pushdown ends it.
{% macro duckdb__row_filter_pushdown() %}
    {{ return('set dynamic_or_filter_threshold = 4096') }}
{% endmacro %}

-- Post-hook after row_filter_pushdown: the engine's own threshold again for the models that follow.
{% macro reset_row_filter_pushdown() %}
    {{ return(adapter.dispatch('reset_row_filter_pushdown', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__reset_row_filter_pushdown() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__reset_row_filter_pushdown() %}
    {{ return('reset dynamic_or_filter_threshold') }}
{% endmacro %}

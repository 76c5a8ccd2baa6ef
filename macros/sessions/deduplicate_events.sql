-- Keeps one row per event (contract section 3) from a relation with the staged event columns (columns: those it
-- returns, duplicate_columns unless given).
{% macro deduplicate_events(relation, columns=none) %}
    {{ return(adapter.dispatch('deduplicate_events', 'amplitude_sessions')(relation, columns)) }}
{% endmacro %}

{% macro default__deduplicate_events(relation, columns=none) %}
    select {{ (columns or amplitude_sessions.duplicate_columns()) | join(', ') }}
    from (
        select
            *,
            row_number() over (
                partition by {{ amplitude_sessions.duplicate_key_columns() }}
                order by {{ amplitude_sessions.duplicate_preference() }}
            ) as duplicate_rank
        from {{ relation }}
    ) as ranked_events
    where duplicate_rank = 1
{% endmacro %}

-- DuckDB: duplicates are rare, so first find the 64-bit hashes of the duplicate key that occur
-- more than once; only rows under such a hash are compared on the exact key (collisions included).
{% macro duckdb__deduplicate_events(relation, columns=none) %}
    with keyed_events as not materialized (
        select
            *,
            {{ amplitude_sessions.duplicate_key_hash() }} as duplicate_hash
        from {{ relation }}
    ),

    repeated_hashes as (
        select {{ amplitude_sessions.duplicate_key_hash() }} as duplicate_hash
        from {{ relation }}
        group by 1
        having count(*) > 1
    ),

    -- "in (subquery)" keeps the small hash set as the join's build side (an anti join may be flipped).
    unique_events as (
        select * exclude (duplicate_hash)
        from keyed_events
        where duplicate_hash not in (select repeated_hashes.duplicate_hash from repeated_hashes)
    ),

    possible_duplicates as (
        select * exclude (duplicate_hash)
        from keyed_events
        where duplicate_hash in (select repeated_hashes.duplicate_hash from repeated_hashes)
    )

    select * from unique_events
    union all
    {{ amplitude_sessions.default__deduplicate_events('possible_duplicates', columns) }}
{% endmacro %}

-- Keeps one row per event (spec section 3) from a relation with the staged event columns.
{% macro deduplicate_events(relation) %}
    {{ return(adapter.dispatch('deduplicate_events', 'amplitude_sessions')(relation)) }}
{% endmacro %}

{% macro default__deduplicate_events(relation) %}
    select {{ amplitude_sessions.duplicate_columns() | join(', ') }}
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

-- The columns that together identify one event: (device_id, _insert_id), or without _insert_id
-- (id, device_id, client_event_time, coalesce(user_id, amplitude_id)).
{% macro duplicate_key_columns() -%}
    source_relation,
    device_id,
    insert_id,
    case when insert_id is null then event_id end,
    case when insert_id is null then client_event_at end,
    case when insert_id is null then coalesce(user_id, cast(amplitude_id as {{ dbt.type_string() }})) end
{%- endmacro %}

-- The staged columns deduplication reads and returns: the key, the preference and what sessions are built from.
{% macro duplicate_columns() %}
    {{ return([
        'source_relation', 'event_id', 'insert_id', 'device_id', 'user_id', 'amplitude_id', 'session_id',
        'event_at', 'client_event_at', 'client_upload_at', 'fivetran_synced_at',
    ]) }}
{% endmacro %}

-- Order of preference among rows of one event: latest upload, then latest load. Rows still tied after
-- amplitude_id give every output column the same values, so which one is kept does not matter.
{% macro duplicate_preference() -%}
    client_upload_at desc nulls last,
    fivetran_synced_at desc nulls last,
    event_at desc,
    session_id desc nulls last,
    {{ amplitude_sessions.bytewise('user_id') }} desc nulls last,
    amplitude_id desc nulls last
{%- endmacro %}

-- A non-null key for a device_id, so that events without a device match each other in joins.
{% macro device_key(device_id) -%}
    coalesce({{ device_id }}, '_amplitude_sessions_null_device_')
{%- endmacro %}

-- DuckDB: duplicates are rare, so first find the 64-bit hashes of the duplicate key that occur
-- more than once; only rows under such a hash are compared on the exact key (collisions included).
{% macro duckdb__deduplicate_events(relation) %}
    with keyed_events as not materialized (
        select
            *,
            hash({{ amplitude_sessions.duplicate_key_columns() }}) as duplicate_hash
        from {{ relation }}
    ),

    repeated_hashes as (
        select hash({{ amplitude_sessions.duplicate_key_columns() }}) as duplicate_hash
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
    {{ amplitude_sessions.default__deduplicate_events('possible_duplicates') }}
{% endmacro %}

-- The CTE keyword that keeps an engine from materializing a CTE read more than once (none where unsupported).
{% macro not_materialized() %}
    {{ return(adapter.dispatch('not_materialized', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__not_materialized() %}{{ return('') }}{% endmacro %}

{% macro duckdb__not_materialized() %}{{ return('not materialized') }}{% endmacro %}

{% macro postgres__not_materialized() %}{{ return('not materialized') }}{% endmacro %}

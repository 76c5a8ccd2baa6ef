-- depends_on: {{ ref('int_amplitude__identities_this_run') }}
{%- set is_incremental_run = amplitude_sessions.is_incremental_scope_run() %}

{%- set columns = amplitude_sessions.duplicate_columns() %}

-- Read twice (by the two scope filters below, or by the DuckDB dedup: key counts, then rows), so not materialized
-- where the engine allows.
with staged_events as {{ amplitude_sessions.not_materialized() }} (
    select {{ columns | join(', ') }}
    from {{ ref('stg_amplitude__event') }}
),

{% if is_incremental_run -%}
-- An incremental run reads the events of the amplitude_ids in its scope, and the events without
-- amplitude_id on its devices (see int_amplitude__identities_this_run).
identities_this_run as (
    select
        source_relation,
        device_key,
        amplitude_id
    from {{ ref('int_amplitude__identities_this_run') }}
),

events_in_scope as (
    select
        staged_events.{{ columns | join(',\n        staged_events.') }}
    from staged_events
    where exists (
        select 1
        from identities_this_run
        where
            identities_this_run.source_relation = staged_events.source_relation
            and identities_this_run.amplitude_id = staged_events.amplitude_id
    )
    union all
    select
        staged_events.{{ columns | join(',\n        staged_events.') }}
    from staged_events
    where
        staged_events.amplitude_id is null
        and exists (
            select 1
            from identities_this_run
            where
                identities_this_run.source_relation = staged_events.source_relation
                and identities_this_run.device_key = {{ amplitude_sessions.device_key('staged_events.device_id') }}
        )
),
{%- else -%}
events_in_scope as {{ amplitude_sessions.not_materialized() }} (
    select {{ columns | join(', ') }}
    from staged_events
),
{%- endif %}

-- Contract section 3: rows of one event count once; the row with the latest client_upload_time, then
-- _fivetran_synced, then the largest uuid is kept, and every column of it counts.
deduplicated_events as (
    {{ amplitude_sessions.deduplicate_events('events_in_scope') }}
),

final as (
    select
        {{ columns | join(',\n        ') }}
    from deduplicated_events
)

select * from final

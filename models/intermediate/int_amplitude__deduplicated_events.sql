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

-- Contract section 9: an event's key is that of its duplicates (section 3): (device_id, _insert_id), or without
-- _insert_id (id, device_id, client_event_time in epoch milliseconds, user_id or amplitude_id).
keyed_events as (
    select
        *,
        case
            when insert_id is not null
                then {{ amplitude_sessions.surrogate_key(['source_relation', 'device_id', 'insert_id']) }}
            else {{ amplitude_sessions.surrogate_key([
                'source_relation',
                'event_id',
                'device_id',
                amplitude_sessions.epoch_milliseconds('client_event_at'),
                'coalesce(user_id, cast(amplitude_id as ' ~ dbt.type_string() ~ '))',
            ]) }}
        end as unique_event_id
    from deduplicated_events
),

final as (
    select
        unique_event_id,
        {{ columns | join(',\n        ') }}
    from keyed_events
)

select * from final

{{ amplitude_sessions.validate_config() }}
{#- The declared source, for lineage and freshness; event_sources() locates it (and any amplitude_sources)
    by the same vars. #}
{%- set declared_source = source('amplitude', 'event') %}

{%- set start_day = amplitude_sessions.parse_day_var('amplitude__date_range_start') %}
{%- set end_day = amplitude_sessions.date_range_end_day() %}
{%- set passthroughs = amplitude_sessions.session_passthrough_columns() %}
{#- The raw columns read, with their type family; read_columns are cast by the source's actual types. #}
{%- set raw_columns = [
    ('id', 'bigint'),
    ('uuid', 'string'),
    ('_insert_id', 'string'),
    ('device_id', 'string'),
    ('user_id', 'string'),
    ('amplitude_id', 'bigint'),
    ('session_id', 'bigint'),
    ('event_time', 'timestamp'),
    ('client_event_time', 'timestamp'),
    ('client_upload_time', 'timestamp'),
    ('_fivetran_synced', 'timestamp'),
    ('event_type', 'string'),
] %}
{%- for context_column in amplitude_sessions.session_context_columns() %}
    {%- do raw_columns.append((context_column, 'string')) %}
{%- endfor %}
{%- for raw_name, family, staged_name in amplitude_sessions.event_carried_columns() %}
    {%- do raw_columns.append((raw_name, family)) %}
{%- endfor %}

-- Every connection's rows: each raw column cast to its type (time columns to UTC timestamps, by their stored
-- type and per engine), a column the table lacks read as null, and the session passthrough values.
with source_events as (
    {%- for source in amplitude_sessions.event_sources() %}
    {% if not loop.first %}union all{% endif %}
    {{ amplitude_sessions.select_event_source(source, raw_columns, passthroughs) }}
    {%- endfor %}
),

-- Contract section 2: an empty string in an id is unset; every rule downstream sees it as null.
renamed as (
    select
        source_relation,
        source_row_id,
        id as event_id,
        uuid as event_uuid,
        nullif(_insert_id, '') as insert_id,
        nullif(device_id, '') as device_id,
        nullif(user_id, '') as user_id,
        amplitude_id,
        session_id,
        event_time as event_at,
        client_event_time as client_event_at,
        client_upload_time as client_upload_at,
        _fivetran_synced as fivetran_synced_at,
        {%- for context_column in amplitude_sessions.session_context_columns() %}
        {{ context_column }},
        {%- endfor %}
        {%- for passthrough in passthroughs %}
        {{ passthrough.alias }},
        {%- endfor %}
        {%- for raw_name, family, staged_name in amplitude_sessions.event_carried_columns() %}
        {{ raw_name }} as {{ staged_name }},
        {%- endfor %}
        event_type
    from source_events
),

-- Contract section 2: rows without event_time, or dated outside the UTC date range, are dropped.
events_in_date_range as (
    select *
    from renamed
    where
        event_at is not null
        and cast(event_at as date) >= cast('{{ start_day }}' as date)
        and cast(event_at as date) <= cast('{{ end_day }}' as date)
),

final as (
    select * from events_in_date_range
)

select * from final

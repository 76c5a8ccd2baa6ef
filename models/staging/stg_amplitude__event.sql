{{ amplitude_sessions.validate_config() }}
{#- The declared source, for lineage; event_sources() locates it (and any amplitude_sources) by the same vars. #}
{%- set declared_source = source('amplitude', 'event') %}

{%- set start_day = amplitude_sessions.parse_day_var('amplitude__date_range_start') -%}
{%- set end_day = amplitude_sessions.parse_day_var('amplitude__date_range_end') -%}

with source_events as (
    {%- for source in amplitude_sessions.event_sources() %}
    {% if not loop.first %}union all{% endif %}
    {{ amplitude_sessions.select_event_source(source) }}
    {%- endfor %}
),

events_in_date_range as (
    select
        source_relation,
        event_id,
        event_uuid,
        insert_id,
        device_id,
        user_id,
        amplitude_id,
        session_id,
        event_at,
        client_event_at,
        client_upload_at,
        fivetran_synced_at,
        event_type
    from source_events
    where
        event_at is not null
        and cast(event_at as date) >= cast('{{ start_day }}' as date)
        {%- if end_day is none %}
        and cast(event_at as date) <= cast({{ dbt.current_timestamp() }} as date)
        {%- else %}
        and cast(event_at as date) <= cast('{{ end_day }}' as date)
        {%- endif %}
),

final as (
    select * from events_in_date_range
)

select * from final

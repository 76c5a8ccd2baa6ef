-- depends_on: {{ ref('stg_amplitude__event') }}
{#- Inlined by the scoped models on every run (a depends_on ref); it reads anything only on incremental runs. #}
{%- if not amplitude_sessions.is_incremental_scope_run() %}

select
    cast(null as {{ dbt.type_string() }}) as source_relation,
    cast(null as {{ dbt.type_string() }}) as device_key
where 1 = 0

{%- else %}

-- Rows loaded since a scoped model was last built (see select_new_events and scope_watermark_tables).
with new_events as (
    {{ amplitude_sessions.select_new_events(
        ref('stg_amplitude__event'),
        amplitude_sessions.scope_watermark_tables(),
        ['source_relation', 'device_id'],
    ) }}
),

-- Every device with a new row: the rows that may be a duplicate of a new row share its device.
final as (
    select distinct
        source_relation,
        {{ amplitude_sessions.device_key('device_id') }} as device_key
    from new_events
)

select * from final
{%- endif %}

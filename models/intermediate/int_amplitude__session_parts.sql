{%- set described_columns = amplitude_sessions.session_described_columns() %}
{%- set conversion_event_types = var('amplitude__conversion_event_types') %}

-- Contract section 8: an empty string in a context or passthrough column describes nothing; it counts as null.
with deduplicated_events as (
    select
        source_relation,
        user_id,
        amplitude_id,
        {%- for key_name, key_expression in amplitude_sessions.session_part_keys() %}
        {{ key_expression }} as {{ key_name }},
        {%- endfor %}
        event_type,
        event_at,
        fivetran_synced_at,
        {%- for column in described_columns %}
        nullif({{ column }}, '') as {{ column }},
        {%- endfor %}
        {{ amplitude_sessions.event_order_key('first') }} as first_order_key,
        {{ amplitude_sessions.event_order_key('last') }} as last_order_key
    from {{ ref('int_amplitude__deduplicated_events') }}
    {{ amplitude_sessions.evaluate_once() }}
),

-- Every kept event, grouped by what decides its session (connection, amplitude_id, user_id, session_id): all the
-- events of a part end in one session, so sessions add up from parts. An out-of-session event has a null
-- session_id; in 'sessionize' mode its parts are split by event_at too, for the gaps between them. Each part
-- keeps, besides its counts and bounds, its first and last event types with their event order keys, its distinct
-- event types, its conversions and, per context column, the first non-null value with its key (contract
-- section 8), so that parts merge exactly.
session_parts as (
    select
        source_relation,
        amplitude_id,
        user_id,
        session_id,
        out_of_session_event_at,
        count(*) as part_events,
        min(event_at) as part_started_at,
        max(event_at) as part_ended_at,
        max(fivetran_synced_at) as last_synced_at,
        {{ amplitude_sessions.extreme_key('first_order_key', 'first') }} as first_event_key,
        {{ amplitude_sessions.extreme_key('last_order_key', 'last') }} as last_event_key,
        {{ amplitude_sessions.value_at_key('event_type', 'first_order_key', 'first', skip_nulls=false) }}
            as first_event_type,
        {{ amplitude_sessions.value_at_key('event_type', 'last_order_key', 'last', skip_nulls=false) }}
            as last_event_type,
        {{ amplitude_sessions.distinct_values('event_type') }} as event_types,
        {%- if conversion_event_types | length > 0 %}
        sum(case when event_type in (
            {%- for event_type in conversion_event_types %}
            '{{ event_type | replace("'", "''") }}'{{ "," if not loop.last }}
            {%- endfor %}
        ) then 1 else 0 end) as conversion_events,
        {%- else %}
        0 as conversion_events,
        {%- endif %}
        {%- for column in described_columns %}
        {{ amplitude_sessions.value_at_key(column, 'first_order_key', 'first') }} as {{ column }},
        {{ amplitude_sessions.extreme_key('case when ' ~ column ~ ' is not null then first_order_key end', 'first') }}
            as {{ column }}_key{{ "," if not loop.last }}
        {%- endfor %}
    from deduplicated_events
    group by source_relation, amplitude_id, user_id, session_id, out_of_session_event_at
),

final as (
    select * from session_parts
)

select * from final

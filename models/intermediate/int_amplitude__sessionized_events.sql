{%- set columns = amplitude_sessions.duplicate_columns() %}
{%- set part_keys = amplitude_sessions.session_part_keys() %}

with deduplicated_events as (
    select
        {{ columns | join(',\n        ') }},
        {%- for key_name, key_expression in part_keys %}
        {{ key_expression }} as part_{{ key_name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_amplitude__deduplicated_events') }}
),

sessionized_parts as (
    select
        source_relation,
        part_amplitude_id,
        part_user_id,
        part_session_id,
        out_of_session_event_at,
        amplitude_user_id,
        resolved_user_id,
        session_id
    from {{ ref('int_amplitude__sessionized_parts') }}
),

-- Every kept event with the user and session of its part (contract sections 4 and 5): the part's session id, or
-- for an event in no session its own raw session_id.
sessionized_events as (
    select
        deduplicated_events.{{ columns | reject('equalto', 'session_id') | join(',\n        deduplicated_events.') }},
        sessionized_parts.amplitude_user_id,
        sessionized_parts.resolved_user_id,
        coalesce(sessionized_parts.session_id, deduplicated_events.session_id) as session_id,
        sessionized_parts.session_id is not null as is_in_session
    from deduplicated_events
    inner join sessionized_parts
        on deduplicated_events.source_relation = sessionized_parts.source_relation
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.amplitude_id', 'sessionized_parts.part_amplitude_id', '0') }}
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.user_id', 'sessionized_parts.part_user_id', "''") }}
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.part_session_id', 'sessionized_parts.part_session_id', '0') }}
        and {{ amplitude_sessions.null_safe_equals(
            'deduplicated_events.part_out_of_session_event_at', 'sessionized_parts.out_of_session_event_at',
            "cast('1970-01-01' as " ~ amplitude_sessions.type_utc_timestamp() ~ ")") }}
),

final as (
    select * from sessionized_events
)

select * from final

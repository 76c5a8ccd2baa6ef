-- Every row and column of amplitude__sessions equals the expected-output seed of this configuration.
{%- set columns = [
    'unique_session_id', 'source_relation', 'session_id', 'amplitude_user_id', 'user_id',
    'events_per_session', 'session_started_at', 'session_ended_at', 'session_length_in_minutes',
    'session_started_at_day', 'session_ended_at_day', 'user_session_number', 'last_session_ended_at',
    'last_session_ended_at_day', 'is_first_user_session', 'minutes_in_between_sessions',
    'first_event_type', 'last_event_type', 'distinct_event_types',
] + amplitude_sessions.session_context_columns() + ['conversion_events', 'is_engaged_session'] %}

with actual as (
    select {{ columns | join(', ') }}
    from {{ ref('amplitude__sessions') }}
),

expected as (
    select {{ columns | join(', ') }}
    from {{ ref(var('expected_sessions_seed')) }}
),

missing_rows as (
    select * from expected
    except all
    select * from actual
),

unexpected_rows as (
    select * from actual
    except all
    select * from expected
),

final as (
    select 'missing' as problem, missing_rows.* from missing_rows
    union all
    select 'unexpected' as problem, unexpected_rows.* from unexpected_rows
)

select * from final

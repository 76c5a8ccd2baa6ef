-- Every row and column of amplitude__daily_sessions equals the expected-output seed of this configuration.
{#- Only the scenario configurations have day seeds; the incremental scenarios' seeds are sessions only. #}
{{ config(enabled=var('amplitude__daily_sessions_enabled', true)
    and var('expected_sessions_seed').startswith('expected_sessions')) }}
{{ rows_differing_from_seed(
    'amplitude__daily_sessions',
    var('expected_sessions_seed') | replace('expected_sessions', 'expected_daily_sessions'),
    [
        'daily_unique_key', 'source_relation', 'session_started_at_day', 'number_sessions', 'number_users',
        'number_new_users', 'total_session_minutes', 'average_session_length_in_minutes',
        'average_events_per_session', 'engaged_sessions', 'conversion_events',
    ],
) }}

-- Every row and column of amplitude__user_enhanced equals the expected-output seed of this configuration.
{#- Only the scenario configurations have user seeds; the incremental scenarios' seeds are sessions only. #}
{{ config(enabled=var('amplitude__user_enhanced_enabled', true)
    and var('expected_sessions_seed').startswith('expected_sessions')) }}
{{ rows_differing_from_seed(
    'amplitude__user_enhanced',
    var('expected_sessions_seed') | replace('expected_sessions', 'expected_user_enhanced'),
    [
        'unique_user_id', 'source_relation', 'amplitude_user_id', 'user_id', 'first_session_at',
        'last_session_at', 'last_session_ended_at', 'total_sessions', 'total_events_in_sessions',
        'total_session_minutes', 'average_session_length_in_minutes', 'average_minutes_in_between_sessions',
        'active_days', 'engaged_sessions', 'conversion_events', 'first_platform', 'first_country',
        'first_version_name',
    ],
) }}

-- Every row and column of amplitude__daily_performance equals the expected-output seed of this configuration.
{#- Only the scenario configurations have day seeds; the incremental scenarios' seeds are sessions only. #}
{{ config(enabled=var('amplitude__event_enhanced_enabled', true)
    and var('amplitude__daily_performance_enabled', true)
    and var('expected_sessions_seed').startswith('expected_sessions')) }}
{{ rows_differing_from_seed(
    'amplitude__daily_performance',
    var('expected_sessions_seed') | replace('expected_sessions', 'expected_daily_performance'),
    [
        'daily_unique_key', 'source_relation', 'event_day', 'event_type', 'number_events', 'number_sessions',
        'number_users', 'number_new_users',
    ],
) }}

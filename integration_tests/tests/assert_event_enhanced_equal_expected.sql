-- Every row of amplitude__event_enhanced equals the expected-output seed of this configuration, in every column
-- the contract derives (the raw columns it carries are compared with the reference by the pytest harness).
{#- Only the scenario configurations have event seeds; the incremental scenarios' seeds are sessions only. #}
{{ config(enabled=var('amplitude__event_enhanced_enabled', true)
    and var('expected_sessions_seed').startswith('expected_sessions')) }}
{{ rows_differing_from_seed(
    'amplitude__event_enhanced',
    var('expected_sessions_seed') | replace('expected_sessions', 'expected_event_enhanced'),
    [
        'unique_event_id', 'source_relation', 'event_id', 'event_type', 'event_time', 'event_day', 'amplitude_id',
        'user_id', 'device_id', 'amplitude_user_id', 'resolved_user_id', 'session_id', 'unique_session_id',
        'session_event_number', 'user_event_number', 'event_type_id', 'event_type_name', 'event_type_display',
    ],
) }}

-- Every row and column of amplitude__sessions equals the expected-output seed of this configuration.
{{ rows_differing_from_seed('amplitude__sessions', var('expected_sessions_seed'), [
    'unique_session_id', 'source_relation', 'session_id', 'amplitude_user_id', 'user_id',
    'events_per_session', 'session_started_at', 'session_ended_at', 'session_length_in_minutes',
    'session_started_at_day', 'session_ended_at_day', 'user_session_number', 'last_session_ended_at',
    'last_session_ended_at_day', 'is_first_user_session', 'minutes_in_between_sessions',
    'first_event_type', 'last_event_type', 'distinct_event_types',
] + amplitude_sessions.session_context_columns() + ['conversion_events', 'is_engaged_session']) }}

-- Reads, checks and returns the package's configuration; every bad var fails at compile time.
{% macro validate_config() %}
    {{ return(adapter.dispatch('validate_config', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__validate_config() %}
    {%- set mode = var('amplitude__out_of_session_events') -%}
    {%- if mode not in ['exclude', 'sessionize'] -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__out_of_session_events' is '" ~ mode
            ~ "'; it accepts 'exclude' (the default) or 'sessionize'."
        ) }}
    {%- endif -%}
    {%- set timeout = var('amplitude__session_timeout_minutes') -%}
    {%- if timeout is boolean or timeout is not number or timeout <= 0 -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__session_timeout_minutes' is '" ~ timeout
            ~ "'; it accepts a number of minutes greater than 0 (default 30)."
        ) }}
    {%- endif -%}
    {%- set lookback = var('amplitude__lookback_window_days') -%}
    {%- if lookback is boolean or lookback is not number or lookback < 0 -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__lookback_window_days' is '" ~ lookback
            ~ "'; it accepts a whole number of days, 0 or more (default 3)."
        ) }}
    {%- endif -%}
    {%- if var('amplitude__stitch_anonymous_events') is not boolean -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__stitch_anonymous_events' is '"
            ~ var('amplitude__stitch_anonymous_events') ~ "'; it accepts true (the default) or false."
        ) }}
    {%- endif -%}
    {%- set start_day = amplitude_sessions.parse_day_var('amplitude__date_range_start') -%}
    {%- set end_day = amplitude_sessions.parse_day_var('amplitude__date_range_end') -%}
    {%- if start_day is none -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__date_range_start' must be set to a date written YYYY-MM-DD."
        ) }}
    {%- endif -%}
    {%- if end_day is not none and start_day > end_day -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__date_range_start' (" ~ start_day
            ~ ") is after 'amplitude__date_range_end' (" ~ end_day ~ "); the start must be on or before the end."
        ) }}
    {%- endif -%}
    {%- set conversions = var('amplitude__conversion_event_types') -%}
    {%- if conversions is string or conversions is mapping or conversions is not iterable
        or conversions | reject('string') | list | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__conversion_event_types' is '" ~ conversions
            ~ "'; it accepts a list of event_type names (default [])."
        ) }}
    {%- endif -%}
    {%- set engaged_seconds = var('amplitude__engaged_session_min_seconds') -%}
    {%- if engaged_seconds is boolean or engaged_seconds is not number or engaged_seconds < 0 -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__engaged_session_min_seconds' is '" ~ engaged_seconds
            ~ "'; it accepts a number of seconds, 0 or more (default 10)."
        ) }}
    {%- endif -%}
    {%- do amplitude_sessions.session_passthrough_columns() -%}
    {%- do amplitude_sessions.event_sources() -%}
{% endmacro %}

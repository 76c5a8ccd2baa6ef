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
    {%- do amplitude_sessions.event_sources() -%}
{% endmacro %}

-- Returns the date a YYYY-MM-DD var holds, none when the var is null, and fails on anything else.
{% macro parse_day_var(var_name) %}
    {%- set value = var(var_name) -%}
    {%- if value is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- set match = modules.re.fullmatch('([0-9]{4})-([0-9]{2})-([0-9]{2})', text) -%}
    {%- set is_valid = false -%}
    {%- if match -%}
        {%- set year, month, day = match.group(1) | int, match.group(2) | int, match.group(3) | int -%}
        {%- set is_leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
        {%- set month_days = [31, 29 if is_leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
        {%- set is_valid = year >= 1 and 1 <= month <= 12 and 1 <= day <= month_days[month - 1] -%}
    {%- endif -%}
    {%- if not is_valid -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var '" ~ var_name ~ "' is '" ~ value
            ~ "'; it accepts a calendar date written YYYY-MM-DD (for example '2020-01-01')"
            ~ (" or null for the current date." if var_name == 'amplitude__date_range_end' else ".")
        ) }}
    {%- endif -%}
    {{ return(modules.datetime.date(year, month, day)) }}
{% endmacro %}

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
            ~ (" or null for the current UTC date." if var_name == 'amplitude__date_range_end' else ".")
        ) }}
    {%- endif -%}
    {{ return(modules.datetime.date(year, month, day)) }}
{% endmacro %}

-- The last event date read: var amplitude__date_range_end, or when it is null the UTC date the dbt run started,
-- whatever the warehouse session's time zone (dbt's run_started_at is a UTC datetime).
{% macro date_range_end_day() %}
    {%- set end_day = amplitude_sessions.parse_day_var('amplitude__date_range_end') -%}
    {%- if end_day is none -%}
        {%- set end_day = run_started_at.astimezone(modules.pytz.utc).date() -%}
    {%- endif -%}
    {{ return(end_day) }}
{% endmacro %}

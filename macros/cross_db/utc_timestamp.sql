-- A time column of any stored type as a timestamp without time zone holding UTC (null where text does not parse).
{% macro utc_timestamp(expression, data_type) %}
    {{ return(adapter.dispatch('utc_timestamp', 'amplitude_sessions')(expression, data_type | lower)) }}
{% endmacro %}

-- Matches text that ends in a UTC offset after a time of day ('...10:00:00Z', '...10:00+02', '...10:00:00.5-07:00').
{% macro utc_offset_pattern() -%}
    [0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)? ?([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$
{%- endmacro %}

{% macro default__utc_timestamp(expression, data_type) -%}
    {%- if 'time zone' in data_type and 'without' not in data_type -%}
        cast({{ expression }} at time zone 'UTC' as {{ amplitude_sessions.type_utc_timestamp() }})
    {%- elif data_type.startswith('timestamp') or data_type.startswith('datetime') -%}
        cast({{ expression }} as {{ amplitude_sessions.type_utc_timestamp() }})
    {%- else -%}
        {{ amplitude_sessions.safe_cast(expression, amplitude_sessions.type_utc_timestamp()) }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__utc_timestamp(expression, data_type) -%}
    {%- if data_type in ['timestamp with time zone', 'timestamptz'] -%}
        timezone('UTC', {{ expression }})
    {%- elif data_type == 'timestamp' -%}
        {{ expression }}
    {%- elif data_type.startswith('timestamp') or data_type == 'date' -%}
        cast({{ expression }} as timestamp)
    {%- else -%}
        {%- set text = "trim(cast(" ~ expression ~ " as varchar))" -%}
        case
            when regexp_matches({{ text }}, '{{ amplitude_sessions.utc_offset_pattern() }}')
                then timezone('UTC', try_cast({{ text }} as timestamptz))
            else try_cast({{ text }} as timestamp)
        end
    {%- endif -%}
{%- endmacro %}

{% macro postgres__utc_timestamp(expression, data_type) -%}
    {%- if data_type == 'timestamp with time zone' -%}
        ({{ expression }} at time zone 'UTC')
    {%- elif data_type == 'timestamp without time zone' -%}
        {{ expression }}
    {%- elif data_type.startswith('timestamp') or data_type == 'date' -%}
        cast({{ expression }} as timestamp)
    {%- else -%}
        {%- set text = "trim(cast(" ~ expression ~ " as text))" -%}
        case
            when {{ text }} ~ '{{ amplitude_sessions.utc_offset_pattern() }}'
                then {{ amplitude_sessions.safe_cast(text, 'timestamp with time zone') }} at time zone 'UTC'
            else {{ amplitude_sessions.safe_cast(text, 'timestamp') }}
        end
    {%- endif -%}
{%- endmacro %}

-- Spark's timestamp is an instant shown in the session time zone; its UTC wall clock is timestamp_ntz.
{% macro spark__utc_timestamp(expression, data_type) -%}
    {%- if data_type == 'timestamp_ntz' -%}
        {{ expression }}
    {%- elif data_type == 'date' -%}
        cast({{ expression }} as timestamp_ntz)
    {%- elif data_type in ['timestamp', 'timestamp_ltz'] -%}
        {{ amplitude_sessions.spark_instant_as_utc(expression) }}
    {%- else -%}
        {%- set text = "trim(cast(" ~ expression ~ " as string))" -%}
        case
            when {{ text }} rlike '{{ amplitude_sessions.utc_offset_pattern() }}'
                then {{ amplitude_sessions.spark_instant_as_utc("try_cast(" ~ text ~ " as timestamp)") }}
            else try_cast({{ text }} as timestamp_ntz)
        end
    {%- endif -%}
{%- endmacro %}

-- Spark: the UTC wall clock of an instant, from its microseconds since the epoch (no session time zone involved).
{% macro spark_instant_as_utc(expression) -%}
    timestampadd(MICROSECOND, unix_micros(cast({{ expression }} as timestamp)), timestamp_ntz'1970-01-01 00:00:00')
{%- endmacro %}

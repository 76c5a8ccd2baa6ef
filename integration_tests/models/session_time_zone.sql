{{ config(materialized='table') }}
-- The session time zone the models of this run were built in: the time zone tests show it is the one they set.
select
    {% if target.type == 'spark' -%}
    current_timezone()
    {%- else -%}
    current_setting('TimeZone')
    {%- endif %} as zone

-- Pre-hook of the stored session parts: writes the locator of every staged row in the model's transaction, before
-- its query runs (so the query sees every row it locates): all of them when the parts are built whole, else the new
-- rows that are not located yet.
{% macro write_event_locators() %}
    {%- if not execute or config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set locators = amplitude_sessions.event_locators_relation() -%}
    {%- set names = amplitude_sessions.event_locator_columns() | map(attribute=0) | list -%}
    {%- if amplitude_sessions.is_incremental_parts_run() -%}
    insert into {{ locators }} ({{ names | join(', ') }})
    with new_locators as (
        {{ amplitude_sessions.select_new_locators() }}
    )

    select {{ names | join(', ') }} from new_locators
    except
    select {{ names | join(', ') }}
    from {{ locators }}
    where duplicate_hash in (select new_locators.duplicate_hash from new_locators)
    {%- else -%}
    create or replace table {{ locators }} as
    select {{ amplitude_sessions.event_locator_expressions() }}
    from {{ ref('stg_amplitude__event') }}
    {%- endif %}
{% endmacro %}

-- Pre-hook of the stored session parts: writes the locator of every staged row in the model's transaction, before
-- its query runs (so the query sees every row it locates): all of them when the parts are built whole, else the new
-- rows. The staged rows that may be new (select_new_locators) include those re-read at the high-water mark; taking
-- away the stored locators the same filters select (select_located_since_marks), copy for copy (except all), leaves
-- the rows not located yet, which this run's query reads as its new rows (event_locators_this_run_relation, a table
-- kept until the next run, empty after a whole build). It keeps the locators' high-water marks beside them
-- (event_locator_marks_relation). A whole build also marks every part changed for amplitude__sessions
-- (reset_part_changes), and empties the stored parts where it is built into their table.
{% macro write_event_locators() %}
    {%- if not execute or config.get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set locators = amplitude_sessions.event_locators_relation() -%}
    {%- set marks = amplitude_sessions.event_locator_marks_relation() -%}
    {%- set names = amplitude_sessions.event_locator_columns() | map(attribute=0) | list -%}
    {%- if amplitude_sessions.is_incremental_parts_run() -%}
    {%- set this_run = amplitude_sessions.event_locators_this_run_relation() -%}
    {%- set new_locators -%}
    with read_locators as (
        {{ amplitude_sessions.select_new_locators() }}
    )

    select {{ names | join(', ') }} from read_locators
    except all
    select {{ names | join(', ') }}
    from ({{ amplitude_sessions.select_located_since_marks() }}) as located_since_marks
    {%- endset %}
    {{ amplitude_sessions.replace_table_as(this_run, new_locators) }};

    insert into {{ locators }} ({{ names | join(', ') }})
    select {{ names | join(', ') }} from {{ this_run }};

    create table if not exists {{ marks }} as
    {{ amplitude_sessions.select_locator_marks(locators) }};

    {{ amplitude_sessions.replace_table_as(marks, amplitude_sessions.select_locator_marks(
        '(select source_relation, synced_through as fivetran_synced_at, event_through as event_at from ' ~ marks
        ~ ' union all select source_relation, fivetran_synced_at, event_at from ' ~ this_run ~ ')'
    )) }}
    {%- else -%}
    {#- Stored parts built whole into their table (its locators missing or of an earlier version): the batch is every
        part, so the stored ones go first. #}
    {%- if is_incremental() %}
    delete from {{ this }};
    {%- endif %}

    {{ amplitude_sessions.replace_table_as(
        locators,
        'select ' ~ amplitude_sessions.event_locator_expressions() ~ ' from ' ~ ref('stg_amplitude__event'),
    ) }};

    {{ amplitude_sessions.event_locator_indexes(locators) }}

    {{ amplitude_sessions.replace_table_as(
        amplitude_sessions.event_locators_this_run_relation(), 'select * from ' ~ locators ~ ' limit 0',
    ) }};

    {{ amplitude_sessions.replace_table_as(marks, amplitude_sessions.select_locator_marks(locators)) }};

    {{ amplitude_sessions.reset_part_changes() }}
    {%- endif %}
{% endmacro %}

-- The high-water marks of a relation of locators: per source_relation, the latest _fivetran_synced and event time.
{% macro select_locator_marks(relation) %}
    select
        source_relation,
        max(fivetran_synced_at) as synced_through,
        max(event_at) as event_through
    from {{ relation }} as located
    group by source_relation
{% endmacro %}

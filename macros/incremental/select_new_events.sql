-- Rows of an event relation that are new since the watermarks of the tables built from it, per source_relation
-- the earliest over those tables: _fivetran_synced at or after the latest one (or, for rows without it, event_time
-- within amplitude__lookback_window_days of the latest event), any row later than the latest event synced less
-- than amplitude__lookback_window_days before the synced mark (a late commit; so bounded, the engine prunes that
-- read by _fivetran_synced too), and every row of a source_relation one of the tables does not have yet. The rows
-- at the synced mark itself are left out when every table recorded that mark with as many staged rows at it as
-- there are when the statement runs (rows_at_recorded_marks): all of them were read then. The watermarks are read
-- when the model compiles, so each branch is a constant filter that the engine can push into its scan. The
-- branches are disjoint, so each row comes once (write_event_locators subtracts the rows already located, counting
-- copies). The relation is wrapped in a subquery because under --empty dbt renders a ref as an already aliased
-- subquery. sources_relation, when given, is a table with a row per source_relation the events relation holds: the
-- branch of the source_relations the tables do not have is read only where it lists one.
{% macro select_new_events(events_relation, watermark_tables, columns, sources_relation=none) %}
    {{ return(adapter.dispatch('select_new_events', 'amplitude_sessions')(
        events_relation, watermark_tables, columns, sources_relation
    )) }}
{% endmacro %}

{% macro default__select_new_events(events_relation, watermark_tables, columns, sources_relation=none) %}
    {%- set marks = amplitude_sessions.earliest_watermarks(watermark_tables) -%}
    {%- set rows_at_marks = amplitude_sessions.rows_at_recorded_marks(watermark_tables, marks) -%}
    {%- set selected = "select " ~ columns | join(", ") ~ " from (select * from " ~ events_relation ~ ") as events where " -%}
    {%- set timestamp_type = amplitude_sessions.type_utc_timestamp() -%}
    {%- set branches = [] -%}
    {%- set known = [] -%}
    {%- for source_relation, (synced_through, ended_through) in marks | dictsort -%}
        {%- set source_literal = "'" ~ (source_relation | replace("'", "''")) ~ "'" -%}
        {%- set source_filter = "events.source_relation = " ~ source_literal -%}
        {%- do known.append(source_literal) -%}
        {%- set lookback = modules.datetime.timedelta(days=var('amplitude__lookback_window_days')) -%}
        {%- set lookback_start = ended_through - lookback -%}
        {#- A row later than the latest event is in the lookback branch unless it has a _fivetran_synced before the
            synced mark, so the last branch takes only those. -#}
        {%- if synced_through is not none -%}
            {%- set synced_mark = "cast('" ~ synced_through ~ "' as " ~ timestamp_type ~ ")" -%}
            {%- set late_commit_start = "cast('" ~ (synced_through - lookback) ~ "' as " ~ timestamp_type ~ ")" -%}
            {%- set at_mark_filter = "" -%}
            {%- if source_relation in rows_at_marks -%}
                {#- The count is of the staged rows, whatever relation is read, in the statement's own snapshot. -#}
                {%- set rows_at_mark = "(select count(*) from (select * from " ~ ref('stg_amplitude__event')
                    ~ ") as at_mark where at_mark.source_relation = " ~ source_literal
                    ~ " and at_mark.fivetran_synced_at = " ~ synced_mark ~ ")" -%}
                {%- set at_mark_filter = " and (events.fivetran_synced_at > " ~ synced_mark ~ " or " ~ rows_at_mark
                    ~ " <> " ~ rows_at_marks[source_relation] ~ ")" -%}
            {%- endif -%}
            {%- do branches.append(
                selected ~ source_filter ~ " and events.fivetran_synced_at >= " ~ synced_mark ~ at_mark_filter
            ) -%}
            {%- do branches.append(selected ~ source_filter ~ " and events.fivetran_synced_at is null and events.event_at >= cast('" ~ lookback_start ~ "' as " ~ timestamp_type ~ ")") -%}
            {%- do branches.append(selected ~ source_filter ~ " and events.fivetran_synced_at >= " ~ late_commit_start ~ " and events.fivetran_synced_at < " ~ synced_mark ~ " and events.event_at > cast('" ~ ended_through ~ "' as " ~ timestamp_type ~ ")") -%}
        {%- else -%}
            {%- do branches.append(selected ~ source_filter ~ " and events.event_at >= cast('" ~ lookback_start ~ "' as " ~ timestamp_type ~ ")") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if known -%}
        {%- set unknown_filter = "source_relation not in (" ~ known | join(", ") ~ ")" -%}
        {%- set listed_filter = " and exists (select 1 from " ~ sources_relation ~ " as sources where sources."
            ~ unknown_filter ~ ")" if sources_relation else "" -%}
        {%- do branches.append(selected ~ "events." ~ unknown_filter ~ listed_filter) -%}
    {%- else -%}
        {%- do branches.append(selected ~ "1 = 1") -%}
    {%- endif -%}
    {{ branches | join("\n    union all\n    ") }}
{% endmacro %}

-- Per source_relation present in every one of the tables, (latest _fivetran_synced, latest event time), each the
-- earliest over the tables (a null synced mark, a table without any synced row, wins); watermark_tables is a
-- list of (relation, synced column, event time column).
{% macro earliest_watermarks(watermark_tables) %}
    {%- set marks = {} -%}
    {%- if not execute -%}
        {{ return(marks) }}
    {%- endif -%}
    {%- for relation, synced_column, event_column in watermark_tables -%}
        {%- set rows = run_query(amplitude_sessions.watermarks_query(relation, synced_column, event_column)).rows -%}
        {%- set table_marks = {} -%}
        {%- for source_relation, synced_through, ended_through in rows -%}
            {%- do table_marks.update({source_relation: (synced_through, ended_through)}) -%}
        {%- endfor -%}
        {%- if loop.first -%}
            {%- do marks.update(table_marks) -%}
        {%- else -%}
            {%- for source_relation in marks.keys() | list -%}
                {%- if source_relation not in table_marks -%}
                    {%- do marks.pop(source_relation) -%}
                {%- else -%}
                    {%- set synced_a, ended_a = marks[source_relation] -%}
                    {%- set synced_b, ended_b = table_marks[source_relation] -%}
                    {%- do marks.update({source_relation: (
                        none if synced_a is none or synced_b is none else [synced_a, synced_b] | min,
                        [ended_a, ended_b] | min,
                    )}) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(marks) }}
{% endmacro %}

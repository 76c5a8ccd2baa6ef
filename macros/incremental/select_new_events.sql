-- Rows of an event relation that are new since the watermarks of a table built from it: per
-- source_relation, _fivetran_synced at or after the table's latest one (or, for rows without it,
-- event_time within amplitude__lookback_window_days of the table's latest event), any row later
-- than the table's latest event, and every row of a source_relation the table does not have yet.
-- The watermarks are read when the model compiles, so each branch is a constant filter that the
-- engine can push into its scan.
{% macro select_new_events(events_relation, watermark_relation, synced_watermark, event_watermark, columns) %}
    {{ return(adapter.dispatch('select_new_events', 'amplitude_sessions')(
        events_relation, watermark_relation, synced_watermark, event_watermark, columns
    )) }}
{% endmacro %}

{% macro default__select_new_events(events_relation, watermark_relation, synced_watermark, event_watermark, columns) %}
    {%- set watermarks = run_query(
        "select source_relation, max(" ~ synced_watermark ~ "), max(" ~ event_watermark ~ ") from "
        ~ watermark_relation ~ " group by source_relation"
    ) if execute else none -%}
    {%- set selected = "select " ~ columns | join(", ") ~ " from " ~ events_relation ~ " as events where " -%}
    {%- set timestamp_type = amplitude_sessions.type_utc_timestamp() -%}
    {%- set branches = [] -%}
    {%- set known = [] -%}
    {%- for source_relation, synced_through, ended_through in (watermarks.rows if watermarks else []) -%}
        {%- set source_literal = "'" ~ (source_relation | replace("'", "''")) ~ "'" -%}
        {%- set source_filter = "events.source_relation = " ~ source_literal -%}
        {%- do known.append(source_literal) -%}
        {%- set lookback_start = ended_through - modules.datetime.timedelta(days=var('amplitude__lookback_window_days')) -%}
        {%- if synced_through is not none -%}
            {%- do branches.append(selected ~ source_filter ~ " and events.fivetran_synced_at >= cast('" ~ synced_through ~ "' as " ~ timestamp_type ~ ")") -%}
            {%- do branches.append(selected ~ source_filter ~ " and events.fivetran_synced_at is null and events.event_at >= cast('" ~ lookback_start ~ "' as " ~ timestamp_type ~ ")") -%}
        {%- else -%}
            {%- do branches.append(selected ~ source_filter ~ " and events.event_at >= cast('" ~ lookback_start ~ "' as " ~ timestamp_type ~ ")") -%}
        {%- endif -%}
        {%- do branches.append(selected ~ source_filter ~ " and events.event_at > cast('" ~ ended_through ~ "' as " ~ timestamp_type ~ ")") -%}
    {%- endfor -%}
    {%- if known -%}
        {%- do branches.append(selected ~ "events.source_relation not in (" ~ known | join(", ") ~ ")") -%}
    {%- else -%}
        {%- do branches.append(selected ~ "1 = 1") -%}
    {%- endif -%}
    {{ branches | join("\n    union all\n    ") }}
{% endmacro %}

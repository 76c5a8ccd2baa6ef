-- The settings that give an incremental model's rows their meaning, as {var name: value}: what the model records
-- when it is built and compares before an incremental run. The moving default end of the date range (null) is
-- recorded as null, so a new day is not a change.
{% macro model_settings(model_name) %}
    {%- set sources = [] -%}
    {%- for source in amplitude_sessions.event_sources() -%}
        {%- do sources.append(source.database ~ '.' ~ source.schema ~ '.' ~ source.name) -%}
    {%- endfor -%}
    {%- set settings = {
        'amplitude__date_range_start': var('amplitude__date_range_start') | string,
        'amplitude__date_range_end': none if var('amplitude__date_range_end') is none
            else var('amplitude__date_range_end') | string,
        'amplitude event tables (amplitude_database, amplitude_schema, amplitude_event_identifier, amplitude_sources)':
            sources,
    } -%}
    {%- if model_name in ['amplitude__sessions', 'amplitude__event_enhanced'] -%}
        {#- Numbers written as floats, so that equal settings compare equal (30 and 30.0). -#}
        {%- do settings.update({
            'amplitude__stitch_anonymous_events': var('amplitude__stitch_anonymous_events'),
            'amplitude__out_of_session_events': var('amplitude__out_of_session_events'),
            'amplitude__session_timeout_minutes': var('amplitude__session_timeout_minutes') | float,
        }) -%}
    {%- endif -%}
    {%- if model_name == 'int_amplitude__session_parts' -%}
        {#- What groups the parts and what each part holds. -#}
        {%- do settings.update({
            'amplitude__out_of_session_events': var('amplitude__out_of_session_events'),
            'amplitude__conversion_event_types': var('amplitude__conversion_event_types') | sort,
            'amplitude__session_passthrough_columns': var('amplitude__session_passthrough_columns'),
        }) -%}
    {%- endif -%}
    {%- if model_name == 'amplitude__event_enhanced' -%}
        {%- do settings.update({
            'amplitude_event_type_identifier': var('amplitude_event_type_identifier'),
        }) -%}
    {%- endif -%}
    {%- if model_name == 'amplitude__sessions' -%}
        {#- The conversion list sorted; the passthrough list keeps its order, which is the order of the columns. -#}
        {%- do settings.update({
            'amplitude__conversion_event_types': var('amplitude__conversion_event_types') | sort,
            'amplitude__engaged_session_min_seconds': var('amplitude__engaged_session_min_seconds') | float,
            'amplitude__session_passthrough_columns': var('amplitude__session_passthrough_columns'),
        }) -%}
    {%- endif -%}
    {{ return(settings) }}
{% endmacro %}

-- The table beside a model's table that holds the settings it was built with: <model>__settings.
{% macro settings_relation(relation) %}
    {{ return(api.Relation.create(
        database=relation.database, schema=relation.schema, identifier=relation.identifier ~ '__settings', type='table'
    )) }}
{% endmacro %}

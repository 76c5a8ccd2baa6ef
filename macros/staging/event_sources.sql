-- Returns the raw event tables to read, as a list of {database, schema, name, source_relation}.
{% macro event_sources() %}
    {{ return(adapter.dispatch('event_sources', 'amplitude_sessions')()) }}
{% endmacro %}

{% macro default__event_sources() %}
    {#- Spark has no databases: there relations and labels carry the schema alone. -#}
    {%- set default_database = var('amplitude_database') or (target.database if target.database is defined else none) -%}
    {%- set configured = var('amplitude_sources') -%}
    {%- if configured is string or configured is mapping or configured is not iterable -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude_sources' must be a list of {database, schema, name} entries; got '"
            ~ configured ~ "'."
        ) }}
    {%- endif -%}
    {%- set sources = [] -%}
    {%- if configured | length == 0 -%}
        {%- do sources.append({
            'database': default_database,
            'schema': var('amplitude_schema'),
            'name': var('amplitude_event_identifier'),
        }) -%}
    {%- endif -%}
    {%- for entry in configured -%}
        {%- if entry is not mapping or not entry.get('schema') -%}
            {{ exceptions.raise_compiler_error(
                "amplitude_sessions: entry " ~ loop.index ~ " of var 'amplitude_sources' (" ~ entry
                ~ ") has no schema; each entry accepts {database (default target.database), schema (required), name (default var amplitude_event_identifier)}."
            ) }}
        {%- endif -%}
        {%- do sources.append({
            'database': entry.get('database') or default_database,
            'schema': entry['schema'],
            'name': entry.get('name') or var('amplitude_event_identifier'),
        }) -%}
    {%- endfor -%}
    {#- source_relation is '<database>.<schema>', so adding a connection never renames the keys of another; the table name is added only where two entries share a schema. -#}
    {%- set schema_counts = {} -%}
    {%- for source in sources -%}
        {%- set schema_key = amplitude_sessions.source_label(source.database, source.schema) | lower -%}
        {%- do schema_counts.update({schema_key: schema_counts.get(schema_key, 0) + 1}) -%}
    {%- endfor -%}
    {%- set seen = [] -%}
    {%- for source in sources -%}
        {%- set label = amplitude_sessions.source_label(source.database, source.schema) -%}
        {%- set schema_key = label | lower -%}
        {%- if schema_counts[schema_key] > 1 -%}
            {%- set label = label ~ '.' ~ source.name -%}
        {%- endif -%}
        {%- if label | lower in seen -%}
            {{ exceptions.raise_compiler_error(
                "amplitude_sessions: var 'amplitude_sources' lists " ~ label ~ " twice; list each connection once."
            ) }}
        {%- endif -%}
        {%- do seen.append(label | lower) -%}
        {%- do source.update({'source_relation': label}) -%}
    {%- endfor -%}
    {{ return(sources) }}
{% endmacro %}

-- '<database>.<schema>', or the schema alone where the adapter has no databases (Spark).
{% macro source_label(database, schema) %}
    {{ return((database ~ '.' if database else '') ~ schema) }}
{% endmacro %}

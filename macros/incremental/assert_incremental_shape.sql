-- The columns an incremental model of the package writes and reads back: those its YAML documents (one list, the
-- one `dbt docs` shows), and for amplitude__sessions and the stored session parts the passthrough columns
-- configured now.
{% macro incremental_model_columns(model_name) %}
    {%- set columns = amplitude_sessions.package_model_node(model_name).columns.keys() | map('lower') | list -%}
    {%- if model_name == 'amplitude__sessions' -%}
        {%- for passthrough in amplitude_sessions.session_passthrough_columns() -%}
            {%- do columns.append(passthrough.alias | lower) -%}
        {%- endfor -%}
    {%- elif model_name == 'int_amplitude__session_parts' -%}
        {%- for passthrough in amplitude_sessions.session_passthrough_columns() -%}
            {%- do columns.extend([passthrough.alias | lower, passthrough.alias | lower ~ '_key']) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(columns) }}
{% endmacro %}

-- Before an incremental run writes: the existing table must be one this version of the package built (every
-- column it writes and reads is there); otherwise, for example Fivetran's amplitude__sessions or an older
-- version's, fail naming the table and the missing columns and saying to run --full-refresh. Returns whether the
-- shape is right when fail is false.
{% macro assert_incremental_shape(model_name, relation, fail=true) %}
    {%- set present = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
    {%- set missing = amplitude_sessions.incremental_model_columns(model_name) | reject('in', present) | list -%}
    {%- if missing and fail -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: the existing table " ~ relation ~ " was not built by this version of amplitude_sessions"
            ~ " (it lacks " ~ missing | join(", ") ~ "), so it cannot be updated incrementally. Run"
            ~ " `dbt run --select +" ~ model_name ~ " --full-refresh` to rebuild it. Nothing was written."
        ) }}
    {%- endif -%}
    {{ return(not missing) }}
{% endmacro %}

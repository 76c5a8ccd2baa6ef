-- The entries of var amplitude__session_passthrough_columns as a list of {alias, column} or {alias, sql};
-- a bad entry fails at compile time naming it and what the var accepts.
{% macro session_passthrough_columns() %}
    {%- set configured = var('amplitude__session_passthrough_columns') -%}
    {%- set accepts = "; it accepts a list whose entries are a column name of the raw event table (added as"
        ~ " first_<name>) or {sql: <expression over the raw event columns>, alias: <column name>}." -%}
    {%- if configured is string or configured is mapping or configured is not iterable -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: var 'amplitude__session_passthrough_columns' is '" ~ configured ~ "'" ~ accepts
        ) }}
    {%- endif -%}
    {%- set taken = amplitude_sessions.session_column_names() -%}
    {%- set entries = [] -%}
    {%- for entry in configured -%}
        {%- if entry is string and modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', entry) -%}
            {%- set parsed = {'column': entry, 'alias': 'first_' ~ entry | lower} -%}
        {%- elif entry is mapping and entry.get('sql') is string and entry.get('alias') is string
            and modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', entry.get('alias'))
            and entry.keys() | list | length == 2 -%}
            {%- set parsed = {'sql': entry['sql'], 'alias': entry['alias'] | lower} -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "amplitude_sessions: entry '" ~ entry ~ "' of var 'amplitude__session_passthrough_columns' is not"
                ~ " a column name or {sql, alias} with an alias of letters, digits and underscores" ~ accepts
            ) }}
        {%- endif -%}
        {%- if parsed.alias in taken -%}
            {{ exceptions.raise_compiler_error(
                "amplitude_sessions: entry '" ~ entry ~ "' of var 'amplitude__session_passthrough_columns' adds the"
                ~ " column " ~ parsed.alias ~ ", which amplitude__sessions already has; give it another alias" ~ accepts
            ) }}
        {%- endif -%}
        {%- do taken.append(parsed.alias) -%}
        {%- do entries.append(parsed) -%}
    {%- endfor -%}
    {{ return(entries) }}
{% endmacro %}

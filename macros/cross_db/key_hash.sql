-- A 64-bit hash of a list of expressions (a comma-separated SQL list), equal for equal values, nulls included.
{% macro key_hash(expressions) %}
    {{ return(adapter.dispatch('key_hash', 'amplitude_sessions')(expressions)) }}
{% endmacro %}

{% macro default__key_hash(expressions) %}
    {{ return('hash(' ~ expressions ~ ')') }}
{% endmacro %}

-- PostgreSQL: the hash of the row of the values, as hash partitioning hashes a composite key.
{% macro postgres__key_hash(expressions) %}
    {{ return('hash_record_extended(row(' ~ expressions ~ '), 0)') }}
{% endmacro %}

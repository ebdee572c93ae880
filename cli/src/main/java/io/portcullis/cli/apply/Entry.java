package io.portcullis.cli.apply;

import java.util.Map;

/**
 * One resource, scope or client, as the file wants it or as the server has it.
 *
 * @param kind what it is
 * @param key its name (client: client_id)
 * @param fields the fields given (from the file: only those written there; absent ones are left as they are)
 * @param at where each field was written ({@code path} names it in messages), empty for the server's
 * @param location where the entry starts in the file ({@code null} for the server's)
 * @param path how messages name it, e.g. {@code clients[2]}
 * @param version the server's row version ({@code -1} for the file's)
 */
record Entry(Kind kind, String key, Map<String, Object> fields, Map<String, Location> at, Location location,
        String path, long version) {

    static Entry server(Kind kind, String key, Map<String, Object> fields, long version) {
        return new Entry(kind, key, fields, Map.of(), null, kind.label() + " " + key, version);
    }

    String etag() {
        return "\"" + this.version + "\"";
    }

    /** Where a field (or else the entry) was written, for messages. */
    String where(String field) {
        Location location = this.at.getOrDefault(field, this.location);
        return (location != null) ? location + ": " + this.path + "." + field : this.path + "." + field;
    }

}

package io.portcullis.auth.system;

import java.util.List;

/**
 * The one way a problem names a field of a request body: JSON property names joined by {@code .}, list elements by
 * their index in brackets, as in {@code defaultScopes[0]} or {@code jwks.keys[1]}, the format Spring's own
 * validation errors use.
 */
public final class FieldPath {

    private FieldPath() {
    }

    /** The element {@code index} of the list {@code field}: {@code field[index]}. */
    public static String element(String field, int index) {
        return field + "[" + index + "]";
    }

    /** A path of property names ({@code String}) and list indexes ({@code Integer}). */
    public static String of(List<Object> steps) {
        StringBuilder path = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer index) {
                path.append('[').append(index).append(']');
            }
            else {
                path.append(path.isEmpty() ? "" : ".").append(step);
            }
        }
        return path.toString();
    }

}

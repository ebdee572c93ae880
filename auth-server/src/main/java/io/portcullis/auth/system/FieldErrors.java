package io.portcullis.auth.system;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every invalid field of a request, so that one answer names them all, starting with the fields of its body
 * that no endpoint knows ({@link UnknownFields}).
 */
public final class FieldErrors {

    private final List<ApiProblem.FieldError> errors = new ArrayList<>(UnknownFields.take());

    public FieldErrors add(String field, String message) {
        this.errors.add(new ApiProblem.FieldError(field, message));
        return this;
    }

    public boolean isEmpty() {
        return this.errors.isEmpty();
    }

    /** Throws a 400 naming every collected field, if there is any. */
    public void throwIfAny() {
        if (!this.errors.isEmpty()) {
            throw ApiProblem.invalid(this.errors);
        }
    }

}

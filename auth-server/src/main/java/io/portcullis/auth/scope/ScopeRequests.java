package io.portcullis.auth.scope;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Bodies of the scope endpoints; {@code resource} is the resource's name or its URI. */
final class ScopeRequests {

    static final String NAME_PATTERN = "[a-z][a-z0-9_.:-]{0,99}";

    static final String NAME_MESSAGE = "must be 1 to 100 lower-case letters, digits, '_', '.', ':' or '-', "
            + "starting with a letter";

    private ScopeRequests() {
    }

    record Create(@NotBlank @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @NotBlank String resource, @Size(max = 500) String description) {
    }

    record Update(@Size(max = 500) String description, String resource, String name) {
    }

}

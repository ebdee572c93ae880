package io.portcullis.auth.scope;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Bodies of the resource endpoints. */
final class ResourceRequests {

    static final String NAME_PATTERN = "[a-z][a-z0-9-]{0,99}";

    static final String NAME_MESSAGE = "must be 1 to 100 lower-case letters, digits or '-', starting with a letter";

    private ResourceRequests() {
    }

    record Create(@NotBlank @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @NotBlank @Size(max = 512) String uri, @Size(max = 500) String description) {
    }

    /** Only the description can change: the name addresses the resource, the URI is the audience of its tokens. */
    record Update(@Size(max = 500) String description, String name, String uri) {
    }

}

package io.portcullis.users.user;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a client may set on a user: the body of {@code PUT}, and the result of a merge patch. Anything else in a
 * request body (id, version, timestamps, unknown fields) is refused, so none of them can be mass-assigned.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record UserFields(
        @NotBlank @Size(min = 3, max = 50) @Pattern(regexp = USERNAME_PATTERN, message = USERNAME_MESSAGE) String username,
        @NotBlank @Size(max = 254) @Email(regexp = EMAIL_PATTERN) String email,
        @NotBlank @Size(max = 100) @Pattern(regexp = TEXT_PATTERN, message = TEXT_MESSAGE) String displayName,
        @NotNull UserStatus status) {

    static final String USERNAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

    static final String USERNAME_MESSAGE = "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'";

    /**
     * Stricter than the annotation's default, which accepts addresses without a domain dot; no control characters
     * (PostgreSQL cannot store a NUL: it was a 500) and no unpaired surrogate (stored as {@code ?}, so that two
     * addresses became one).
     */
    static final String EMAIL_PATTERN = "[^@\\s\\p{Cc}\\p{Cs}]+@[^@\\s\\p{Cc}\\p{Cs}]+\\.[^@\\s\\p{Cc}\\p{Cs}]+";

    /**
     * Free text: no control characters (PostgreSQL cannot store a NUL: it was a 500) and no unpaired surrogate (stored
     * as {@code ?} while the answer echoed what was sent).
     */
    static final String TEXT_PATTERN = "[^\\p{Cc}\\p{Cs}]*";

    static final String TEXT_MESSAGE = "must not contain control characters or unpaired surrogates";

}

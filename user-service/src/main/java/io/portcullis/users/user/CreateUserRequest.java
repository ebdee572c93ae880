package io.portcullis.users.user;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /users}; the status may be left out (new users are active). */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CreateUserRequest(
        @NotBlank @Size(min = 3, max = 50) @Pattern(regexp = UserFields.USERNAME_PATTERN,
                message = UserFields.USERNAME_MESSAGE) String username,
        @NotBlank @Size(max = 254) @Email(regexp = UserFields.EMAIL_PATTERN) String email,
        @NotBlank @Size(max = 100) @Pattern(regexp = UserFields.TEXT_PATTERN,
                message = UserFields.TEXT_MESSAGE) String displayName,
        UserStatus status) {

    UserFields fields() {
        return new UserFields(this.username, this.email, this.displayName,
                (this.status != null) ? this.status : UserStatus.ACTIVE);
    }

}

package io.portcullis.orders.order;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /orders}. Anything else (id, status, version, timestamps, unknown fields) is refused, so
 * none of them can be mass-assigned.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CreateOrderRequest(@NotNull UUID userId,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*",
                message = "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'") String product,
        @NotNull @Min(1) @Max(1000) Integer quantity) {

}

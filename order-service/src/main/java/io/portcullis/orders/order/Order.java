package io.portcullis.orders.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An order of one user for a quantity of one product, placed by one client ({@code placedBy}, the token's
 * {@code client_id}; {@code null} for an order placed before the service recorded it). {@code version} is the
 * optimistic lock and the ETag.
 */
@Table("orders")
public record Order(@Id UUID id, UUID userId, String product, int quantity, OrderStatus status,
        @Nullable String placedBy, Instant createdAt, Instant updatedAt, @Version Long version) {

    static Order place(CreateOrderRequest request, String placedBy) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new Order(UUID.randomUUID(), request.userId(), request.product(), request.quantity(),
                OrderStatus.PLACED, placedBy, now, now, null);
    }

    Order cancelled() {
        return new Order(this.id, this.userId, this.product, this.quantity, OrderStatus.CANCELLED, this.placedBy,
                this.createdAt, Instant.now().truncatedTo(ChronoUnit.MICROS), this.version);
    }

    /** The strong entity tag of this version (RFC 9110 §8.8.3). */
    String etag() {
        return "\"" + this.version + "\"";
    }

}

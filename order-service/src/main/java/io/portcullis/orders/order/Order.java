package io.portcullis.orders.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** An order of one user for a quantity of one product. {@code version} is the optimistic lock and the ETag. */
@Table("orders")
public record Order(@Id UUID id, UUID userId, String product, int quantity, OrderStatus status, Instant createdAt,
        Instant updatedAt, @Version Long version) {

    static Order place(CreateOrderRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new Order(UUID.randomUUID(), request.userId(), request.product(), request.quantity(),
                OrderStatus.PLACED, now, now, null);
    }

    Order cancelled() {
        return new Order(this.id, this.userId, this.product, this.quantity, OrderStatus.CANCELLED, this.createdAt,
                Instant.now().truncatedTo(ChronoUnit.MICROS), this.version);
    }

    /** The strong entity tag of this version (RFC 9110 §8.8.3). */
    String etag() {
        return "\"" + this.version + "\"";
    }

}

package io.portcullis.orders.order;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.portcullis.resourceserver.RequiredScope;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orders API. Each handler declares its scope ({@link RequiredScope}), which the resource server starter
 * enforces before the request gets here: reads need {@code orders.read}, placing and cancelling {@code orders.write}.
 * Cancelling is {@code POST /orders/{id}/cancel}, a state change rather than a deletion: the order stays readable.
 * Which orders a client may act on is decided by {@link Orders} from the token ({@link OrderClient}).
 */
@RestController
@RequestMapping(path = "/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    @GetMapping("/{id}")
    @RequiredScope("orders.read")
    ResponseEntity<Order> get(@PathVariable UUID id, JwtAuthenticationToken token) {
        Order order = this.orders.get(id, OrderClient.of(token));
        return ResponseEntity.ok().eTag(order.etag()).body(order);
    }

    /**
     * A page of the orders the client placed (all clients' with {@code orders.admin}; of one user with
     * {@code userId}) ordered by creation; {@code size} is capped at 100.
     */
    @GetMapping
    @RequiredScope("orders.read")
    OrderPage list(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) int size, @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) OrderStatus status, JwtAuthenticationToken token) {
        return this.orders.list(page, size, userId, status, OrderClient.of(token));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiredScope("orders.write")
    ResponseEntity<Order> place(@Valid @RequestBody CreateOrderRequest request, JwtAuthenticationToken token) {
        Order order = this.orders.place(request, OrderClient.of(token));
        return ResponseEntity.created(URI.create("/orders/" + order.id())).eTag(order.etag()).body(order);
    }

    @PostMapping("/{id}/cancel")
    @RequiredScope("orders.write")
    ResponseEntity<Order> cancel(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            JwtAuthenticationToken token) {
        Order order = this.orders.cancel(id, ifMatch, OrderClient.of(token));
        return ResponseEntity.ok().eTag(order.etag()).body(order);
    }

}

package io.portcullis.orders.order;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * The orders API's rules: an order is placed only for a user the user-service knows and who is active, and records
 * the client that placed it; a client reads, lists and cancels only the orders it placed (an order of another client
 * is not found, so its existence is not disclosed) unless its token holds {@value OrderClient#ALL_ORDERS_SCOPE}; a
 * cancellation is a state change that keeps the order readable, and cancelling a cancelled order changes nothing.
 */
@Service
class Orders {

    static final int MAX_PAGE_SIZE = 100;

    private final OrderRepository repository;

    private final UserLookup users;

    Orders(OrderRepository repository, UserLookup users) {
        this.repository = repository;
        this.users = users;
    }

    Order get(UUID id, OrderClient client) {
        return this.repository.findById(id).filter(client::owns).orElseThrow(OrderProblems::notFound);
    }

    OrderPage list(int page, int size, @Nullable UUID userId, @Nullable OrderStatus status, OrderClient client) {
        int capped = Math.min(size, MAX_PAGE_SIZE);
        String statusName = (status != null) ? status.name() : null;
        String placer = client.listedPlacer();
        List<Order> items = this.repository.search(placer, userId, statusName, capped, (long) page * capped);
        long total = this.repository.countMatching(placer, userId, statusName);
        return new OrderPage(items, page, capped, total, (total + capped - 1) / capped);
    }

    Order place(CreateOrderRequest request, OrderClient client) {
        String placer = client.clientId();
        if (placer == null) {
            throw OrderProblems.clientUnknown();
        }
        switch (this.users.standing(request.userId())) {
            case UNKNOWN -> throw OrderProblems.userCannotOrder("does not exist");
            case DISABLED -> throw OrderProblems.userCannotOrder("is disabled");
            case ACTIVE -> {
            }
        }
        return this.repository.save(Order.place(request, placer));
    }

    /** Idempotent; a given If-Match must still match. */
    Order cancel(UUID id, @Nullable String ifMatch, OrderClient client) {
        Order current = get(id, client);
        if (ifMatch != null && !matches(ifMatch, current)) {
            throw OrderProblems.preconditionFailed();
        }
        if (current.status() == OrderStatus.CANCELLED) {
            return current;
        }
        try {
            return this.repository.save(current.cancelled());
        }
        catch (OptimisticLockingFailureException ex) {
            throw OrderProblems.preconditionFailed();
        }
    }

    private static boolean matches(String ifMatch, Order order) {
        for (String tag : ifMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(order.etag())) {
                return true;
            }
        }
        return false;
    }

}

package io.portcullis.orders.order;

import java.util.List;

/** One page of orders in their stable order (creation time, then id). */
public record OrderPage(List<Order> items, int page, int size, long totalElements, long totalPages) {

}

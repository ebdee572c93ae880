package io.portcullis.orders.order;

public enum OrderStatus {

    PLACED, CANCELLED

}
